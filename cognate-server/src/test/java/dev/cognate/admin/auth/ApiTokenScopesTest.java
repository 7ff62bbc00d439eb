package dev.cognate.admin.auth;

import static dev.cognate.admin.auth.SignInPool.PASSWORD;
import static dev.cognate.admin.auth.SignInPool.TEMPORARY_PASSWORD;
import static dev.cognate.admin.auth.SignInPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.cognate.testing.Backend;
import dev.cognate.testing.IssuedCodes;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;

/**
 * Tokens from the API flows carry the scope {@code aws.cognito.signin.user.admin} alone and an
 * ID token, as Cognito's do (so userInfo refuses them); tokens of the OAuth endpoints keep the
 * scopes they were granted, and an ID token only with {@code openid}, wherever they are refreshed.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class ApiTokenScopesTest {
    static final String ADMIN_SCOPE = "aws.cognito.signin.user.admin";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameter
    Backend backend;

    SignInPool pool;
    String clientId;
    String alice;

    @BeforeEach
    void createPool() {
        pool = SignInPool.create(backend);
        clientId = pool.publicClient();
        alice = pool.confirmedUser(uniqueName("alice"));
    }

    @Test
    void initiateAuthTokensCarryOnlyTheAdminScopeAndAnIdToken() throws Exception {
        assertApiTokens(pool.tokens(clientId, alice));
    }

    @Test
    void adminInitiateAuthTokensCarryOnlyTheAdminScope() throws Exception {
        assertApiTokens(pool.cognito.adminInitiateAuth(r -> r.userPoolId(pool.poolId).clientId(clientId)
                .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", alice, "PASSWORD", PASSWORD))).authenticationResult());
    }

    @Test
    void tokensAfterANewPasswordChallengeCarryOnlyTheAdminScope() throws Exception {
        String bob = pool.newUser(uniqueName("bob"));
        var challenge = pool.signIn(clientId, bob, TEMPORARY_PASSWORD);
        assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.NEW_PASSWORD_REQUIRED);
        assertApiTokens(pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId).session(challenge.session())
                .challengeName(ChallengeNameType.NEW_PASSWORD_REQUIRED)
                .challengeResponses(Map.of("USERNAME", bob, "NEW_PASSWORD", "Brand-New-Horse-2")))
                .authenticationResult());
    }

    @Test
    void refreshedTokensThroughInitiateAuthAndGetTokensFromRefreshTokenKeepOnlyTheAdminScope() throws Exception {
        String refreshToken = pool.tokens(clientId, alice).refreshToken();
        assertApiTokens(pool.refresh(clientId, refreshToken).authenticationResult());
        assertApiTokens(pool.cognito.getTokensFromRefreshToken(r -> r.clientId(clientId).refreshToken(refreshToken))
                .authenticationResult());
    }

    @Test
    void userInfoRefusesApiTokensAsCognitoDoes() throws Exception {
        HttpResponse<String> response = http(HttpRequest.newBuilder(pool.server.endpoint().resolve("/oauth2/userInfo"))
                .header("Authorization", "Bearer " + pool.tokens(clientId, alice).accessToken()).GET().build());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElse("")).contains("insufficient_scope");
    }

    @Test
    void oauthTokensKeepTheirScopesWhenRefreshedThroughTheApi() throws Exception {
        IssuedCodes codes = new IssuedCodes(pool.server);
        IssuedCodes.Client app = codes.client(pool.poolId, false, r -> { });
        IssuedCodes.TestUser ada = codes.user(pool.poolId, uniqueName("ada"), "email", "ada@example.com");
        JsonNode issued = exchange(app, codes.issue(app, ada, Set.of("openid", "email"), null).code());
        assertThat(scopes(pool.verify(issued.path("access_token").asText()))).containsExactlyInAnyOrder("openid", "email");

        AuthenticationResultType refreshed = pool.cognito.getTokensFromRefreshToken(r -> r.clientId(app.clientId())
                .refreshToken(issued.path("refresh_token").asText())).authenticationResult();

        assertThat(scopes(pool.verify(refreshed.accessToken()))).containsExactlyInAnyOrder("openid", "email");
        assertThat(refreshed.idToken()).isNotBlank();
    }

    @Test
    void oauthTokensWithoutOpenidHaveNoIdTokenWhereverTheyAreRefreshed() throws Exception {
        IssuedCodes codes = new IssuedCodes(pool.server);
        IssuedCodes.Client app = codes.client(pool.poolId, false, r -> r.allowedOAuthScopes("openid", ADMIN_SCOPE));
        IssuedCodes.TestUser ada = codes.user(pool.poolId, uniqueName("ada"));
        JsonNode issued = exchange(app, codes.issue(app, ada, Set.of(ADMIN_SCOPE), null).code());
        assertThat(issued.has("id_token")).as(issued.toString()).isFalse();
        String refreshToken = issued.path("refresh_token").asText();

        AuthenticationResultType viaApi = pool.refresh(app.clientId(), refreshToken).authenticationResult();
        assertThat(viaApi.idToken()).isNull();
        assertThat(scopes(pool.verify(viaApi.accessToken()))).containsExactly(ADMIN_SCOPE);
        JsonNode viaTokenEndpoint = form(Map.of("grant_type", "refresh_token", "client_id", app.clientId(),
                "refresh_token", refreshToken));
        assertThat(viaTokenEndpoint.has("id_token")).as(viaTokenEndpoint.toString()).isFalse();
        assertThat(viaTokenEndpoint.path("access_token").asText()).isNotBlank();
    }

    private void assertApiTokens(AuthenticationResultType tokens) throws Exception {
        JWTClaimsSet access = pool.verify(tokens.accessToken());
        assertThat(access.getStringClaim("scope")).isEqualTo(ADMIN_SCOPE);
        assertThat(tokens.idToken()).isNotBlank();
        assertThat(pool.verify(tokens.idToken()).getStringClaim("token_use")).isEqualTo("id");
        assertThat(pool.cognito.getUser(r -> r.accessToken(tokens.accessToken())).username()).isNotBlank();
    }

    private static Set<String> scopes(JWTClaimsSet access) throws Exception {
        return Set.of(access.getStringClaim("scope").split(" "));
    }

    private JsonNode exchange(IssuedCodes.Client app, String code) throws Exception {
        return form(Map.of("grant_type", "authorization_code", "client_id", app.clientId(), "code", code,
                "redirect_uri", IssuedCodes.REDIRECT_URI));
    }

    private JsonNode form(Map<String, String> parameters) throws Exception {
        String body = parameters.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = http(HttpRequest.newBuilder(pool.server.endpoint().resolve("/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> http(HttpRequest request) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }
}
