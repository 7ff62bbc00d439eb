package dev.cognate.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.cognate.config.SocialEndpoints;
import dev.cognate.testing.Backend;
import dev.cognate.testing.Browser;
import dev.cognate.testing.StubIdp;
import dev.cognate.testing.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderTypeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;

/**
 * A pool's {@code Google} identity provider, configured as Cognito's documentation and
 * Terraform's examples configure it (client id and secret, {@code authorize_scopes} without
 * {@code openid}), signed in through from the app's authorize request ({@code identity_provider=Google},
 * as Amplify's {@code signInWithRedirect({provider: 'Google'})} sends it). A stand-in for Google
 * answers at the node's Google endpoints and signs its ID tokens with Google's issuer.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class GoogleSignInTest {
    static final String CALLBACK = "https://app.example.com/cb";
    static final String GOOGLE_CLIENT = "123456789012-abcdefghijklmnop.apps.googleusercontent.com";
    static final String GOOGLE_SECRET = "GOCSPX-google-client-secret";
    static final String GOOGLE_SUB = "109876543210987654321";
    static final String VERIFIER = "app-verifier-0123456789-0123456789-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();

    static StubIdp google;
    static final Map<Backend, TestServer> servers = new HashMap<>();

    @Parameter
    Backend backend;

    TestServer server;
    CognitoIdentityProviderClient cognito;
    String poolId;
    String clientId;
    Browser browser;

    @BeforeAll
    static void startGoogle() {
        google = StubIdp.start("");
    }

    @AfterAll
    static void stop() {
        servers.values().forEach(TestServer::close);
        servers.clear();
        google.close();
    }

    @BeforeEach
    void pool() {
        server = servers.computeIfAbsent(backend, b -> TestServer.startWithSocial(b,
                SocialEndpoints.PUBLIC.withGoogle(new SocialEndpoints.Google(URI.create(google.endpoint("authorize")),
                        URI.create(google.endpoint("token")), URI.create(google.endpoint("userinfo")),
                        URI.create(google.endpoint("keys"))))));
        cognito = server.client();
        poolId = cognito.createUserPool(r -> r.poolName("google-" + UUID.randomUUID().toString().substring(0, 8)))
                .userPool().id();
        cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("Google")
                .providerType(IdentityProviderTypeType.GOOGLE)
                .providerDetails(Map.of("client_id", GOOGLE_CLIENT, "client_secret", GOOGLE_SECRET,
                        "authorize_scopes", "profile email"))
                .attributeMapping(Map.of("email", "email", "email_verified", "email_verified", "name", "name",
                        "given_name", "given_name", "picture", "picture", "username", "sub")));
        clientId = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("spa")
                        .callbackURLs(CALLBACK).allowedOAuthFlows(OAuthFlowType.CODE)
                        .allowedOAuthScopes("openid", "email", "profile").allowedOAuthFlowsUserPoolClient(true)
                        .supportedIdentityProviders("Google"))
                .userPoolClient().clientId();
        browser = new Browser();
        google.idToken(a -> google.sign(googleClaims(a).build()));
        google.userInfo(subject -> Map.of("sub", subject, "email", "ada@gmail.example", "email_verified", true,
                "name", "Ada Lovelace", "given_name", "Ada", "picture", "https://lh3.googleusercontent.example/a/ada"));
        google.authorizations.clear();
        google.tokenCalls.clear();
    }

    /** What Google's ID token for this authorization says: its issuer, the client as audience and azp, the nonce. */
    static JWTClaimsSet.Builder googleClaims(StubIdp.Authorization a) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer("https://accounts.google.com")
                .audience(a.get("client_id"))
                .claim("azp", a.get("client_id"))
                .subject(GOOGLE_SUB)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600)))
                .claim("nonce", a.get("nonce"))
                .claim("email", "ada@gmail.example")
                .claim("email_verified", true);
    }

    String authorizeUrl() {
        return "http://localhost:" + server.port() + "/oauth2/authorize?client_id=" + clientId
                + "&response_type=code&redirect_uri=" + CALLBACK + "&identity_provider=Google"
                + "&scope=openid+email+profile&state=app-state&code_challenge=" + StubIdp.s256(VERIFIER)
                + "&code_challenge_method=S256";
    }

    /** The app's sign-in through Google: the answer at the app's callback. */
    Map<String, String> signIn() {
        return StubIdp.query(browser.followUntil(authorizeUrl(), CALLBACK));
    }

    /** The app's code redeemed at the token endpoint. */
    JsonNode redeem(String code) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("client_id", clientId);
        form.put("code", code);
        form.put("redirect_uri", CALLBACK);
        form.put("code_verifier", VERIFIER);
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    Map<String, String> attributes(String username) {
        return cognito.adminGetUser(r -> r.userPoolId(poolId).username(username)).userAttributes().stream()
                .collect(Collectors.toMap(AttributeType::name, AttributeType::value));
    }

    @Test
    void aGoogleUserSignsInThroughTheAppsAuthorizeRequestAndBecomesGoogleUnderscoreTheirSub() throws Exception {
        Map<String, String> answer = signIn();
        assertThat(answer).containsEntry("state", "app-state").containsKey("code").doesNotContainKey("error");

        StubIdp.Authorization atGoogle = google.authorizations.getFirst();
        assertThat(atGoogle.get("client_id")).isEqualTo(GOOGLE_CLIENT);
        assertThat(atGoogle.get("scope").split(" ")).as("openid is asked for, so the identity is a signed ID token")
                .containsExactlyInAnyOrder("openid", "profile", "email");
        assertThat(atGoogle.get("redirect_uri")).isEqualTo("http://localhost:" + server.port() + "/oauth2/idpresponse");
        assertThat(atGoogle.get("nonce")).isNotBlank();
        assertThat(atGoogle.get("code_challenge_method")).isEqualTo("S256");
        assertThat(google.tokenCalls.getFirst().form()).as("token_request_method POST: the secret in the body")
                .containsEntry("client_id", GOOGLE_CLIENT).containsEntry("client_secret", GOOGLE_SECRET)
                .containsKey("code_verifier");

        String username = "Google_" + GOOGLE_SUB;
        assertThat(cognito.adminGetUser(r -> r.userPoolId(poolId).username(username)).userStatus())
                .isEqualTo(UserStatusType.EXTERNAL_PROVIDER);
        Map<String, String> attributes = attributes(username);
        assertThat(attributes).containsEntry("email", "ada@gmail.example").containsEntry("email_verified", "true")
                .containsEntry("name", "Ada Lovelace").containsEntry("given_name", "Ada")
                .containsEntry("picture", "https://lh3.googleusercontent.example/a/ada");
        JsonNode identity = JSON.readTree(attributes.get("identities")).get(0);
        assertThat(identity.get("providerName").asText()).isEqualTo("Google");
        assertThat(identity.get("providerType").asText()).isEqualTo("Google");
        assertThat(identity.get("userId").asText()).isEqualTo(GOOGLE_SUB);

        JWTClaimsSet idToken = SignedJWT.parse(redeem(answer.get("code")).get("id_token").asText()).getJWTClaimsSet();
        assertThat(idToken.getStringClaim("cognito:username")).isEqualTo(username);
        assertThat(idToken.getStringClaim("email")).isEqualTo("ada@gmail.example");
        assertThat(idToken.getStringListClaim("cognito:groups")).containsExactly(poolId + "_Google");
    }

    @Test
    void theSameGoogleAccountIsOneUserWhicheverFormOfGooglesIssuerItsTokenNames() {
        assertThat(signIn()).containsKey("code");
        google.idToken(a -> google.sign(googleClaims(a).issuer("accounts.google.com").build()));
        browser.clearCookies();

        assertThat(signIn()).containsKey("code").doesNotContainKey("error");
        assertThat(cognito.listUsers(r -> r.userPoolId(poolId)).users()).singleElement()
                .satisfies(u -> assertThat(u.username()).isEqualTo("Google_" + GOOGLE_SUB));
    }

    @Test
    void anIssuerParameterInEitherOfGooglesFormsIsGooglesAndAnyOtherIsAMixUp() {
        try {
            google.authorizeAnswer(a -> withIssuer(a, "accounts.google.com"));
            assertThat(signIn()).containsKey("code");

            browser.clearCookies();
            google.authorizeAnswer(a -> withIssuer(a, "https://login.microsoftonline.com/common/v2.0"));
            assertThat(signIn()).containsEntry("error", "invalid_request").doesNotContainKey("code");
            assertThat(google.tokenCalls).hasSize(1);
        } finally {
            google.authorizeAnswer(a -> StubIdp.answer(a.code(), a.get("state")));
        }
    }

    static Map<String, String> withIssuer(StubIdp.Authorization a, String issuer) {
        Map<String, String> answer = StubIdp.answer(a.code(), a.get("state"));
        answer.put("iss", issuer);
        return answer;
    }

    @Test
    void anIdTokenThatNamesAnotherIssuerIsRefusedThoughGooglesKeySignedIt() {
        assertRefused(claims -> claims.issuer("https://accounts.google.com.evil.example"));
    }

    @Test
    void anIdTokenGoogleIssuedToAnotherAppIsRefused() {
        assertRefused(claims -> claims.audience("999999999999-another-app.apps.googleusercontent.com")
                .claim("azp", "999999999999-another-app.apps.googleusercontent.com"));
    }

    @Test
    void anIdTokenReplayedFromAnotherSignInIsRefusedByItsNonce() {
        assertRefused(claims -> claims.claim("nonce", "nonce-of-another-sign-in"));
    }

    void assertRefused(UnaryOperator<JWTClaimsSet.Builder> change) {
        google.idToken(a -> google.sign(change.apply(googleClaims(a)).build()));

        Map<String, String> answer = signIn();

        assertThat(answer).containsEntry("error", "invalid_request").containsEntry("state", "app-state")
                .doesNotContainKey("code");
        assertThat(cognito.listUsers(r -> r.userPoolId(poolId)).users()).isEmpty();
    }

    @Test
    void providerDetailsCannotSendGoogleSignInsToAnotherHost() {
        cognito.updateIdentityProvider(r -> r.userPoolId(poolId).providerName("Google").providerDetails(Map.of(
                "client_id", GOOGLE_CLIENT, "client_secret", GOOGLE_SECRET, "authorize_scopes", "profile email",
                "authorize_url", "https://idp.evil.example/authorize", "token_url", "https://idp.evil.example/token",
                "oidc_issuer", "https://idp.evil.example")));

        assertThat(signIn()).containsKey("code").doesNotContainKey("error");
        assertThat(google.authorizations).hasSize(1);
    }

    @Test
    void describeIdentityProviderAnswersTheDetailsCognitoFillsInForGoogle() {
        IdentityProviderType described = cognito.describeIdentityProvider(r -> r.userPoolId(poolId)
                .providerName("Google")).identityProvider();

        assertThat(described.providerTypeAsString()).isEqualTo("Google");
        assertThat(described.providerDetails())
                .containsEntry("client_id", GOOGLE_CLIENT)
                .containsEntry("client_secret", GOOGLE_SECRET)
                .containsEntry("authorize_scopes", "profile email")
                .containsEntry("authorize_url", "https://accounts.google.com/o/oauth2/v2/auth")
                .containsEntry("token_url", "https://www.googleapis.com/oauth2/v4/token")
                .containsEntry("attributes_url", "https://people.googleapis.com/v1/people/me?personFields=")
                .containsEntry("attributes_url_add_attributes", "true")
                .containsEntry("oidc_issuer", "https://accounts.google.com")
                .containsEntry("token_request_method", "POST");
        assertThat(described.attributeMapping()).containsEntry("username", "sub");
    }

    @Test
    void theHostedSignInPageOffersGoogle() {
        String page = browser.followToPage("http://localhost:" + server.port() + "/login?response_type=code&client_id="
                + clientId + "&redirect_uri=" + CALLBACK).body();

        assertThat(page).contains("Google").contains("identity_provider=Google");
    }
}
