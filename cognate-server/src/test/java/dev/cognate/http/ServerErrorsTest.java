package dev.cognate.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;

/**
 * A handler that dies with an {@link Error} (here a stack overflow, as deep recursion on hostile
 * input would give) still answers in the protocols' shape: the AWS SDK reads an
 * InternalErrorException, an OAuth client {@code server_error}, and nothing of the failure leaks.
 */
class ServerErrorsTest {
    private Javalin app;

    @BeforeEach
    void start() {
        app = Javalin.create(config -> {
            ServerErrors.install(config);
            config.routes.post("/", ctx -> {
                throw new StackOverflowError("secret detail from deep inside");
            });
            config.routes.post("/oauth2/token", ctx -> {
                throw new NoClassDefFoundError("dev/cognate/Missing");
            });
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    @Test
    void theAwsSdkReadsAnErrorInAHandlerAsAnInternalErrorException() {
        try (CognitoIdentityProviderClient cognito = CognitoIdentityProviderClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + app.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none()))
                .build()) {
            assertThatThrownBy(() -> cognito.listUserPools(r -> r.maxResults(1)))
                    .isInstanceOfSatisfying(CognitoIdentityProviderException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(500);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalErrorException");
                        assertThat(e.getMessage()).doesNotContain("secret detail");
                    });
        }
    }

    @Test
    void anOAuthClientReadsServerErrorAndLearnsNothingOfTheFailure() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + app.port() + "/oauth2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("application/json"));
            JsonNode body = new ObjectMapper().readTree(response.body());
            assertThat(body.get("error").asText()).isEqualTo("server_error");
            assertThat(response.body()).doesNotContain("Missing", "dev/cognate");
        }
    }
}
