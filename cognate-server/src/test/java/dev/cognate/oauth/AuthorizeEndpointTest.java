package dev.cognate.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.testing.Backend;
import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestBrowser.Page;
import dev.cognate.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderTypeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;

/**
 * {@code GET /oauth2/authorize}, check by check, as a browser sees it: error pages while the
 * client or its redirect URI is in doubt, error redirects with {@code state} after that.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class AuthorizeEndpointTest {
    static final String CALLBACK = HostedUiFixture.CALLBACK;

    @Parameter
    Backend backend;

    HostedUiFixture fixture;
    String clientId;
    TestBrowser browser;

    @BeforeEach
    void setUp() {
        fixture = HostedUiFixture.on(TestServer.shared(backend));
        clientId = fixture.client();
        browser = fixture.browser();
    }

    private Page authorize(String... extra) {
        return browser.get(fixture.authorize(clientId, extra));
    }

    private static void assertErrorPageWithoutRedirect(Page page, String... texts) {
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.header("Location")).isEmpty();
        assertThat(page.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.body()).contains(texts);
    }

    private static Map<String, String> assertErrorRedirect(Page page, String error) {
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.location()).startsWith(CALLBACK + "?");
        Map<String, String> params = page.locationParameters();
        assertThat(params).containsEntry("error", error).containsKey("error_description");
        return params;
    }

    // --- client and redirect URI: a page, never a redirect (RFC 9700 4.1, 4.11) ---

    @Test
    void requestWithoutClientIdGetsAnErrorPage() {
        assertErrorPageWithoutRedirect(authorize("client_id", null), "no client_id");
    }

    @Test
    void unknownClientGetsAnErrorPageAndNoRedirect() {
        assertErrorPageWithoutRedirect(browser.get(fixture.authorize("nosuchclient0000000000000")),
                "There is no app client with the id nosuchclient0000000000000.");
    }

    @Test
    void junkClientIdGetsAStable400Page() {
        Page page = browser.get("/oauth2/authorize?response_type=code&client_id=%3Cscript%3E%00&redirect_uri=x");
        assertErrorPageWithoutRedirect(page, "Unknown app client");
        assertThat(page.body()).doesNotContain("<script>");
    }

    @Test
    void malformedPercentEncodingGetsA400NotA500() {
        for (String path : new String[] {"/oauth2/authorize?client_id=%zz&redirect_uri=%", "/login?state=%E0%A4%A",
                "/logout?client_id=%"}) {
            String response = rawGet(path);
            assertThat(response).as(path).startsWith("HTTP/1.1 400").doesNotContain("Exception").doesNotContain("at org.");
        }
    }

    @Test
    void missingRedirectUriGetsAnErrorPage() {
        assertErrorPageWithoutRedirect(authorize("redirect_uri", null), "no redirect_uri");
    }

    @Test
    void unregisteredRedirectUriGetsAnErrorPageAndNoRedirect() {
        assertErrorPageWithoutRedirect(authorize("redirect_uri", "https://evil.example.net/callback"),
                "The redirect_uri https://evil.example.net/callback is not a callback URL registered for the app client Test App.");
    }

    @Test
    void prefixOfARegisteredRedirectUriGetsAnErrorPageAndNoRedirect() {
        assertErrorPageWithoutRedirect(authorize("redirect_uri", CALLBACK + "/../../evil"), "not a callback URL registered");
        assertErrorPageWithoutRedirect(authorize("redirect_uri", "https://app.example.com/call"), "not a callback URL registered");
    }

    @Test
    void caseChangedRedirectUriGetsAnErrorPageAndNoRedirect() {
        assertErrorPageWithoutRedirect(authorize("redirect_uri", "https://APP.example.com/callback"), "not a callback URL registered");
        assertErrorPageWithoutRedirect(authorize("redirect_uri", "https://app.example.com/Callback"), "not a callback URL registered");
    }

    @Test
    void redirectUriWithAnExtraQueryGetsAnErrorPageAndNoRedirect() {
        assertErrorPageWithoutRedirect(authorize("redirect_uri", CALLBACK + "?next=https://evil.example.net"),
                "not a callback URL registered");
        assertErrorPageWithoutRedirect(authorize("redirect_uri", HostedUiFixture.CALLBACK_WITH_QUERY + "&x=1"),
                "not a callback URL registered");
    }

    @Test
    void redirectUriWithAFragmentGetsAnErrorPageAndNoRedirect() {
        assertErrorPageWithoutRedirect(authorize("redirect_uri", CALLBACK + "#evil"), "not a callback URL registered");
    }

    @Test
    void repeatedRedirectUriGetsAnErrorPageAndNoRedirect() {
        Page page = browser.get(fixture.authorize(clientId) + "&redirect_uri=" + TestBrowser.enc("https://evil.example.net/"));
        assertErrorPageWithoutRedirect(page, "redirect_uri was sent more than once");
    }

    @Test
    void oversizedParameterGetsA400Page() {
        assertErrorPageWithoutRedirect(authorize("state", "s".repeat(5000)), "The parameter state is longer than 2048 characters.");
    }

    // --- after the redirect URI is known good: error redirects carrying state ---

    @Test
    void errorsGoBackToTheAppWithTheStateUrlEncoded() {
        Map<String, String> params = assertErrorRedirect(authorize("response_type", "id_token", "state", "a b&c=d/é"),
                "unsupported_response_type");
        assertThat(params).containsEntry("state", "a b&c=d/é");
        assertThat(browser.get(fixture.authorize(clientId, "response_type", "id_token", "state", "a b&c"))
                .location()).contains("state=a%20b%26c");
    }

    @Test
    void errorRedirectKeepsTheRegisteredQueryOfTheRedirectUri() {
        Page page = authorize("redirect_uri", HostedUiFixture.CALLBACK_WITH_QUERY, "response_type", "bogus", "state", "s1");
        assertThat(page.location()).startsWith(HostedUiFixture.CALLBACK_WITH_QUERY + "&error=unsupported_response_type");
        assertThat(page.locationParameters()).containsEntry("tenant", "a").containsEntry("state", "s1");
    }

    @Test
    void missingResponseTypeIsAnInvalidRequest() {
        assertThat(assertErrorRedirect(authorize("response_type", null), "invalid_request").get("error_description"))
                .contains("response_type");
    }

    @Test
    void clientNotEnabledForOAuthIsUnauthorized() {
        String plain = fixture.cognito.createUserPoolClient(r -> r.userPoolId(fixture.poolId).clientName("plain")
                .callbackURLs(CALLBACK)).userPoolClient().clientId();
        assertErrorRedirect(browser.get(fixture.authorize(plain)), "unauthorized_client");
    }

    @Test
    void codeResponseForAClientWithoutTheCodeFlowIsUnauthorized() {
        String implicitOnly = fixture.client(r -> r.allowedOAuthFlows(OAuthFlowType.IMPLICIT));
        assertErrorRedirect(browser.get(fixture.authorize(implicitOnly)), "unauthorized_client");
    }

    @Test
    void tokenResponseForAClientWithoutTheImplicitFlowIsUnauthorized() {
        assertErrorRedirect(authorize("response_type", "token"), "unauthorized_client");
    }

    @Test
    void errorsOfAnImplicitRequestGoInTheFragment() {
        String implicit = fixture.client(r -> r.allowedOAuthFlows(OAuthFlowType.IMPLICIT));
        Page page = browser.get(fixture.authorize(implicit, "response_type", "token", "scope", "email", "state", "f"));
        assertThat(page.location()).startsWith(CALLBACK + "#error=invalid_scope");
        assertThat(page.locationParameters()).containsEntry("state", "f");
    }

    @Test
    void repeatedParameterIsAnInvalidRequest() {
        Page page = browser.get(fixture.authorize(clientId, "state", "one") + "&state=two");
        assertThat(assertErrorRedirect(page, "invalid_request").get("error_description")).contains("state");
    }

    @Test
    void scopeNoneOfWhichTheClientMayHaveIsAnInvalidScope() {
        assertErrorRedirect(authorize("scope", "https://api.example.com/admin aws.cognito.signin.user.admin"), "invalid_scope");
    }

    @Test
    void emailWithoutOpenidIsNotGranted() {
        assertErrorRedirect(authorize("scope", "email profile"), "invalid_scope");
    }

    @Test
    void plainPkceIsRefusedAsADowngrade() {
        String challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        assertThat(assertErrorRedirect(authorize("code_challenge", challenge, "code_challenge_method", "plain"),
                "invalid_request").get("error_description")).contains("S256");
        assertErrorRedirect(authorize("code_challenge", challenge), "invalid_request");
    }

    @Test
    void pkceMethodWithoutAChallengeIsRefused() {
        assertThat(assertErrorRedirect(authorize("code_challenge_method", "S256"), "invalid_request")
                .get("error_description")).contains("without a code_challenge");
    }

    @Test
    void malformedPkceChallengeIsRefused() {
        assertErrorRedirect(authorize("code_challenge", "too-short", "code_challenge_method", "S256"), "invalid_request");
        assertErrorRedirect(authorize("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM",
                "code_challenge_method", "S256"), "invalid_request");
    }

    @Test
    void unknownPromptIsAnInvalidRequest() {
        assertErrorRedirect(authorize("prompt", "sometimes"), "invalid_request");
        assertErrorRedirect(authorize("prompt", "none login"), "invalid_request");
    }

    @Test
    void promptNoneWithoutASessionAnswersLoginRequired() {
        Map<String, String> params = assertErrorRedirect(authorize("prompt", "none", "state", "xyz"), "login_required");
        assertThat(params).containsEntry("state", "xyz");
    }

    @Test
    void identityProviderTheClientDoesNotSupportIsAnInvalidRequest() {
        assertErrorRedirect(authorize("identity_provider", "entra"), "invalid_request");
    }

    @Test
    void cognitoAsIdentityProviderForAClientWithoutItIsAnInvalidRequest() {
        addProvider("corp", "corp.example.com");
        String federatedOnly = fixture.client(r -> r.supportedIdentityProviders("corp"));
        assertErrorRedirect(browser.get(fixture.authorize(federatedOnly, "identity_provider", "COGNITO")), "invalid_request");
    }

    @Test
    void unknownIdpIdentifierIsAnInvalidRequest() {
        assertErrorRedirect(authorize("idp_identifier", "nobody.example.org"), "invalid_request");
    }

    @Test
    void upstreamIdentityProviderSendsTheBrowserToItWithStateNonceAndPkce() {
        addProvider("corp", "corp.example.com");
        String both = fixture.client(r -> r.supportedIdentityProviders("COGNITO", "corp"));
        Page page = browser.get(fixture.authorize(both, "identity_provider", "corp"));
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.header("Location")).hasValueSatisfying(location -> assertThat(location)
                .startsWith("https://login.example.com/authorize?")
                .contains("state=", "nonce=", "code_challenge=", "code_challenge_method=S256"));
    }

    @Test
    void idpIdentifierOrAnEmailDomainChoosesTheProvider() {
        addProvider("corp", "corp.example.com");
        String both = fixture.client(r -> r.supportedIdentityProviders("COGNITO", "corp"));
        for (String identifier : List.of("corp.example.com", "jane@corp.example.com")) {
            assertThat(browser.get(fixture.authorize(both, "idp_identifier", identifier)).header("Location"))
                    .hasValueSatisfying(location -> assertThat(location).startsWith("https://login.example.com/authorize?"));
        }
    }

    @Test
    void validRequestWithoutASessionGoesToTheSignInPageWithTheSameParameters() {
        Page page = authorize("state", "st&1", "scope", "openid email", "nonce", "n-1");
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.location()).startsWith("/login?");
        assertThat(TestBrowser.parameters(page.location().substring("/login?".length())))
                .containsEntry("client_id", clientId)
                .containsEntry("redirect_uri", CALLBACK)
                .containsEntry("response_type", "code")
                .containsEntry("state", "st&1")
                .containsEntry("scope", "openid email")
                .containsEntry("nonce", "n-1");
    }

    @Test
    void redirectsCarryNoStoreAndNoReferrer() {
        Page page = authorize();
        assertThat(page.header("Cache-Control")).contains("no-store");
        assertThat(page.header("Referrer-Policy")).contains("no-referrer");
    }

    /** A GET written by hand, for request lines no URI class will build. */
    private String rawGet(String path) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", fixture.server.port())) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void addProvider(String name, String identifier) {
        fixture.cognito.createIdentityProvider(r -> r.userPoolId(fixture.poolId).providerName(name)
                .providerType(IdentityProviderTypeType.OIDC)
                .idpIdentifiers(identifier)
                .providerDetails(Map.of("client_id", "cognate-" + UUID.randomUUID(), "client_secret", "s3cret",
                        "authorize_scopes", "openid email", "attributes_request_method", "GET",
                        "oidc_issuer", "https://login.example.com/issuer",
                        "authorize_url", "https://login.example.com/authorize",
                        "token_url", "https://login.example.com/token",
                        "attributes_url", "https://login.example.com/userinfo",
                        "jwks_uri", "https://login.example.com/jwks")));
    }
}
