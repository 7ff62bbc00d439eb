package dev.cognate.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.SignedJWT;
import dev.cognate.clients.AppClient;
import dev.cognate.crypto.Hashes;
import dev.cognate.crypto.SecretBox;
import dev.cognate.store.AuthorizationCode;
import dev.cognate.tokens.Issuers;
import dev.cognate.pools.UserPool;
import dev.cognate.store.AuthorizationCodeStore.Redemption;
import dev.cognate.store.jdbc.JdbcAppClientStore;
import dev.cognate.store.jdbc.JdbcAuthorizationCodeStore;
import dev.cognate.store.jdbc.JdbcGroupStore;
import dev.cognate.store.jdbc.JdbcIdpGroupStore;
import dev.cognate.store.jdbc.JdbcRefreshTokenStore;
import dev.cognate.store.jdbc.JdbcUserPoolStore;
import dev.cognate.store.jdbc.JdbcUserStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.Browser;
import dev.cognate.testing.EntraTenant;
import dev.cognate.testing.StubIdp;
import dev.cognate.testing.TestServer;
import dev.cognate.tokens.TokenIssuer;
import dev.cognate.tokens.TokenIssuer.TokenSet;
import dev.cognate.tokens.TokenMinter;
import dev.cognate.users.User;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminGetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeDataType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GroupType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderTypeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ProviderUserIdentifierType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SchemaAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;

/**
 * The seed's sign-in, end to end: the configuration made through the AWS SDK, an Entra-shaped
 * tenant (mock-oauth2-server) as the IdP, a browser following the redirects from the app's
 * authorize request to the app's callback, then the code redeemed, the Cognito-shaped tokens
 * and the stored user checked.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class FederatedSignInFlowTest {
    static final String CALLBACK = "https://app.example.com/cb";
    static final String ENTRA_APP = "9a3c1e7b-5d2f-4c8a-b6e1-0f4d2a7c9e31";
    static final ObjectMapper JSON = new ObjectMapper();
    static EntraTenant tenant;

    @Parameter
    Backend backend;

    TestServer server;
    CognitoIdentityProviderClient cognito;
    String poolId;
    String clientId;
    Browser browser;

    @BeforeAll
    static void startTenant() {
        tenant = EntraTenant.start(ENTRA_APP);
    }

    @AfterAll
    static void stopTenant() {
        tenant.close();
    }

    @BeforeEach
    void seed() {
        server = TestServer.shared(backend);
        cognito = server.client();
        poolId = cognito.createUserPool(r -> r.poolName("seed-" + UUID.randomUUID().toString().substring(0, 8))
                        .schema(SchemaAttributeType.builder().name("tenant").attributeDataType(AttributeDataType.STRING).build()))
                .userPool().id();
        cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("entra")
                .providerType(IdentityProviderTypeType.OIDC)
                .providerDetails(Map.of("client_id", ENTRA_APP, "client_secret", "entra-secret-value",
                        "authorize_scopes", "openid profile email", "attributes_request_method", "GET",
                        "oidc_issuer", tenant.issuer(), "groups_claim", "groups"))
                .attributeMapping(Map.of("email", "email", "given_name", "given_name", "family_name", "family_name",
                        "custom:tenant", "tid")));
        clientId = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("seed-app")
                        .callbackURLs(CALLBACK).allowedOAuthFlows(OAuthFlowType.CODE)
                        .allowedOAuthScopes("openid", "email", "profile").allowedOAuthFlowsUserPoolClient(true)
                        .supportedIdentityProviders("entra"))
                .userPoolClient().clientId();
        browser = new Browser();
    }

    String authorizeUrl(String state) {
        return "http://localhost:" + server.port() + "/oauth2/authorize?client_id=" + clientId
                + "&response_type=code&redirect_uri=" + CALLBACK + "&identity_provider=entra"
                + "&scope=openid+email+profile&state=" + state + "&nonce=app-nonce"
                + "&code_challenge=" + StubIdp.s256("app-verifier-0123456789-0123456789-0123456789")
                + "&code_challenge_method=S256";
    }

    /** Signs {@code user} in through the app's authorize request; the code the app receives, redeemed. */
    AuthorizationCode signIn(EntraTenant.User user) {
        tenant.nextSignIn(user);
        String callback = browser.followUntil(authorizeUrl("app-state-1"), CALLBACK);
        Map<String, String> answer = StubIdp.query(callback);
        assertThat(answer).containsEntry("state", "app-state-1").containsKey("code").doesNotContainKey("error");
        Redemption redemption = new JdbcAuthorizationCodeStore(jdbi())
                .redeem(Hashes.sha256Hex(answer.get("code")), Instant.now());
        assertThat(redemption).isInstanceOf(Redemption.Redeemed.class);
        return ((Redemption.Redeemed) redemption).code();
    }

    static EntraTenant.User ada(String givenName, Map<String, Object> more) {
        Map<String, Object> claims = new java.util.HashMap<>(Map.of("email", "ada@contoso.example",
                "given_name", givenName, "name", givenName + " Lovelace", "xms_edov", true, "groups", List.of("g-admins", "g-staff")));
        claims.putAll(more);
        return new EntraTenant.User("0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d", "pairwise-sub-ada", claims);
    }

    Jdbi jdbi() {
        return server.server().database().jdbi();
    }

    /** The ID token a client would get for this code (the token endpoint is another part's; its issuer is this). */
    SignedJWT idToken(AuthorizationCode code) throws Exception {
        return SignedJWT.parse(tokens(code, code.scopes()).idToken());
    }

    /** The tokens of this code's sign-in, with {@code scopes}. */
    TokenSet tokens(AuthorizationCode code, java.util.Set<String> scopes) {
        Clock clock = Clock.systemUTC();
        UserPool pool = new JdbcUserPoolStore(jdbi()).find(poolId).orElseThrow();
        AppClient client = new JdbcAppClientStore(jdbi(), new SecretBox(TestServer.MASTER_KEY)).find(clientId).orElseThrow();
        User user = new JdbcUserStore(jdbi()).find(poolId, code.username().toLowerCase()).orElseThrow();
        TokenIssuer issuer = new TokenIssuer(new TokenMinter(server.server().keyRing(),
                new Issuers(server.server()::publicUrl, null), clock), new JdbcRefreshTokenStore(jdbi()),
                new JdbcUserStore(jdbi()), new JdbcGroupStore(jdbi()), new JdbcIdpGroupStore(jdbi()), clock);
        return issuer.signIn(pool, client, user, scopes, code.authTime(), code.originJti(), code.nonce(), true, false);
    }

    @Test
    void aFederatedUserCannotRegisterAPasskeyThatWouldSignThemInPastTheirIdentityProvider() {
        cognito.updateUserPool(r -> r.userPoolId(poolId).policies(p -> p.signInPolicy(s -> s
                .allowedFirstAuthFactorsWithStrings("PASSWORD", "WEB_AUTHN"))));
        AuthorizationCode code = signIn(ada("Ada", Map.of()));
        String accessToken = tokens(code, java.util.Set.of("openid", "aws.cognito.signin.user.admin")).accessToken();

        assertThatThrownBy(() -> cognito.startWebAuthnRegistration(r -> r.accessToken(accessToken)))
                .isInstanceOf(software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException.class)
                .hasMessageContaining("external identity provider");
    }

    Map<String, String> attributes(String username) {
        AdminGetUserResponse user = cognito.adminGetUser(r -> r.userPoolId(poolId).username(username));
        return user.userAttributes().stream().collect(Collectors.toMap(AttributeType::name, AttributeType::value));
    }

    @Test
    void anEntraUserSignsInThroughTheAppsAuthorizeRequestAndBecomesAFederatedPoolUser() throws Exception {
        AuthorizationCode code = signIn(ada("Ada", Map.of()));

        assertThat(code.username()).isEqualTo("entra_pairwise-sub-ada");
        assertThat(code.clientId()).isEqualTo(clientId);
        assertThat(code.redirectUri()).isEqualTo(CALLBACK);
        assertThat(code.scopes()).containsExactlyInAnyOrder("openid", "email", "profile");
        assertThat(code.nonce()).isEqualTo("app-nonce");
        assertThat(code.codeChallenge()).isEqualTo(StubIdp.s256("app-verifier-0123456789-0123456789-0123456789"));

        AdminGetUserResponse user = cognito.adminGetUser(r -> r.userPoolId(poolId).username("entra_pairwise-sub-ada"));
        assertThat(user.userStatus()).isEqualTo(UserStatusType.EXTERNAL_PROVIDER);
        assertThat(user.enabled()).isTrue();
        Map<String, String> attributes = attributes("entra_pairwise-sub-ada");
        assertThat(attributes).contains(entry("email", "ada@contoso.example"), entry("email_verified", "true"),
                entry("given_name", "Ada"), entry("custom:tenant", EntraTenant.TENANT_ID));
        assertThat(attributes.get("sub")).matches("[0-9a-f-]{36}");
        JsonNode identities = JSON.readTree(attributes.get("identities"));
        assertThat(identities).hasSize(1);
        JsonNode identity = identities.get(0);
        assertThat(identity.get("userId").asText()).isEqualTo("pairwise-sub-ada");
        assertThat(identity.get("providerName").asText()).isEqualTo("entra");
        assertThat(identity.get("providerType").asText()).isEqualTo("OIDC");
        assertThat(identity.get("issuer").isNull()).isTrue();
        assertThat(identity.get("primary").isTextual()).isTrue();
        assertThat(identity.get("primary").asText()).isEqualTo("true");
        assertThat(identity.get("dateCreated").isTextual()).isTrue();
        assertThat(Long.parseLong(identity.get("dateCreated").asText())).isGreaterThan(1_700_000_000_000L);

        assertThat(cognito.adminListGroupsForUser(r -> r.userPoolId(poolId).username("entra_pairwise-sub-ada"))
                .groups()).extracting(GroupType::groupName).containsExactly(poolId + "_entra");

        assertThat(code.amr()).as("how the user authenticated, for the ID token").containsExactly("fed");
        SignedJWT idToken = idToken(code);
        var claims = idToken.getJWTClaimsSet();
        assertThat(claims.getStringClaim("cognito:username")).isEqualTo("entra_pairwise-sub-ada");
        assertThat(claims.getSubject()).isEqualTo(attributes.get("sub"));
        assertThat(claims.getStringListClaim("cognito:groups"))
                .containsExactly(poolId + "_entra", "entra:g-admins", "entra:g-staff");
        assertThat(claims.getStringClaim("email")).isEqualTo("ada@contoso.example");
        assertThat(claims.getBooleanClaim("email_verified")).isTrue();
        assertThat(claims.getStringClaim("nonce")).isEqualTo("app-nonce");
        assertThat(claims.getClaim("identities")).isInstanceOf(List.class);
    }

    @Test
    void aSecondSignInRewritesTheMappedAttributesAndKeepsThoseItsClaimsLeaveOut() {
        signIn(ada("Ada", Map.of("family_name", "Lovelace")));
        assertThat(attributes("entra_pairwise-sub-ada")).contains(entry("given_name", "Ada"), entry("family_name", "Lovelace"));
        String sub = attributes("entra_pairwise-sub-ada").get("sub");

        AuthorizationCode second = signIn(ada("Augusta", Map.of("email", "augusta@contoso.example", "xms_edov", "0",
                "groups", List.of("g-staff"))));

        assertThat(second.username()).isEqualTo("entra_pairwise-sub-ada");
        Map<String, String> attributes = attributes("entra_pairwise-sub-ada");
        assertThat(attributes).contains(entry("given_name", "Augusta"), entry("family_name", "Lovelace"),
                entry("email", "augusta@contoso.example"), entry("email_verified", "false"), entry("sub", sub));
        assertThat(new JdbcIdpGroupStore(jdbi()).groupsOf(poolId, "entra_pairwise-sub-ada"))
                .extracting(g -> g.claimValue()).containsExactly("entra:g-staff");
    }

    @Test
    void aSecondSignInWhoseClaimsChangeNothingWritesNothingToTheUser() {
        signIn(ada("Ada", Map.of()));
        User first = new JdbcUserStore(jdbi()).find(poolId, "entra_pairwise-sub-ada").orElseThrow();

        assertThat(signIn(ada("Ada", Map.of())).username()).isEqualTo("entra_pairwise-sub-ada");

        User second = new JdbcUserStore(jdbi()).find(poolId, "entra_pairwise-sub-ada").orElseThrow();
        assertThat(second.lastModifiedAt()).as("no write: the last-modified date stands").isEqualTo(first.lastModifiedAt());
        assertThat(second.attributes()).containsExactlyInAnyOrderElementsOf(first.attributes());
    }

    @Test
    void theProviderGroupIsJoinedAgainAtTheNextSignInAfterAnAdminRemovedTheUser() {
        signIn(ada("Ada", Map.of()));
        cognito.adminRemoveUserFromGroup(r -> r.userPoolId(poolId).username("entra_pairwise-sub-ada")
                .groupName(poolId + "_entra"));

        signIn(ada("Ada", Map.of()));

        assertThat(cognito.adminListGroupsForUser(r -> r.userPoolId(poolId).username("entra_pairwise-sub-ada"))
                .groups()).extracting(GroupType::groupName).containsExactly(poolId + "_entra");
    }

    @Test
    void aDisabledUserWhoseClaimsChangeNothingIsStillRefused() {
        signIn(ada("Ada", Map.of()));
        cognito.adminDisableUser(r -> r.userPoolId(poolId).username("entra_pairwise-sub-ada"));
        tenant.nextSignIn(ada("Ada", Map.of()));

        String callback = browser.followUntil(authorizeUrl("s4"), CALLBACK);

        assertThat(StubIdp.query(callback)).doesNotContainKey("code").containsEntry("error", "invalid_request")
                .containsEntry("error_description", "User is disabled.").containsEntry("state", "s4");
    }

    @Test
    void anIdentityLinkedToAnExistingUserSignsInAsThatUserUntilTheLinkIsRemoved() {
        cognito.adminCreateUser(r -> r.userPoolId(poolId).username("ada").messageAction("SUPPRESS")
                .userAttributes(AttributeType.builder().name("email").value("ada@contoso.example").build()));
        ProviderUserIdentifierType entraAda = ProviderUserIdentifierType.builder().providerName("entra")
                .providerAttributeName("Cognito_Subject").providerAttributeValue("pairwise-sub-ada").build();
        cognito.adminLinkProviderForUser(r -> r.userPoolId(poolId)
                .destinationUser(ProviderUserIdentifierType.builder().providerName("Cognito")
                        .providerAttributeValue("ada").build())
                .sourceUser(entraAda));

        assertThat(signIn(ada("Ada", Map.of())).username()).isEqualTo("ada");
        assertThat(attributes("ada")).containsEntry("given_name", "Ada").containsKey("identities");

        cognito.adminDisableProviderForUser(r -> r.userPoolId(poolId).user(entraAda));
        assertThat(signIn(ada("Ada", Map.of())).username()).isEqualTo("entra_pairwise-sub-ada");
    }

    @Test
    void aPoolAttributeThatIsRequiredButNotMappedFailsTheSignInWithCognitosMessage() {
        String strictPool = cognito.createUserPool(r -> r.poolName("strict-" + UUID.randomUUID().toString().substring(0, 8))
                .schema(SchemaAttributeType.builder().name("phone_number").required(true).build())).userPool().id();
        cognito.createIdentityProvider(r -> r.userPoolId(strictPool).providerName("entra")
                .providerType(IdentityProviderTypeType.OIDC)
                .providerDetails(Map.of("client_id", ENTRA_APP, "client_secret", "s", "authorize_scopes", "openid email",
                        "attributes_request_method", "GET", "oidc_issuer", tenant.issuer()))
                .attributeMapping(Map.of("email", "email")));
        String strictClient = cognito.createUserPoolClient(r -> r.userPoolId(strictPool).clientName("strict")
                .callbackURLs(CALLBACK).allowedOAuthFlows(OAuthFlowType.CODE).allowedOAuthScopes("openid")
                .allowedOAuthFlowsUserPoolClient(true).supportedIdentityProviders("entra")).userPoolClient().clientId();
        tenant.nextSignIn(ada("Ada", Map.of()));

        String callback = browser.followUntil("http://localhost:" + server.port() + "/oauth2/authorize?client_id="
                + strictClient + "&response_type=code&redirect_uri=" + CALLBACK + "&identity_provider=entra&state=s1", CALLBACK);

        assertThat(StubIdp.query(callback)).containsEntry("error", "invalid_request")
                .containsEntry("error_description", "Invalid user attributes: phone_number: The attribute is required")
                .containsEntry("state", "s1");
    }

    @Test
    void anEmailAddressRoutesToTheProviderHoldingItsDomainAsIdentifier() {
        cognito.updateIdentityProvider(r -> r.userPoolId(poolId).providerName("entra").idpIdentifiers("contoso.example"));
        tenant.nextSignIn(ada("Ada", Map.of()));

        String callback = browser.followUntil(authorizeUrl("s2").replace("&identity_provider=entra",
                "&idp_identifier=ada%40contoso.example"), CALLBACK);

        assertThat(StubIdp.query(callback)).containsKey("code").containsEntry("state", "s2");
    }

    @Test
    void theIdpMayAnswerWithAFormPost() {
        tenant.nextSignIn(ada("Ada", Map.of()));
        String atIdp = browser.get(authorizeUrl("s3")).headers().firstValue("Location").orElseThrow();
        String idpCallback = browser.get(atIdp).headers().firstValue("Location").orElseThrow();
        String callbackPath = idpCallback.substring(0, idpCallback.indexOf('?'));

        var answer = browser.postForm(callbackPath, StubIdp.query(idpCallback));

        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(StubIdp.query(answer.headers().firstValue("Location").orElseThrow()))
                .containsKey("code").containsEntry("state", "s3");
    }

    @Test
    void signInsAreCountedByProviderAndOutcome() {
        signIn(ada("Ada", Map.of()));
        String metrics = browser.get("http://localhost:" + server.server().managementPort() + "/metrics").body();
        assertThat(metrics).containsPattern("cognate_federation_sign_ins_total\\{[^}]*outcome=\"signed_in\",pool=\""
                + poolId + "\",provider=\"entra\"[^}]*} 1\\.0");
    }

}
