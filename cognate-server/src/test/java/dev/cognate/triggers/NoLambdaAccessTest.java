package dev.cognate.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.config.LambdaSettings;
import dev.cognate.testing.TestServer;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UnexpectedLambdaException;

/**
 * A node with neither a Lambda endpoint nor credentials: pools without triggers work as ever;
 * a pool with triggers answers Cognito's UnexpectedLambdaException at once (no hang, no 500),
 * every time, and the metrics count it.
 */
class NoLambdaAccessTest {
    static final AwsCredentialsProvider NO_CREDENTIALS = () -> {
        throw SdkClientException.create("Unable to load credentials from any of the providers in the chain.");
    };
    static TestServer server;
    static CognitoIdentityProviderClient cognito;

    @BeforeAll
    static void start() {
        server = TestServer.startWithLambda(new LambdaSettings(null, NO_CREDENTIALS, LambdaSettings.COGNITO_TIMEOUT));
        cognito = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private String poolWithUser(boolean triggers) {
        String poolId = cognito.createUserPool(r -> {
            r.poolName("no-lambda-" + UUID.randomUUID().toString().substring(0, 8));
            if (triggers) {
                r.lambdaConfig(l -> l.preAuthentication("arn:aws:lambda:eu-west-1:123456789012:function:gate"));
            }
        }).userPool().id();
        cognito.adminCreateUser(r -> r.userPoolId(poolId).username("jane").messageAction(MessageActionType.SUPPRESS));
        cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username("jane").password("Correct-Horse-1").permanent(true));
        return poolId;
    }

    private String client(String poolId) {
        return cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("app")
                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH)).userPoolClient().clientId();
    }

    @Test
    void aPoolWithoutTriggersSignsInAsEver() {
        String clientId = client(poolWithUser(false));
        assertThat(cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", "jane", "PASSWORD", "Correct-Horse-1"))).authenticationResult()
                .accessToken()).isNotBlank();
    }

    @Test
    void aPoolWithATriggerFailsEachSignInWithCognitosExceptionAtOnce() {
        String clientId = client(poolWithUser(true));
        for (int i = 0; i < 2; i++) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                    .authParameters(Map.of("USERNAME", "jane", "PASSWORD", "Correct-Horse-1"))))
                    .isInstanceOfSatisfying(UnexpectedLambdaException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("PreAuthentication invocation failed due to error AccessDeniedException.");
                    });
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(3_000);
        }
        assertThat(server.server().metrics().scrape()).contains(
                "cognate_lambda_invocations_total{outcome=\"error\",trigger=\"PreAuthentication\"} 2.0");
    }
}
