package dev.cognate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import dev.cognate.testing.TestServer;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CompromisedCredentialsEventActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.EventFilterType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RiskConfigurationType;

/**
 * DescribeRiskConfiguration / SetRiskConfiguration as Terraform's aws_cognito_risk_configuration uses
 * them: kept per client or pool and answered back (Cognate has no threat protection to apply them).
 */
@ParameterizedClass
@EnumSource(Backend.class)
class RiskConfigurationTest {
    @Parameter
    Backend backend;

    CognitoIdentityProviderClient cognito;
    String poolId;
    String clientId;

    @BeforeEach
    void createPoolAndClient() {
        cognito = TestServer.shared(backend).client();
        poolId = cognito.createUserPool(r -> r.poolName("risk-" + UUID.randomUUID().toString().substring(0, 8)))
                .userPool().id();
        clientId = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("web")).userPoolClient().clientId();
    }

    @Test
    void nothingSetAnswersTheBareConfiguration() {
        assertThat(cognito.describeRiskConfiguration(r -> r.userPoolId(poolId)).riskConfiguration())
                .isEqualTo(RiskConfigurationType.builder().userPoolId(poolId).build());
        assertThat(cognito.describeRiskConfiguration(r -> r.userPoolId(poolId).clientId(clientId)).riskConfiguration())
                .isEqualTo(RiskConfigurationType.builder().userPoolId(poolId).clientId(clientId).build());
    }

    @Test
    void poolConfigurationIsKeptAndAnsweredBack() {
        cognito.setRiskConfiguration(r -> r.userPoolId(poolId)
                .compromisedCredentialsRiskConfiguration(c -> c.eventFilter(EventFilterType.SIGN_IN)
                        .actions(a -> a.eventAction(CompromisedCredentialsEventActionType.BLOCK)))
                .riskExceptionConfiguration(e -> e.blockedIPRangeList("10.10.10.10/32")));

        RiskConfigurationType config = cognito.describeRiskConfiguration(r -> r.userPoolId(poolId)).riskConfiguration();
        assertThat(config.userPoolId()).isEqualTo(poolId);
        assertThat(config.clientId()).isNull();
        assertThat(config.compromisedCredentialsRiskConfiguration().eventFilter()).containsExactly(EventFilterType.SIGN_IN);
        assertThat(config.compromisedCredentialsRiskConfiguration().actions().eventAction())
                .isEqualTo(CompromisedCredentialsEventActionType.BLOCK);
        assertThat(config.riskExceptionConfiguration().blockedIPRangeList()).containsExactly("10.10.10.10/32");
        assertThat(config.lastModifiedDate()).isNotNull();
    }

    @Test
    void aClientWithoutItsOwnGetsThePoolsAndItsOwnWinsOnceSet() {
        cognito.setRiskConfiguration(r -> r.userPoolId(poolId).riskExceptionConfiguration(e -> e.skippedIPRangeList("192.0.2.0/24")));
        assertThat(cognito.describeRiskConfiguration(r -> r.userPoolId(poolId).clientId(clientId)).riskConfiguration()
                .riskExceptionConfiguration().skippedIPRangeList()).containsExactly("192.0.2.0/24");

        cognito.setRiskConfiguration(r -> r.userPoolId(poolId).clientId(clientId)
                .riskExceptionConfiguration(e -> e.skippedIPRangeList("198.51.100.0/24")));

        RiskConfigurationType own = cognito.describeRiskConfiguration(r -> r.userPoolId(poolId).clientId(clientId)).riskConfiguration();
        assertThat(own.clientId()).isEqualTo(clientId);
        assertThat(own.riskExceptionConfiguration().skippedIPRangeList()).containsExactly("198.51.100.0/24");
    }

    @Test
    void setWithoutAnyConfigurationRemovesIt() {
        cognito.setRiskConfiguration(r -> r.userPoolId(poolId).riskExceptionConfiguration(e -> e.blockedIPRangeList("10.0.0.0/8")));

        cognito.setRiskConfiguration(r -> r.userPoolId(poolId));

        assertThat(cognito.describeRiskConfiguration(r -> r.userPoolId(poolId)).riskConfiguration())
                .isEqualTo(RiskConfigurationType.builder().userPoolId(poolId).build());
    }

    @Test
    void compromisedCredentialsWithoutAnActionIsRefused() {
        assertThatThrownBy(() -> cognito.setRiskConfiguration(r -> r.userPoolId(poolId)
                .compromisedCredentialsRiskConfiguration(c -> c.eventFilter(EventFilterType.SIGN_UP))))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void unknownPoolOrClientIsNotFound() {
        assertThatThrownBy(() -> cognito.describeRiskConfiguration(r -> r.userPoolId("us-east-1_NoSuchPoo")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> cognito.describeRiskConfiguration(r -> r.userPoolId(poolId).clientId("nosuchclient")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> cognito.setRiskConfiguration(r -> r.userPoolId(poolId).clientId("nosuchclient")))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
