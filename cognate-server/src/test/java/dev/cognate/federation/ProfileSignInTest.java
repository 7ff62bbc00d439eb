package dev.cognate.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognate.config.SocialEndpoints;
import dev.cognate.testing.Backend;
import dev.cognate.testing.Browser;
import dev.cognate.testing.StubIdp;
import dev.cognate.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
 * A pool's {@code Facebook} and {@code LoginWithAmazon} identity providers, configured as
 * Cognito takes them, signed in through from the app's authorize request. They issue no ID token:
 * stand-ins answer at the node's endpoints, and the profile each one's access token reads says
 * who signed in. Facebook's stand-in serves the Graph API version the provider names.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class ProfileSignInTest {
    static final String CALLBACK = "https://app.example.com/cb";
    static final String FACEBOOK_APP = "1234567890123456";
    static final String FACEBOOK_SECRET = "facebook-app-secret-0123456789abcdef";
    static final String FACEBOOK_ID = "10158234567890123";
    static final String AMAZON_CLIENT = "amzn1.application-oa2-client.0123456789abcdef0123456789abcdef";
    static final String AMAZON_USER = "amzn1.account.AFZXS4KQEXAMPLE";
    static final ObjectMapper JSON = new ObjectMapper();

    static StubIdp facebook;
    static StubIdp amazon;
    static final Map<Backend, TestServer> servers = new HashMap<>();

    @Parameter
    Backend backend;

    TestServer server;
    CognitoIdentityProviderClient cognito;
    String poolId;
    String clientId;
    Browser browser;

    @BeforeAll
    static void startProviders() {
        facebook = StubIdp.start("/v19.0");
        amazon = StubIdp.start("");
    }

    @AfterAll
    static void stop() {
        servers.values().forEach(TestServer::close);
        servers.clear();
        facebook.close();
        amazon.close();
    }

    @BeforeEach
    void pool() {
        String graph = facebook.base() + "/" + SocialEndpoints.Profile.API_VERSION;
        server = servers.computeIfAbsent(backend, b -> TestServer.startWithSocial(b, SocialEndpoints.PUBLIC
                .withFacebook(new SocialEndpoints.Profile(graph + "/authorize", graph + "/token", graph + "/userinfo"))
                .withAmazon(new SocialEndpoints.Profile(amazon.endpoint("authorize"), amazon.endpoint("token"),
                        amazon.endpoint("userinfo")))));
        cognito = server.client();
        poolId = cognito.createUserPool(r -> r.poolName("social-" + UUID.randomUUID().toString().substring(0, 8)))
                .userPool().id();
        cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("Facebook")
                .providerType(IdentityProviderTypeType.FACEBOOK)
                .providerDetails(Map.of("client_id", FACEBOOK_APP, "client_secret", FACEBOOK_SECRET,
                        "authorize_scopes", "public_profile,email", "api_version", "v19.0"))
                .attributeMapping(Map.of("email", "email", "name", "name", "given_name", "first_name")));
        cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("LoginWithAmazon")
                .providerType(IdentityProviderTypeType.LOGIN_WITH_AMAZON)
                .providerDetails(Map.of("client_id", AMAZON_CLIENT, "client_secret", "amazon-secret",
                        "authorize_scopes", "profile postal_code"))
                .attributeMapping(Map.of("email", "email", "name", "name", "address", "postal_code")));
        clientId = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("web")
                        .callbackURLs(CALLBACK).allowedOAuthFlows(OAuthFlowType.CODE)
                        .allowedOAuthScopes("openid", "email", "profile").allowedOAuthFlowsUserPoolClient(true)
                        .supportedIdentityProviders("Facebook", "LoginWithAmazon"))
                .userPoolClient().clientId();
        browser = new Browser();
        facebook.userInfo(subject -> Map.of("id", FACEBOOK_ID, "email", "ada@facebook.example", "name", "Ada Lovelace",
                "first_name", "Ada"));
        amazon.userInfo(subject -> Map.of("user_id", AMAZON_USER, "email", "ada@amazon.example", "name", "Ada Lovelace",
                "postal_code", "98109"));
        for (StubIdp idp : new StubIdp[] {facebook, amazon}) {
            idp.authorizations.clear();
            idp.tokenCalls.clear();
            idp.userInfoRequests.clear();
            idp.userInfoAuthorizations.clear();
        }
    }

    Map<String, String> signIn(String provider) {
        return StubIdp.query(browser.followUntil("http://localhost:" + server.port() + "/oauth2/authorize?client_id="
                + clientId + "&response_type=code&redirect_uri=" + CALLBACK + "&identity_provider=" + provider
                + "&scope=openid+email+profile&state=app-state", CALLBACK));
    }

    Map<String, String> attributes(String username) {
        return cognito.adminGetUser(r -> r.userPoolId(poolId).username(username)).userAttributes().stream()
                .collect(Collectors.toMap(AttributeType::name, AttributeType::value));
    }

    static String hmacSha256Hex(String key, String value) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aFacebookUserSignsInAndBecomesFacebookUnderscoreTheirId() throws Exception {
        assertThat(signIn("Facebook")).containsEntry("state", "app-state").containsKey("code").doesNotContainKey("error");

        StubIdp.Authorization atFacebook = facebook.authorizations.getFirst();
        assertThat(atFacebook.get("client_id")).isEqualTo(FACEBOOK_APP);
        assertThat(atFacebook.get("scope").split(" ")).containsExactly("public_profile", "email");
        assertThat(facebook.tokenCalls.getFirst().form()).containsEntry("client_secret", FACEBOOK_SECRET)
                .containsEntry("client_id", FACEBOOK_APP);
        assertThat(facebook.userInfoRequests).singleElement().satisfies(request -> {
            assertThat(request.getPath()).as("the provider's Graph API version").isEqualTo("/v19.0/userinfo");
            Map<String, String> query = StubIdp.form(request.getRawQuery());
            assertThat(query.get("fields").split(",")).as("id and what the mapping reads")
                    .containsExactlyInAnyOrder("id", "email", "name", "first_name");
            assertThat(query).containsKey("appsecret_proof");
        });

        Map<String, String> attributes = attributes("Facebook_" + FACEBOOK_ID);
        assertThat(attributes).containsEntry("email", "ada@facebook.example").containsEntry("name", "Ada Lovelace")
                .containsEntry("given_name", "Ada");
        JsonNode identity = JSON.readTree(attributes.get("identities")).get(0);
        assertThat(identity.get("providerType").asText()).isEqualTo("Facebook");
        assertThat(identity.get("userId").asText()).isEqualTo(FACEBOOK_ID);
    }

    @Test
    void theProfileIsAskedForWithFacebooksProofThatTheCallerHoldsTheAppSecret() throws Exception {
        signIn("Facebook");

        String proof = StubIdp.form(facebook.userInfoRequests.getFirst().getRawQuery()).get("appsecret_proof");
        String accessToken = facebook.userInfoAuthorizations.getFirst().substring("Bearer ".length());
        assertThat(proof).isEqualTo(hmacSha256Hex(FACEBOOK_SECRET, accessToken));
    }

    @Test
    void aLoginWithAmazonUserSignsInAndBecomesLoginWithAmazonUnderscoreTheirUserId() {
        assertThat(signIn("LoginWithAmazon")).containsKey("code").doesNotContainKey("error");

        assertThat(amazon.authorizations.getFirst().get("scope").split(" ")).containsExactly("profile", "postal_code");
        assertThat(amazon.authorizations.getFirst().get("code_challenge_method")).isEqualTo("S256");
        assertThat(amazon.tokenCalls.getFirst().form()).containsKey("code_verifier");
        assertThat(facebook.authorizations).isEmpty();
        assertThat(amazon.userInfoRequests.getFirst().getRawQuery()).isNull();
        assertThat(attributes("LoginWithAmazon_" + AMAZON_USER)).containsEntry("email", "ada@amazon.example")
                .containsEntry("address", "98109");
    }

    @Test
    void anIssuerParameterOfAnotherIdpIsRefusedAsAMixUpBeforeTheCodeIsSpent() {
        try {
            amazon.authorizeAnswer(a -> {
                Map<String, String> answer = StubIdp.answer(a.code(), a.get("state"));
                answer.put("iss", "https://www.facebook.com");
                return answer;
            });
            assertThat(signIn("LoginWithAmazon")).containsEntry("error", "invalid_request").doesNotContainKey("code");
            assertThat(amazon.tokenCalls).isEmpty();

            browser.clearCookies();
            amazon.authorizeAnswer(a -> {
                Map<String, String> answer = StubIdp.answer(a.code(), a.get("state"));
                answer.put("iss", "https://www.amazon.com");
                return answer;
            });
            assertThat(signIn("LoginWithAmazon")).containsKey("code");
        } finally {
            amazon.authorizeAnswer(a -> StubIdp.answer(a.code(), a.get("state")));
        }
    }

    @Test
    void aProfileThatDoesNotSayWhoSignedInFailsTheSignIn() {
        facebook.userInfo(subject -> Map.of("email", "ada@facebook.example", "name", "Ada"));

        assertThat(signIn("Facebook")).containsEntry("error", "invalid_request").doesNotContainKey("code");
        assertThat(cognito.listUsers(r -> r.userPoolId(poolId)).users()).isEmpty();
    }

    @Test
    void anApiVersionThatIsNotAVersionCannotRewriteTheGraphUrl() {
        assertThatThrownBy(() -> cognito.updateIdentityProvider(r -> r.userPoolId(poolId).providerName("Facebook")
                .providerDetails(Map.of("client_id", FACEBOOK_APP, "client_secret", FACEBOOK_SECRET,
                        "authorize_scopes", "email", "api_version", "v19.0/../../evil"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("api_version");
    }

    @Test
    void anApiVersionStoredBeforeItWasCheckedFailsTheSignInWithAClearErrorAndCallsNoOtherUrl() {
        var store = new dev.cognate.store.jdbc.JdbcIdentityProviderStore(server.server().database().jdbi(),
                new dev.cognate.crypto.SecretBox(TestServer.MASTER_KEY));
        dev.cognate.providers.IdentityProvider stored = store.find(poolId, "Facebook").orElseThrow();
        Map<String, String> details = new java.util.HashMap<>(stored.details());
        details.put("api_version", "v19.0/../../evil");
        store.update(stored, new dev.cognate.providers.IdentityProvider(stored.poolId(), stored.name(), stored.type(), details,
                stored.secrets(), stored.attributeMapping(), stored.idpIdentifiers(), stored.acrMapping(),
                stored.creationDate(), stored.lastModifiedDate()));
        // a change of the mapping alone keeps the stored details (and makes every node read the provider again)
        cognito.updateIdentityProvider(r -> r.userPoolId(poolId).providerName("Facebook")
                .attributeMapping(Map.of("email", "email")));

        Map<String, String> answer = signIn("Facebook");

        assertThat(answer).doesNotContainKey("code").containsKey("error");
        assertThat(answer.get("error_description")).contains("api_version");
        assertThat(facebook.authorizations).isEmpty();
    }

    @Test
    void providerDetailsCannotSendFacebookOrAmazonSignInsToAnotherHost() {
        cognito.updateIdentityProvider(r -> r.userPoolId(poolId).providerName("Facebook").providerDetails(Map.of(
                "client_id", FACEBOOK_APP, "client_secret", FACEBOOK_SECRET, "authorize_scopes", "email",
                "api_version", "v19.0", "authorize_url", "https://idp.evil.example/authorize",
                "token_url", "https://idp.evil.example/token", "attributes_url", "https://idp.evil.example/me")));
        cognito.updateIdentityProvider(r -> r.userPoolId(poolId).providerName("LoginWithAmazon").providerDetails(Map.of(
                "client_id", AMAZON_CLIENT, "client_secret", "amazon-secret", "authorize_scopes", "profile",
                "authorize_url", "https://idp.evil.example/authorize", "token_url", "https://idp.evil.example/token")));

        assertThat(signIn("Facebook")).containsKey("code");
        browser.clearCookies();
        assertThat(signIn("LoginWithAmazon")).containsKey("code");
        assertThat(facebook.authorizations).hasSize(1);
        assertThat(amazon.authorizations).hasSize(1);
    }

    @Test
    void describeIdentityProviderAnswersCognitosFilledKeysWithTheApiVersion() {
        Map<String, String> facebookDetails = cognito.describeIdentityProvider(r -> r.userPoolId(poolId)
                .providerName("Facebook")).identityProvider().providerDetails();
        Map<String, String> amazonDetails = cognito.describeIdentityProvider(r -> r.userPoolId(poolId)
                .providerName("LoginWithAmazon")).identityProvider().providerDetails();

        assertThat(facebookDetails).containsEntry("authorize_url", "https://www.facebook.com/v19.0/dialog/oauth")
                .containsEntry("token_url", "https://graph.facebook.com/v19.0/oauth/access_token")
                .containsEntry("attributes_url", "https://graph.facebook.com/v19.0/me?fields=")
                .containsEntry("attributes_url_add_attributes", "true").containsEntry("token_request_method", "GET")
                .containsEntry("client_secret", FACEBOOK_SECRET);
        assertThat(amazonDetails).containsEntry("authorize_url", "https://www.amazon.com/ap/oa")
                .containsEntry("token_url", "https://api.amazon.com/auth/o2/token")
                .containsEntry("attributes_url", "https://api.amazon.com/user/profile");
    }
}
