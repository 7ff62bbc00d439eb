package dev.cognate.admin.auth;

import static dev.cognate.admin.auth.SignInPool.PASSWORD;
import static dev.cognate.admin.auth.SignInPool.secretHash;
import static dev.cognate.admin.auth.SignInPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ClientSecretDescriptorType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LimitExceededException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;

/**
 * Rotating a confidential client's secret without downtime: a second secret added beside the
 * first authenticates the client everywhere the first does, until the first is deleted.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class ClientSecretRotationTest {
    @Parameter
    Backend backend;

    SignInPool pool;
    UserPoolClientType client;
    String alice;

    @BeforeEach
    void createPool() {
        pool = SignInPool.create(backend);
        client = pool.secretClient();
        alice = pool.confirmedUser(uniqueName("alice"));
    }

    ClientSecretDescriptorType addSecret(String value) {
        return pool.cognito.addUserPoolClientSecret(r -> r.userPoolId(pool.poolId).clientId(client.clientId())
                .clientSecret(value)).clientSecretDescriptor();
    }

    String signInWith(String secret) throws Exception {
        String hash = secretHash(secret, alice, client.clientId());
        return pool.cognito.initiateAuth(r -> r.clientId(client.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", alice, "PASSWORD", PASSWORD, "SECRET_HASH", hash)))
                .authenticationResult().refreshToken();
    }

    /** The token endpoint's refresh grant with HTTP Basic client authentication: its status. */
    int refreshAtTheTokenEndpoint(String secret, String refreshToken) throws Exception {
        String basic = Base64.getEncoder().encodeToString((client.clientId() + ":" + secret)
                .getBytes(StandardCharsets.UTF_8));
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(pool.server.endpoint().resolve("/oauth2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", "Basic " + basic)
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token="
                            + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
        }
    }

    @Test
    void aSecondSecretAuthenticatesTheClientBesideTheFirstUntilTheFirstIsDeleted() throws Exception {
        String first = client.clientSecret();
        ClientSecretDescriptorType added = addSecret(null);
        String second = added.clientSecretValue();
        assertThat(second).as("made by Cognate, so given once").matches("[\\w+]{24,64}");

        String refreshToken = signInWith(second);
        assertThat(signInWith(first)).isNotBlank();
        assertThat(refreshAtTheTokenEndpoint(first, refreshToken)).isEqualTo(200);
        assertThat(refreshAtTheTokenEndpoint(second, refreshToken)).isEqualTo(200);

        String firstId = pool.cognito.listUserPoolClientSecrets(r -> r.userPoolId(pool.poolId)
                .clientId(client.clientId())).clientSecrets().getFirst().clientSecretId();
        pool.cognito.deleteUserPoolClientSecret(r -> r.userPoolId(pool.poolId).clientId(client.clientId())
                .clientSecretId(firstId));
        assertThat(refreshAtTheTokenEndpoint(first, refreshToken)).as("a deleted secret").isEqualTo(401);
        assertThatThrownBy(() -> signInWith(first)).isInstanceOf(NotAuthorizedException.class);
        assertThat(refreshAtTheTokenEndpoint(second, refreshToken)).isEqualTo(200);
        assertThat(pool.cognito.describeUserPoolClient(r -> r.userPoolId(pool.poolId).clientId(client.clientId()))
                .userPoolClient().clientSecret()).as("the remaining one is described").isEqualTo(second);
    }

    @Test
    void listingTheSecretsNeverRevealsThemAndAGivenSecretIsNotEchoed() {
        ClientSecretDescriptorType given = addSecret("my_own_rotated_secret_0123456789");
        assertThat(given.clientSecretValue()).isNull();
        assertThat(given.clientSecretId()).isNotBlank();
        var secrets = pool.cognito.listUserPoolClientSecrets(r -> r.userPoolId(pool.poolId).clientId(client.clientId()))
                .clientSecrets();
        assertThat(secrets).hasSize(2).allSatisfy(s -> {
            assertThat(s.clientSecretValue()).isNull();
            assertThat(s.clientSecretCreateDate()).isNotNull();
        });
        assertThat(secrets.get(1).clientSecretId()).isEqualTo(given.clientSecretId());
    }

    @Test
    void aClientHasAtMostTwoSecretsAndNeverLessThanOne() {
        addSecret(null);
        assertThatThrownBy(() -> addSecret(null)).isInstanceOf(LimitExceededException.class);
        var secrets = pool.cognito.listUserPoolClientSecrets(r -> r.userPoolId(pool.poolId).clientId(client.clientId()))
                .clientSecrets();
        pool.cognito.deleteUserPoolClientSecret(r -> r.userPoolId(pool.poolId).clientId(client.clientId())
                .clientSecretId(secrets.get(0).clientSecretId()));
        assertThatThrownBy(() -> pool.cognito.deleteUserPoolClientSecret(r -> r.userPoolId(pool.poolId)
                .clientId(client.clientId()).clientSecretId(secrets.get(1).clientSecretId())))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> pool.cognito.deleteUserPoolClientSecret(r -> r.userPoolId(pool.poolId)
                .clientId(client.clientId()).clientSecretId(secrets.get(0).clientSecretId())))
                .as("deleted already").isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aPublicClientGetsNoSecretAndBadInputIsAnInvalidParameter() {
        String publicClient = pool.publicClient();
        assertThatThrownBy(() -> pool.cognito.addUserPoolClientSecret(r -> r.userPoolId(pool.poolId)
                .clientId(publicClient))).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> addSecret("too-short")).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> pool.cognito.addUserPoolClientSecret(r -> r.userPoolId(pool.poolId)
                .clientId("nosuchclient"))).isInstanceOf(ResourceNotFoundException.class);
        assertThat(pool.cognito.listUserPoolClientSecrets(r -> r.userPoolId(pool.poolId).clientId(client.clientId()))
                .clientSecrets()).as("nothing added by the refusals").hasSize(1);
    }
}
