package dev.cognate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import dev.cognate.testing.TestServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RiskConfigurationType;

/** DescribeRiskConfiguration: the empty configuration of a pool without threat protection. HTTP only: SQLite. */
class RiskConfigurationTest {
    final CognitoIdentityProviderClient cognito = TestServer.shared(Backend.SQLITE).client();

    @Test
    void poolAndClientAnswerAnEmptyRiskConfiguration() {
        String poolId = cognito.createUserPool(r -> r.poolName("risk")).userPool().id();
        String clientId = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("web")).userPoolClient().clientId();

        RiskConfigurationType pool = cognito.describeRiskConfiguration(r -> r.userPoolId(poolId)).riskConfiguration();
        assertThat(pool).isEqualTo(RiskConfigurationType.builder().userPoolId(poolId).build());

        RiskConfigurationType client = cognito.describeRiskConfiguration(r -> r.userPoolId(poolId).clientId(clientId))
                .riskConfiguration();
        assertThat(client).isEqualTo(RiskConfigurationType.builder().userPoolId(poolId).clientId(clientId).build());
    }

    @Test
    void unknownPoolOrClientIsNotFound() {
        String poolId = cognito.createUserPool(r -> r.poolName("risk")).userPool().id();

        assertThatThrownBy(() -> cognito.describeRiskConfiguration(r -> r.userPoolId("us-east-1_NoSuchPoo")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> cognito.describeRiskConfiguration(r -> r.userPoolId(poolId).clientId("nosuchclient")))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
