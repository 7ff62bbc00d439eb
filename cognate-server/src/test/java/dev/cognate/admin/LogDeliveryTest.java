package dev.cognate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import dev.cognate.testing.TestServer;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CloudWatchLogsConfigurationType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.EventSourceName;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LogConfigurationType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LogDeliveryConfigurationType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LogLevel;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;

/** Get/SetLogDeliveryConfiguration as Terraform's aws_cognito_log_delivery_configuration uses them (recorded only). */
@ParameterizedClass
@EnumSource(Backend.class)
class LogDeliveryTest {
    static final LogConfigurationType ERRORS_TO_CLOUDWATCH = LogConfigurationType.builder()
            .eventSource(EventSourceName.USER_NOTIFICATION).logLevel(LogLevel.ERROR)
            .cloudWatchLogsConfiguration(c -> c.logGroupArn("arn:aws:logs:us-east-1:000000000000:log-group:cognito")).build();
    static final LogConfigurationType AUTH_EVENTS_TO_S3 = LogConfigurationType.builder()
            .eventSource(EventSourceName.USER_AUTH_EVENTS).logLevel(LogLevel.INFO)
            .s3Configuration(c -> c.bucketArn("arn:aws:s3:::cognito-auth-events")).build();

    @Parameter
    Backend backend;

    CognitoIdentityProviderClient cognito;
    String poolId;

    @BeforeEach
    void createPool() {
        cognito = TestServer.shared(backend).client();
        poolId = cognito.createUserPool(r -> r.poolName("logs-" + UUID.randomUUID().toString().substring(0, 8)))
                .userPool().id();
    }

    @Test
    void nothingSetAnswersNoDestination() {
        LogDeliveryConfigurationType config = cognito.getLogDeliveryConfiguration(r -> r.userPoolId(poolId))
                .logDeliveryConfiguration();

        assertThat(config.userPoolId()).isEqualTo(poolId);
        assertThat(config.logConfigurations()).isEmpty();
    }

    @Test
    void destinationsAreRecordedAndAnsweredBack() {
        LogDeliveryConfigurationType set = cognito.setLogDeliveryConfiguration(r -> r.userPoolId(poolId)
                .logConfigurations(ERRORS_TO_CLOUDWATCH, AUTH_EVENTS_TO_S3)).logDeliveryConfiguration();
        assertThat(set.logConfigurations()).containsExactly(ERRORS_TO_CLOUDWATCH, AUTH_EVENTS_TO_S3);

        assertThat(cognito.getLogDeliveryConfiguration(r -> r.userPoolId(poolId)).logDeliveryConfiguration().logConfigurations())
                .containsExactly(ERRORS_TO_CLOUDWATCH, AUTH_EVENTS_TO_S3);
    }

    @Test
    void anEmptyListRemovesThemAsTerraformsDeleteDoes() {
        cognito.setLogDeliveryConfiguration(r -> r.userPoolId(poolId).logConfigurations(ERRORS_TO_CLOUDWATCH));

        cognito.setLogDeliveryConfiguration(r -> r.userPoolId(poolId).logConfigurations(List.of()));

        assertThat(cognito.getLogDeliveryConfiguration(r -> r.userPoolId(poolId)).logDeliveryConfiguration().logConfigurations())
                .isEmpty();
    }

    @Test
    void aLevelThatDoesNotFitItsSourceIsRefused() {
        assertThatThrownBy(() -> cognito.setLogDeliveryConfiguration(r -> r.userPoolId(poolId).logConfigurations(
                ERRORS_TO_CLOUDWATCH.toBuilder().logLevel(LogLevel.INFO).build())))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void aConfigurationWithoutOrWithTwoDestinationsIsRefused() {
        assertThatThrownBy(() -> cognito.setLogDeliveryConfiguration(r -> r.userPoolId(poolId).logConfigurations(
                ERRORS_TO_CLOUDWATCH.toBuilder().cloudWatchLogsConfiguration((CloudWatchLogsConfigurationType) null).build())))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> cognito.setLogDeliveryConfiguration(r -> r.userPoolId(poolId).logConfigurations(
                ERRORS_TO_CLOUDWATCH.toBuilder().s3Configuration(c -> c.bucketArn("arn:aws:s3:::b2")).build())))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void unknownPoolIsNotFound() {
        assertThatThrownBy(() -> cognito.getLogDeliveryConfiguration(r -> r.userPoolId("us-east-1_NoSuchPoo")))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
