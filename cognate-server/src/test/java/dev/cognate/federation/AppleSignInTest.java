package dev.cognate.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.cognate.config.SocialEndpoints;
import dev.cognate.testing.Backend;
import dev.cognate.testing.Browser;
import dev.cognate.testing.StubIdp;
import dev.cognate.testing.TestServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderTypeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;

/**
 * A pool's {@code SignInWithApple} identity provider, configured as Cognito takes it (services
 * id, team id, key id, the .p8 private key, {@code authorize_scopes} {@code email name}), signed in
 * through from the app's authorize request. A stand-in for Apple answers at the node's Apple
 * endpoints, signs its ID tokens with Apple's issuer, takes only a client secret that is a JWT
 * signed with the provider's key, and the browser posts Apple's answer back (form_post) with the
 * {@code user} parameter Apple sends at a first sign-in.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class AppleSignInTest {
    static final String CALLBACK = "https://app.example.com/cb";
    static final String SERVICES_ID = "com.example.app.signin";
    static final String TEAM_ID = "ABCDE12345";
    static final String KEY_ID = "KEY1234567";
    static final String APPLE_SUB = "001234.0a1b2c3d4e5f60718293a4b5c6d7e8f9.1234";
    static final String RELAY = "x7k2m9q4@privaterelay.appleid.com";
    static final String FIRST_SIGN_IN_USER = "{\"name\":{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\"},\"email\":\"" + RELAY + "\"}";
    static final ObjectMapper JSON = new ObjectMapper();

    static StubIdp apple;
    static ECKey appleKey;
    static final Map<Backend, TestServer> servers = new HashMap<>();

    @Parameter
    Backend backend;

    TestServer server;
    CognitoIdentityProviderClient cognito;
    String poolId;
    String clientId;
    Browser browser;

    @BeforeAll
    static void startApple() throws Exception {
        apple = StubIdp.start("");
        appleKey = new ECKeyGenerator(Curve.P_256).keyID(KEY_ID).generate();
    }

    @AfterAll
    static void stop() {
        servers.values().forEach(TestServer::close);
        servers.clear();
        apple.close();
    }

    static String pem(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    @BeforeEach
    void pool() throws Exception {
        server = servers.computeIfAbsent(backend, b -> TestServer.startWithSocial(b,
                SocialEndpoints.PUBLIC.withApple(new SocialEndpoints.Apple(URI.create(apple.endpoint("authorize")),
                        URI.create(apple.endpoint("token")), URI.create(apple.endpoint("keys"))))));
        cognito = server.client();
        poolId = cognito.createUserPool(r -> r.poolName("apple-" + UUID.randomUUID().toString().substring(0, 8)))
                .userPool().id();
        String privateKey = pem(appleKey.toECPrivateKey());
        cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("SignInWithApple")
                .providerType(IdentityProviderTypeType.SIGN_IN_WITH_APPLE)
                .providerDetails(Map.of("client_id", SERVICES_ID, "team_id", TEAM_ID, "key_id", KEY_ID,
                        "private_key", privateKey, "authorize_scopes", "email name"))
                .attributeMapping(Map.of("email", "email", "email_verified", "email_verified", "name", "name",
                        "given_name", "firstName", "family_name", "lastName")));
        clientId = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("ios-app")
                        .callbackURLs(CALLBACK).allowedOAuthFlows(OAuthFlowType.CODE)
                        .allowedOAuthScopes("openid", "email", "profile").allowedOAuthFlowsUserPoolClient(true)
                        .supportedIdentityProviders("SignInWithApple"))
                .userPoolClient().clientId();
        browser = new Browser();
        apple.idToken(a -> apple.sign(appleClaims(a).build()));
        apple.checkClientAuthentication(AppleSignInTest::applesCheckOfTheClientSecret);
        apple.authorizations.clear();
        apple.tokenCalls.clear();
    }

    /** What Apple's ID token says: its issuer, the services id, the nonce, the relay address, verified as a string. */
    static JWTClaimsSet.Builder appleClaims(StubIdp.Authorization a) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer("https://appleid.apple.com")
                .audience(a.get("client_id"))
                .subject(APPLE_SUB)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .claim("nonce", a.get("nonce"))
                .claim("nonce_supported", true)
                .claim("email", RELAY)
                .claim("email_verified", "true")
                .claim("is_private_email", "true");
    }

    /** Apple's rule for the client secret: an ES256 JWT by the team's key for this services id. Null: good. */
    static String applesCheckOfTheClientSecret(StubIdp.TokenCall call) {
        try {
            SignedJWT secret = SignedJWT.parse(call.form().get("client_secret"));
            JWTClaimsSet claims = secret.getJWTClaimsSet();
            boolean good = secret.verify(new ECDSAVerifier(appleKey.toPublicJWK()))
                    && KEY_ID.equals(secret.getHeader().getKeyID())
                    && TEAM_ID.equals(claims.getIssuer()) && SERVICES_ID.equals(claims.getSubject())
                    && claims.getAudience().equals(List.of("https://appleid.apple.com"))
                    && SERVICES_ID.equals(call.form().get("client_id"))
                    && claims.getExpirationTime().toInstant().isAfter(Instant.now())
                    && !claims.getExpirationTime().toInstant().isAfter(Instant.now().plus(Duration.ofMinutes(6)));
            return good ? null : "invalid_client";
        } catch (Exception e) {
            return "invalid_client";
        }
    }

    String authorizeUrl() {
        return "http://localhost:" + server.port() + "/oauth2/authorize?client_id=" + clientId
                + "&response_type=code&redirect_uri=" + CALLBACK + "&identity_provider=SignInWithApple"
                + "&scope=openid+email+profile&state=app-state";
    }

    /** The app's sign-in through Apple, Apple's answer posted back with {@code user}: the answer at the app's callback. */
    Map<String, String> signIn(String user) {
        String atApple = browser.get(authorizeUrl()).headers().firstValue("Location").orElseThrow();
        String appleAnswer = browser.get(atApple).headers().firstValue("Location").orElseThrow();
        Map<String, String> form = new LinkedHashMap<>(StubIdp.query(appleAnswer));
        if (user != null) {
            form.put("user", user);
        }
        HttpResponse<String> posted = browser.postForm(appleAnswer.substring(0, appleAnswer.indexOf('?')), form);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(302);
        return StubIdp.query(posted.headers().firstValue("Location").orElseThrow());
    }

    Map<String, String> attributes(String username) {
        return cognito.adminGetUser(r -> r.userPoolId(poolId).username(username)).userAttributes().stream()
                .collect(Collectors.toMap(AttributeType::name, AttributeType::value));
    }

    @Test
    void aPersonSignsInWithAppleAndTheNameTheyGaveAtTheirFirstSignInIsMapped() {
        Map<String, String> answer = signIn(FIRST_SIGN_IN_USER);

        assertThat(answer).containsEntry("state", "app-state").containsKey("code").doesNotContainKey("error");
        StubIdp.Authorization atApple = apple.authorizations.getFirst();
        assertThat(atApple.get("response_mode")).isEqualTo("form_post");
        assertThat(atApple.get("scope").split(" ")).containsExactlyInAnyOrder("openid", "email", "name");
        assertThat(atApple.get("client_id")).isEqualTo(SERVICES_ID);
        assertThat(atApple.get("nonce")).isNotBlank();
        assertThat(atApple.parameters()).as("Apple's web flow takes no PKCE").doesNotContainKey("code_challenge");
        assertThat(apple.tokenCalls).singleElement().satisfies(call ->
                assertThat(applesCheckOfTheClientSecret(call)).as("the client secret Apple takes").isNull());

        Map<String, String> attributes = attributes("SignInWithApple_" + APPLE_SUB);
        assertThat(attributes).containsEntry("email", RELAY).containsEntry("email_verified", "true")
                .containsEntry("name", "Ada Lovelace").containsEntry("given_name", "Ada")
                .containsEntry("family_name", "Lovelace");
    }

    @Test
    void laterSignInsWithoutTheNameKeepTheOneGivenFirst() {
        signIn(FIRST_SIGN_IN_USER);
        browser.clearCookies();

        assertThat(signIn(null)).containsKey("code");

        assertThat(attributes("SignInWithApple_" + APPLE_SUB)).containsEntry("given_name", "Ada")
                .containsEntry("name", "Ada Lovelace");
    }

    @Test
    void theUnsignedUserParameterCannotChangeTheAddressTheIdTokenVouchesFor() {
        signIn("{\"name\":{\"firstName\":\"Mallory\"},\"email\":\"victim@example.com\","
                + "\"email_verified\":true,\"sub\":\"another-apple-user\"}");

        assertThat(attributes("SignInWithApple_" + APPLE_SUB)).containsEntry("email", RELAY)
                .containsEntry("given_name", "Mallory");
    }

    @Test
    void theUnsignedNameNeverReplacesANameTheSignedIdTokenGives() {
        apple.idToken(a -> apple.sign(appleClaims(a).claim("name", "Ada King").build()));

        signIn("{\"name\":{\"firstName\":\"Mallory\",\"lastName\":\"Evil\"}}");

        assertThat(attributes("SignInWithApple_" + APPLE_SUB)).containsEntry("name", "Ada King")
                .containsEntry("given_name", "Mallory");
    }

    @Test
    void aPrivateKeyStoredBeforeKeysWereCheckedFailsTheSignInWithAClearErrorNotAnInternalOne() {
        var store = new dev.cognate.store.jdbc.JdbcIdentityProviderStore(server.server().database().jdbi(),
                new dev.cognate.crypto.SecretBox(TestServer.MASTER_KEY));
        dev.cognate.providers.IdentityProvider stored = store.find(poolId, "SignInWithApple").orElseThrow();
        store.update(stored, new dev.cognate.providers.IdentityProvider(stored.poolId(), stored.name(), stored.type(),
                stored.details(), new dev.cognate.providers.ProviderSecrets(null, "not a PEM key"),
                stored.attributeMapping(), stored.idpIdentifiers(), stored.acrMapping(), stored.creationDate(),
                stored.lastModifiedDate()));
        // a change of the mapping alone keeps the stored key (and makes every node read the provider again)
        cognito.updateIdentityProvider(r -> r.userPoolId(poolId).providerName("SignInWithApple")
                .attributeMapping(Map.of("email", "email")));

        Map<String, String> answer = signIn(FIRST_SIGN_IN_USER);

        assertThat(answer).containsEntry("error", "invalid_request");
        assertThat(answer.get("error_description")).contains("private_key");
        assertThat(apple.tokenCalls).isEmpty();
    }

    @Test
    void anIssuerParameterOfAnotherIdpIsRefusedAsAMixUp() {
        apple.authorizeAnswer(a -> {
            Map<String, String> answer = StubIdp.answer(a.code(), a.get("state"));
            answer.put("iss", "https://accounts.google.com");
            return answer;
        });
        try {
            assertThat(signIn(FIRST_SIGN_IN_USER)).containsEntry("error", "invalid_request");
            assertThat(apple.tokenCalls).isEmpty();
        } finally {
            apple.authorizeAnswer(a -> StubIdp.answer(a.code(), a.get("state")));
        }
    }

    @Test
    void providerDetailsCannotSendAppleSignInsToAnotherHost() {
        cognito.updateIdentityProvider(r -> r.userPoolId(poolId).providerName("SignInWithApple").providerDetails(Map.of(
                "client_id", SERVICES_ID, "team_id", TEAM_ID, "key_id", KEY_ID, "private_key", pem(privateKey()),
                "authorize_scopes", "email name", "authorize_url", "https://idp.evil.example/authorize",
                "token_url", "https://idp.evil.example/token")));

        assertThat(signIn(FIRST_SIGN_IN_USER)).containsKey("code");
        assertThat(apple.authorizations).hasSize(1);
    }

    static PrivateKey privateKey() {
        try {
            return appleKey.toECPrivateKey();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theHostedSignInPageOffersAppleByItsName() {
        String page = browser.followToPage("http://localhost:" + server.port() + "/login?response_type=code&client_id="
                + clientId + "&redirect_uri=" + CALLBACK).body();

        assertThat(page).contains("Sign in with Apple").contains("identity_provider=SignInWithApple");
    }

    @Test
    void anIdTokenAppleIssuedToAnotherServiceIsRefused() {
        assertRefused(claims -> claims.audience("com.other.app.signin"));
    }

    @Test
    void anIdTokenThatNamesAnotherIssuerIsRefused() {
        assertRefused(claims -> claims.issuer("https://appleid.apple.com.evil.example"));
    }

    void assertRefused(UnaryOperator<JWTClaimsSet.Builder> change) {
        apple.idToken(a -> apple.sign(change.apply(appleClaims(a)).build()));

        assertThat(signIn(FIRST_SIGN_IN_USER)).containsEntry("error", "invalid_request").doesNotContainKey("code");
        assertThat(cognito.listUsers(r -> r.userPoolId(poolId)).users()).isEmpty();
    }

    @Test
    void aPrivateKeyThatIsNotTheEcKeyAppleIssuesIsRefusedWhenTheProviderIsSaved() throws Exception {
        String rsa = pem(new RSAKeyGenerator(2048).generate().toPrivateKey());

        assertThatThrownBy(() -> cognito.updateIdentityProvider(r -> r.userPoolId(poolId).providerName("SignInWithApple")
                .providerDetails(Map.of("client_id", SERVICES_ID, "team_id", TEAM_ID, "key_id", KEY_ID,
                        "private_key", rsa, "authorize_scopes", "email name"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("private_key");
        assertThatThrownBy(() -> cognito.updateIdentityProvider(r -> r.userPoolId(poolId).providerName("SignInWithApple")
                .providerDetails(Map.of("client_id", SERVICES_ID, "team_id", TEAM_ID, "key_id", KEY_ID,
                        "private_key", "not a key", "authorize_scopes", "email name"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("private_key");
    }

    @Test
    void describeIdentityProviderAnswersCognitosFilledKeysAndNeverThePrivateKey() {
        Map<String, String> details = cognito.describeIdentityProvider(r -> r.userPoolId(poolId)
                .providerName("SignInWithApple")).identityProvider().providerDetails();

        assertThat(details).containsEntry("client_id", SERVICES_ID).containsEntry("team_id", TEAM_ID)
                .containsEntry("key_id", KEY_ID).containsEntry("authorize_scopes", "email name")
                .containsEntry("authorize_url", "https://appleid.apple.com/auth/authorize")
                .containsEntry("token_url", "https://appleid.apple.com/auth/token")
                .containsEntry("oidc_issuer", "https://appleid.apple.com")
                .doesNotContainKey("private_key");
    }
}
