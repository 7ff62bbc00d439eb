package dev.cognate.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.cognate.crypto.Hashes;
import dev.cognate.store.AuthorizationCodeStore.Redemption;
import dev.cognate.store.jdbc.JdbcAuthorizationCodeStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.Browser;
import dev.cognate.testing.ClientCertificate;
import dev.cognate.testing.HangingServer;
import dev.cognate.testing.StubIdp;
import dev.cognate.testing.TestServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderTypeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;

/**
 * One test per relying-party line of reference/security.md, named after the attack, against a
 * stub IdP that sends what a broken or malicious IdP would. Each ends where security.md says:
 * the app's callback with {@code error=invalid_request} and a description naming the IdP and
 * the cause, or a Cognate page when no callback can be trusted; never a signed-in user.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class FederationAttacksTest {
    static final String CALLBACK = "https://app.example.com/cb";
    static final String TENANT = "3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a98";
    static final String OTHER_TENANT = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";
    static final String IDP_CLIENT = "entra-app-0001";

    @Parameter
    Backend backend;

    TestServer server;
    CognitoIdentityProviderClient cognito;
    StubIdp idp;
    String poolId;
    String clientId;
    Browser browser;

    @BeforeEach
    void seed() {
        server = TestServer.shared(backend);
        cognito = server.client();
        idp = StubIdp.start("/" + TENANT + "/v2.0");
        poolId = cognito.createUserPool(r -> r.poolName("attacks-" + UUID.randomUUID().toString().substring(0, 8)))
                .userPool().id();
        browser = new Browser();
    }

    @AfterEach
    void stop() {
        idp.close();
    }

    /** The pool's provider {@code name} at {@code details}' issuer, and an app client that signs in through the given providers. */
    void provider(String name, Map<String, String> details) {
        cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName(name).providerType(IdentityProviderTypeType.OIDC)
                .providerDetails(details).attributeMapping(Map.of("email", "email")));
    }

    void app(String... providers) {
        clientId = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("app").callbackURLs(CALLBACK)
                .allowedOAuthFlows(OAuthFlowType.CODE).allowedOAuthScopes("openid", "email")
                .allowedOAuthFlowsUserPoolClient(true).supportedIdentityProviders(providers)).userPoolClient().clientId();
    }

    static Map<String, String> details(String issuer, String... more) {
        Map<String, String> details = new HashMap<>(Map.of("client_id", IDP_CLIENT, "client_secret", "idp-secret",
                "authorize_scopes", "openid profile email", "attributes_request_method", "GET", "oidc_issuer", issuer));
        for (int i = 0; i < more.length; i += 2) {
            details.put(more[i], more[i + 1]);
        }
        return details;
    }

    void seedEntra(String... more) {
        provider("entra", details(idp.issuer(), more));
        app("entra");
    }

    String authorize(String provider, String extra) {
        return "http://localhost:" + server.port() + "/oauth2/authorize?client_id=" + clientId + "&response_type=code"
                + "&redirect_uri=" + CALLBACK + "&identity_provider=" + provider + "&state=app-state" + extra;
    }

    /** Runs the browser to the IdP and back; the address of Cognate's callback the IdP answered with (not yet called). */
    String idpCallback(String provider, String extra) {
        String atIdp = location(browser.get(authorize(provider, extra)));
        return location(browser.get(atIdp));
    }

    static String location(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        return response.headers().firstValue("Location").orElseThrow();
    }

    /** The app's answer after Cognate handles the IdP's callback. */
    Map<String, String> appAnswer(String callback) {
        String location = location(browser.get(callback));
        assertThat(location).startsWith(CALLBACK);
        return StubIdp.query(location);
    }

    Map<String, String> signIn() {
        return appAnswer(idpCallback("entra", ""));
    }

    void assertRefused(Map<String, String> answer, String... description) {
        assertThat(answer).containsEntry("error", "invalid_request").containsEntry("state", "app-state")
                .doesNotContainKey("code");
        assertThat(answer.get("error_description")).contains(description);
    }

    JWTClaimsSet.Builder claims() {
        return idp.claims(idp.authorizations.getLast());
    }

    String username(Map<String, String> answer) {
        Redemption redemption = new JdbcAuthorizationCodeStore(server.server().database().jdbi())
                .redeem(Hashes.sha256Hex(answer.get("code")), Instant.now());
        return ((Redemption.Redeemed) redemption).code().username();
    }

    // --- ID token validation (OIDC Core 3.1.3.7)

    @Test
    void aWellFormedSignInWorksSoTheRefusalsBelowAreAboutTheirAttack() {
        seedEntra();
        Map<String, String> answer = signIn();
        assertThat(answer).containsKey("code").containsEntry("state", "app-state");
        assertThat(username(answer)).isEqualTo("entra_" + StubIdp.SUBJECT);
    }

    @Test
    void aForgedSignatureIsRefused() throws JOSEException {
        seedEntra();
        RSAKey forger = new RSAKeyGenerator(2048).keyID(idp.key().getKeyID()).generate();
        idp.idToken(a -> sign(idp.claims(a).build(), forger, null));
        assertRefused(signIn(), "entra's ID token was refused", "signature");
    }

    @Test
    void anUnsignedAlgNoneTokenIsRefused() {
        seedEntra();
        idp.idToken(a -> new PlainJWT(idp.claims(a).build()).serialize());
        assertRefused(signIn(), "entra's ID token is not signed (alg: none)");
    }

    @Test
    void anHs256TokenSignedWithTheIdpsPublicKeyAsSecretIsRefused() {
        seedEntra();
        idp.idToken(a -> {
            try {
                SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(idp.key().getKeyID()).build(),
                        idp.claims(a).build());
                jwt.sign(new MACSigner(idp.key().toRSAPublicKey().getEncoded()));
                return jwt.serialize();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        });
        assertRefused(signIn(), "entra's ID token is signed with HS256", "only RS256");
    }

    @Test
    void aTokenNamingItsOwnKeysByJkuIsRefused() throws JOSEException {
        seedEntra();
        RSAKey attacker = new RSAKeyGenerator(2048).keyID("attacker-key").generate();
        idp.idToken(a -> sign(idp.claims(a).build(), attacker, URI.create("https://attacker.example.com/keys")));
        assertRefused(signIn(), "entra's ID token was refused");
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() {
        seedEntra();
        idp.idToken(a -> idp.sign(idp.claims(a).issuer("https://login.microsoftonline.com/" + OTHER_TENANT + "/v2.0").build()));
        assertRefused(signIn(), "entra's ID token was refused", "issuer");
    }

    @Test
    void aTokenForAnotherAudienceIsRefusedAndSeveralAudiencesNeedOurAzp() {
        seedEntra();
        idp.idToken(a -> idp.sign(idp.claims(a).audience("another-app").build()));
        assertRefused(signIn(), "entra's ID token was refused", "audience");

        idp.idToken(a -> idp.sign(idp.claims(a).audience(List.of(IDP_CLIENT, "another-app")).claim("azp", "another-app").build()));
        assertRefused(signIn(), "entra's ID token was refused", "azp");
    }

    @Test
    void anExpiredTokenIsRefused() {
        seedEntra();
        Instant past = Instant.now().minus(Duration.ofHours(2));
        idp.idToken(a -> idp.sign(idp.claims(a).issueTime(Date.from(past)).notBeforeTime(Date.from(past))
                .expirationTime(Date.from(past.plus(Duration.ofHours(1)))).build()));
        assertRefused(signIn(), "entra's ID token was refused", "Expired");
    }

    @Test
    void aTokenNotValidYetIsRefused() {
        seedEntra();
        idp.idToken(a -> idp.sign(idp.claims(a).notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(10)))).build()));
        assertRefused(signIn(), "entra's ID token is not valid yet");
    }

    @Test
    void aNonceMismatchIsRefused() {
        seedEntra();
        idp.idToken(a -> idp.sign(idp.claims(a).claim("nonce", "a-nonce-from-another-sign-in").build()));
        assertRefused(signIn(), "entra's ID token was refused", "nonce");
    }

    // --- state: single use, bound to the browser and to the IdP (RFC 9700 4.4, 4.7; RFC 9207)

    @Test
    void aReplayedStateIsRefusedWithAPage() {
        seedEntra();
        String callback = idpCallback("entra", "");
        assertThat(appAnswer(callback)).containsKey("code");

        HttpResponse<String> replay = browser.get(callback);
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.body()).contains("This sign-in was already completed");
    }

    @Test
    void aStateIssuedForAnotherProviderIsRefusedBeforeAnyCodeIsSpent() {
        try (StubIdp other = StubIdp.start("/other/v2.0")) {
            provider("entra", details(idp.issuer()));
            provider("other", details(other.issuer()));
            app("entra", "other");
            String atEntra = location(browser.get(authorize("entra", "")));
            String state = StubIdp.query(atEntra).get("state");
            String codeFromOther = StubIdp.query(location(browser.get(location(browser.get(authorize("other", ""))))))
                    .get("code");

            Map<String, String> answer = appAnswer("http://localhost:" + server.port() + "/oauth2/idpresponse?code="
                    + codeFromOther + "&state=" + state + "&iss=" + other.issuer());

            assertRefused(answer, "came from the issuer " + other.issuer(), "sent to entra", "mix-up");
            assertThat(idp.tokenCalls).isEmpty();
            assertThat(other.tokenCalls).isEmpty();
        }
    }

    @Test
    void aStateFromAnotherBrowserIsRefusedWithAPage() {
        seedEntra();
        String attackersCallback = idpCallback("entra", "");
        Browser victim = new Browser();

        HttpResponse<String> page = victim.get(attackersCallback);

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("This sign-in was started elsewhere");
        assertThat(idp.tokenCalls).isEmpty();
    }

    // A state older than five minutes: FederatedLoginTest (the core, on a clock the test moves).

    @Test
    void anUnknownStateIsRefusedWithAPage() {
        seedEntra();
        HttpResponse<String> page = browser.get("http://localhost:" + server.port()
                + "/oauth2/idpresponse?code=x&state=" + "A".repeat(43));
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("This sign-in cannot be completed");
        assertThat(browser.get("http://localhost:" + server.port() + "/oauth2/idpresponse").statusCode()).isEqualTo(400);
    }

    // --- what is sent to the IdP

    @Test
    void pkceNonceScopesAndTheAppsPromptAndLoginHintAreSentToTheIdp() {
        seedEntra();
        assertThat(appAnswer(idpCallback("entra", "&prompt=select_account+login&login_hint=ada%40contoso.example")))
                .containsKey("code");

        StubIdp.Authorization sent = idp.authorizations.getLast();
        assertThat(sent.get("code_challenge_method")).isEqualTo("S256");
        assertThat(sent.get("code_challenge")).hasSize(43);
        assertThat(sent.get("nonce")).hasSize(43);
        assertThat(sent.get("state")).hasSize(43).isNotEqualTo("app-state");
        assertThat(sent.get("scope")).isEqualTo("openid profile email");
        assertThat(sent.get("prompt")).isEqualTo("select_account");
        assertThat(sent.get("login_hint")).isEqualTo("ada@contoso.example");
        assertThat(sent.get("redirect_uri")).isEqualTo("http://localhost:" + server.port() + "/oauth2/idpresponse");
        assertThat(idp.tokenCalls.getLast().form()).containsEntry("client_secret", "idp-secret")
                .containsEntry("client_id", IDP_CLIENT).containsKey("code_verifier");
    }

    @Test
    void anIdpWithoutUserinfoSignsInWithItsIdTokenAlone() {
        idp.discovery(doc -> {
            Map<String, Object> copy = new HashMap<>(doc);
            copy.remove("userinfo_endpoint");
            return copy;
        });
        idp.idToken(a -> idp.sign(idp.claims(a).claim("email", "ada@contoso.example").build()));
        seedEntra();
        assertThat(signIn()).containsKey("code");
        assertThat(idp.userInfoMethods).isEmpty();
        assertThat(attributes("entra_" + StubIdp.SUBJECT)).containsEntry("email", "ada@contoso.example");
    }

    @Test
    void userinfoIsReadWithTheConfiguredMethod() {
        seedEntra("attributes_request_method", "POST");
        assertThat(signIn()).containsKey("code");
        assertThat(idp.userInfoMethods).containsExactly("POST");
    }

    // --- identity: never by e-mail (nOAuth)

    @Test
    void nOAuthAnUnverifiedEmailEqualToAnExistingUsersEmailLandsOnANewSeparateUser() {
        seedEntra();
        cognito.adminCreateUser(r -> r.userPoolId(poolId).username("victim").messageAction("SUPPRESS").userAttributes(
                AttributeType.builder().name("email").value("victim@contoso.example").build(),
                AttributeType.builder().name("email_verified").value("true").build()));
        idp.idToken(a -> idp.sign(idp.claims(a).claim("email", "victim@contoso.example").build()));

        Map<String, String> answer = signIn();

        assertThat(username(answer)).isEqualTo("entra_" + StubIdp.SUBJECT);
        Map<String, String> attacker = attributes("entra_" + StubIdp.SUBJECT);
        assertThat(attacker).containsEntry("email", "victim@contoso.example").containsEntry("email_verified", "false");
        assertThat(attributes("victim")).doesNotContainKey("identities");
        assertThat(cognito.adminListGroupsForUser(r -> r.userPoolId(poolId).username("victim")).groups()).isEmpty();
    }

    @Test
    void aUserinfoAboutAnotherSubjectIsRefused() {
        seedEntra();
        idp.userInfo(subject -> Map.of("sub", "someone-else", "email", "someone@contoso.example"));
        assertRefused(signIn(), "entra's userinfo is about another subject than its ID token");
    }

    // --- Entra multi-tenant issuers

    @Test
    void aMultiTenantIssuerAcceptsAnAllowedTenantByMicrosoftsRuleAndShowsAPageForAnother() {
        try (StubIdp organizations = StubIdp.start("/organizations/v2.0")) {
            organizations.discovery(doc -> {
                Map<String, Object> copy = new HashMap<>(doc);
                copy.put("issuer", organizations.base() + "/{tenantid}/v2.0");
                return copy;
            });
            provider("entra", details(organizations.issuer(), "allowed_tenants", TENANT));
            app("entra");
            String tenantIssuer = organizations.base() + "/" + TENANT + "/v2.0";
            organizations.idToken(a -> organizations.sign(organizations.claims(a).issuer(tenantIssuer).claim("tid", TENANT).build()));
            assertThat(signIn()).containsKey("code");

            // tid and iss must agree: a token naming an allowed tid under another tenant's issuer is refused.
            organizations.idToken(a -> organizations.sign(organizations.claims(a)
                    .issuer(organizations.base() + "/" + OTHER_TENANT + "/v2.0").claim("tid", TENANT).build()));
            assertRefused(signIn(), "entra's ID token was refused", "issuer");

            organizations.idToken(a -> organizations.sign(organizations.claims(a)
                    .issuer(organizations.base() + "/" + OTHER_TENANT + "/v2.0").claim("tid", OTHER_TENANT).build()));
            HttpResponse<String> page = browser.get(idpCallback("entra", ""));
            assertThat(page.statusCode()).isEqualTo(400);
            assertThat(page.body()).contains("Your organization cannot sign in here").contains(OTHER_TENANT);

            organizations.idToken(a -> organizations.sign(organizations.claims(a)
                    .issuer(organizations.base() + "/not-a-guid/v2.0").claim("tid", "not-a-guid").build()));
            assertRefused(signIn(), "no tenant id (tid) that is a GUID");
        }
    }

    // --- client authentication at the IdP

    @Test
    void privateKeyJwtIsSignedWithTheRegisteredKeyAndCertificateAsEntraAsks() {
        ClientCertificate registered = ClientCertificate.generate("cognate-entra-client");
        idp.checkClientAuthentication(call -> checkAssertion(call, registered));
        seedEntra("token_endpoint_auth_method", "private_key_jwt", "private_key", registered.privateKeyPem(),
                "certificate", registered.certificatePem());
        assertThat(signIn()).containsKey("code");
        assertThat(idp.tokenCalls.getLast().form()).doesNotContainKey("client_secret");

        ClientCertificate other = ClientCertificate.generate("not-registered");
        cognito.updateIdentityProvider(r -> r.userPoolId(poolId).providerName("entra").providerDetails(details(idp.issuer(),
                "token_endpoint_auth_method", "private_key_jwt", "private_key", other.privateKeyPem(),
                "certificate", other.certificatePem())));
        assertRefused(signIn(), "entra refused the authorization code: invalid_client", "AADSTS700027");
    }

    @Test
    void clientSecretBasicSendsTheSecretInTheAuthorizationHeader() {
        seedEntra("token_endpoint_auth_method", "client_secret_basic");
        assertThat(signIn()).containsKey("code");
        StubIdp.TokenCall call = idp.tokenCalls.getLast();
        assertThat(call.authorizationHeader()).isEqualTo("Basic " + java.util.Base64.getEncoder()
                .encodeToString((IDP_CLIENT + ":idp-secret").getBytes()));
        assertThat(call.form()).doesNotContainKey("client_secret");
    }

    // --- failures of the IdP itself

    @Test
    void anIdpErrorReachesTheAppNamingTheIdpAndItsAadstsCode() {
        seedEntra();
        idp.authorizeAnswer(a -> Map.of("error", "access_denied", "state", a.get("state"), "error_description",
                "AADSTS65004: User declined to consent to access the app.\r\nTrace ID: 0000\r\nCorrelation ID: 1111"));
        Map<String, String> answer = signIn();
        assertRefused(answer, "entra answered access_denied: AADSTS65004: User declined to consent to access the app.");
        assertThat(answer.get("error_description")).doesNotContain("Trace ID");
    }

    @Test
    void anIdpThatHangsEndsInAClearErrorWithinTheTimeout() {
        try (HangingServer hanging = new HangingServer()) {
            seedEntra("authorize_url", idp.endpoint("authorize"), "token_url", hanging.url("/token"),
                    "attributes_url", idp.endpoint("userinfo"), "jwks_uri", idp.endpoint("keys"));
            String callback = idpCallback("entra", "");
            long start = System.nanoTime();

            Map<String, String> answer = appAnswer(callback);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(25));
            assertRefused(answer, "did not answer within 10 seconds");
        }
    }

    // --- helpers

    Map<String, String> attributes(String username) {
        return cognito.adminGetUser(r -> r.userPoolId(poolId).username(username)).userAttributes().stream()
                .collect(Collectors.toMap(AttributeType::name, AttributeType::value));
    }

    static String sign(JWTClaimsSet claims, RSAKey key, URI jku) {
        try {
            JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID());
            if (jku != null) {
                header.jwkURL(jku);
            }
            SignedJWT jwt = new SignedJWT(header.build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What Entra checks of a certificate credential; null when the assertion is good. */
    String checkAssertion(StubIdp.TokenCall call, ClientCertificate registered) {
        try {
            if (!"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(call.form().get("client_assertion_type"))) {
                return "AADSTS7000218: The request body must contain client_assertion or client_secret.";
            }
            SignedJWT assertion = SignedJWT.parse(call.form().get("client_assertion"));
            Base64URL thumbprint = Base64URL.encode(MessageDigest.getInstance("SHA-256")
                    .digest(registered.certificate().getEncoded()));
            if (!JWSAlgorithm.PS256.equals(assertion.getHeader().getAlgorithm())
                    || !thumbprint.equals(assertion.getHeader().getX509CertSHA256Thumbprint())) {
                return "AADSTS700027: The certificate with identifier used to sign the client assertion is not registered.";
            }
            if (!assertion.verify(new RSASSAVerifier((java.security.interfaces.RSAPublicKey) registered.keys().getPublic()))) {
                return "AADSTS700027: Client assertion contains an invalid signature.";
            }
            JWTClaimsSet claims = assertion.getJWTClaimsSet();
            Instant now = Instant.now();
            boolean good = IDP_CLIENT.equals(claims.getIssuer()) && IDP_CLIENT.equals(claims.getSubject())
                    && claims.getAudience().contains(idp.endpoint("token")) && claims.getJWTID() != null
                    && claims.getExpirationTime().toInstant().isAfter(now)
                    && claims.getExpirationTime().toInstant().isBefore(now.plus(Duration.ofMinutes(10)))
                    && !claims.getNotBeforeTime().toInstant().isAfter(now.plusSeconds(5));
            return good ? null : "AADSTS700024: Client assertion is not within its valid time range or misaddressed.";
        } catch (Exception e) {
            return "AADSTS50027: Invalid JWT token: " + e.getMessage();
        }
    }
}
