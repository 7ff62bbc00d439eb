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
import software.amazon.awssdk.services.cognitoidentityprovider.model.GetUserPoolMfaConfigResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SetUserPoolMfaConfigResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType;

/** GetUserPoolMfaConfig / SetUserPoolMfaConfig as Terraform's aws_cognito_user_pool reads and writes them. */
@ParameterizedClass
@EnumSource(Backend.class)
class MfaConfigTest {
    @Parameter
    Backend backend;

    CognitoIdentityProviderClient cognito;
    String poolId;

    @BeforeEach
    void createPool() {
        cognito = TestServer.shared(backend).client();
        poolId = cognito.createUserPool(r -> r.poolName("mfa-" + UUID.randomUUID().toString().substring(0, 8)))
                .userPool().id();
    }

    @Test
    void newPoolHasMfaOffAndNoFactor() {
        GetUserPoolMfaConfigResponse config = cognito.getUserPoolMfaConfig(r -> r.userPoolId(poolId));

        assertThat(config.mfaConfiguration()).isEqualTo(UserPoolMfaType.OFF);
        assertThat(config.softwareTokenMfaConfiguration()).isNull();
        assertThat(config.smsMfaConfiguration()).isNull();
        assertThat(config.emailMfaConfiguration()).isNull();
    }

    @Test
    void softwareTokenMfaIsStoredAndShownByDescribeUserPoolToo() {
        SetUserPoolMfaConfigResponse set = cognito.setUserPoolMfaConfig(r -> r.userPoolId(poolId)
                .mfaConfiguration(UserPoolMfaType.OPTIONAL).softwareTokenMfaConfiguration(t -> t.enabled(true)));
        assertThat(set.mfaConfiguration()).isEqualTo(UserPoolMfaType.OPTIONAL);
        assertThat(set.softwareTokenMfaConfiguration().enabled()).isTrue();

        GetUserPoolMfaConfigResponse config = cognito.getUserPoolMfaConfig(r -> r.userPoolId(poolId));
        assertThat(config.mfaConfiguration()).isEqualTo(UserPoolMfaType.OPTIONAL);
        assertThat(config.softwareTokenMfaConfiguration().enabled()).isTrue();
        assertThat(cognito.describeUserPool(r -> r.userPoolId(poolId)).userPool().mfaConfiguration())
                .isEqualTo(UserPoolMfaType.OPTIONAL);
    }

    @Test
    void smsAndEmailFactorsReadBackAsSet() {
        cognito.setUserPoolMfaConfig(r -> r.userPoolId(poolId).mfaConfiguration(UserPoolMfaType.ON)
                .smsMfaConfiguration(s -> s.smsAuthenticationMessage("Your code is {####}")
                        .smsConfiguration(c -> c.snsCallerArn("arn:aws:iam::000000000000:role/sns-caller").externalId("ext")))
                .emailMfaConfiguration(e -> e.message("Code: {####}").subject("Your code")));

        GetUserPoolMfaConfigResponse config = cognito.getUserPoolMfaConfig(r -> r.userPoolId(poolId));
        assertThat(config.mfaConfiguration()).isEqualTo(UserPoolMfaType.ON);
        assertThat(config.smsMfaConfiguration().smsAuthenticationMessage()).isEqualTo("Your code is {####}");
        assertThat(config.smsMfaConfiguration().smsConfiguration().snsCallerArn()).isEqualTo("arn:aws:iam::000000000000:role/sns-caller");
        assertThat(config.smsMfaConfiguration().smsConfiguration().externalId()).isEqualTo("ext");
        assertThat(config.emailMfaConfiguration().message()).isEqualTo("Code: {####}");
        assertThat(config.emailMfaConfiguration().subject()).isEqualTo("Your code");
        // one copy of the SMS settings, as in Cognito: the pool's text messages go the way MFA's go
        var pool = cognito.describeUserPool(r -> r.userPoolId(poolId)).userPool();
        assertThat(pool.smsConfiguration().snsCallerArn()).isEqualTo("arn:aws:iam::000000000000:role/sns-caller");
        assertThat(pool.smsConfiguration().externalId()).isEqualTo("ext");
        assertThat(pool.smsAuthenticationMessage()).isEqualTo("Your code is {####}");
    }

    @Test
    void anSnsRegionThatIsNoRegionNameIsRefusedSoNoSignedRequestIsSentToAnotherHost() {
        assertThatThrownBy(() -> cognito.setUserPoolMfaConfig(r -> r.userPoolId(poolId).mfaConfiguration(UserPoolMfaType.ON)
                .smsMfaConfiguration(s -> s.smsConfiguration(c -> c.snsCallerArn("arn:aws:iam::000000000000:role/sns-caller")
                        .snsRegion("x@attacker.example/")))))
                .isInstanceOf(software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException.class)
                .hasMessageContaining("snsRegion");
        assertThatThrownBy(() -> cognito.createUserPool(r -> r.poolName("sms-region")
                .smsConfiguration(c -> c.snsCallerArn("arn:aws:iam::000000000000:role/sns-caller")
                        .snsRegion("eu-west-1.attacker.example:443/"))))
                .isInstanceOf(software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException.class);
        assertThatThrownBy(() -> cognito.createUserPool(r -> r.poolName("sms-role")
                .smsConfiguration(c -> c.snsCallerArn("not an arn at all, but long enough"))))
                .isInstanceOf(software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException.class)
                .hasMessageContaining("snsCallerArn");
    }

    @Test
    void aSetReplacesEveryFactorAndTurningMfaOffClearsThem() {
        cognito.setUserPoolMfaConfig(r -> r.userPoolId(poolId).mfaConfiguration(UserPoolMfaType.OPTIONAL)
                .softwareTokenMfaConfiguration(t -> t.enabled(true)));

        cognito.setUserPoolMfaConfig(r -> r.userPoolId(poolId).mfaConfiguration(UserPoolMfaType.OFF));

        GetUserPoolMfaConfigResponse config = cognito.getUserPoolMfaConfig(r -> r.userPoolId(poolId));
        assertThat(config.mfaConfiguration()).isEqualTo(UserPoolMfaType.OFF);
        assertThat(config.softwareTokenMfaConfiguration()).isNull();
    }

    @Test
    void mfaOffWithAFactorIsRefusedAsCognitoDoes() {
        assertThatThrownBy(() -> cognito.setUserPoolMfaConfig(r -> r.userPoolId(poolId)
                .mfaConfiguration(UserPoolMfaType.OFF).softwareTokenMfaConfiguration(t -> t.enabled(true))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("can't turn off MFA and configure an MFA together");
    }

    @Test
    void mfaOnWithoutAnyFactorIsRefusedAsCognitoDoes() {
        assertThatThrownBy(() -> cognito.setUserPoolMfaConfig(r -> r.userPoolId(poolId).mfaConfiguration(UserPoolMfaType.ON)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("can't disable all MFAs with a required or optional configuration");
        assertThat(cognito.getUserPoolMfaConfig(r -> r.userPoolId(poolId)).mfaConfiguration()).isEqualTo(UserPoolMfaType.OFF);
    }

    @Test
    void smsMessageWithoutTheCodePlaceholderIsRefused() {
        assertThatThrownBy(() -> cognito.setUserPoolMfaConfig(r -> r.userPoolId(poolId).mfaConfiguration(UserPoolMfaType.ON)
                .smsMfaConfiguration(s -> s.smsAuthenticationMessage("no code here"))))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void unknownPoolIsNotFound() {
        assertThatThrownBy(() -> cognito.getUserPoolMfaConfig(r -> r.userPoolId("us-east-1_NoSuchPoo")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> cognito.setUserPoolMfaConfig(r -> r.userPoolId("us-east-1_NoSuchPoo")
                .mfaConfiguration(UserPoolMfaType.OFF)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void factorsGoWithTheirPool() {
        cognito.setUserPoolMfaConfig(r -> r.userPoolId(poolId).mfaConfiguration(UserPoolMfaType.OPTIONAL)
                .softwareTokenMfaConfiguration(t -> t.enabled(true)));

        cognito.deleteUserPool(r -> r.userPoolId(poolId));

        assertThatThrownBy(() -> cognito.getUserPoolMfaConfig(r -> r.userPoolId(poolId)))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
