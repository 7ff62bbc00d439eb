package dev.cognate.devidp;

import static dev.cognate.devidp.testing.TestIdp.ALICE;
import static dev.cognate.devidp.testing.TestIdp.ALICE_PASSWORD;
import static dev.cognate.devidp.testing.TestIdp.CONTOSO;
import static dev.cognate.devidp.testing.TestIdp.FABRIKAM;
import static dev.cognate.devidp.testing.TestIdp.REDIRECT_URI;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.devidp.testing.Browser;
import dev.cognate.devidp.testing.TestIdp;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** entra.md checklist 6: sign-in audience, exact redirect URIs with Entra-style error pages, consent prompt and admin consent. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AudienceRedirectAndConsentConformanceTest {
    private TestIdp idp;

    @BeforeAll
    void start() {
        idp = TestIdp.start();
    }

    @AfterAll
    void stop() {
        idp.close();
    }

    private HttpResponse<String> authorize(String tenant, Map<String, String> params) {
        return idp.browser().get(idp.authorizeUrl(tenant, params));
    }

    private static Map<String, String> with(Map<String, String> params, String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(params);
        copy.put(key, value);
        return copy;
    }

    private static void assertErrorPage(HttpResponse<String> response, String aadsts) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(response.body()).contains("Sorry, but we're having trouble signing you in.").contains(aadsts);
    }

    @Test
    void unknownClientIsShownOnTheErrorPageNeverRedirected() {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        assertErrorPage(authorize(CONTOSO, with(TestIdp.codeRequest(app), "client_id", "00000000-1111-2222-3333-444444444444")), "AADSTS700016");
    }

    @Test
    void unregisteredRedirectUriIsShownOnTheErrorPageNeverRedirected() {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        assertErrorPage(authorize(CONTOSO, with(TestIdp.codeRequest(app), "redirect_uri", "https://evil.example.com/callback")), "AADSTS50011");
    }

    @Test
    void redirectUriMatchingIsExactAndCaseSensitive() {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        for (String variant : new String[] {"https://app.example.com/Callback", "https://APP.example.com/callback",
                "https://app.example.com/callback/", "https://app.example.com/callback?x=1", "https://app.example.com/callbackx",
                "http://app.example.com/callback", "https://app.example.com:8443/callback"}) {
            assertErrorPage(authorize(CONTOSO, with(TestIdp.codeRequest(app), "redirect_uri", variant)), "AADSTS50011");
        }
    }

    @Test
    void thePortOfALocalhostRedirectUriIsIgnored() {
        TestIdp.App app = idp.register("""
                {"displayName":"Native","web":{"redirectUris":["http://localhost/callback"]}}""", null);
        HttpResponse<String> page = authorize(CONTOSO, with(TestIdp.codeRequest(app), "redirect_uri", "http://localhost:51234/callback"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Pick a test user");
    }

    @Test
    void httpRedirectUrisAreOnlyRegistrableForLocalhost() {
        var refused = idp.graph("POST", "/v1.0/applications", """
                {"displayName":"Insecure","web":{"redirectUris":["http://app.example.com/callback"]}}""", null);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(TestIdp.json(refused.body()).get("error").get("code").asText()).isEqualTo("Request_BadRequest");
    }

    @Test
    void aSingleTenantAppThroughCommonFailsWithAadsts50194() {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        assertErrorPage(authorize("common", TestIdp.codeRequest(app)), "AADSTS50194");
        assertErrorPage(authorize("organizations", TestIdp.codeRequest(app)), "AADSTS50194");
    }

    @Test
    void aSingleTenantAppThroughAnotherTenantIsNotFoundThere() {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        assertErrorPage(authorize(FABRIKAM, TestIdp.codeRequest(app)), "AADSTS700016");
    }

    @Test
    void anOrganizationsOnlyAppThroughConsumersFailsWithAadsts9002332() {
        TestIdp.App app = idp.registerWebApp("AzureADMultipleOrgs");
        assertErrorPage(authorize("consumers", TestIdp.codeRequest(app)), "AADSTS9002332");
    }

    @Test
    void aPersonalAccountsOnlyAppThroughOrganizationsFailsWithAadsts9002331() {
        TestIdp.App app = idp.registerWebApp("PersonalMicrosoftAccount");
        assertErrorPage(authorize("organizations", TestIdp.codeRequest(app)), "AADSTS9002331");
    }

    @Test
    void theSignInPageOffersOnlyUsersTheAudienceAndAuthorityAdmit() {
        TestIdp.App single = idp.registerWebApp("AzureADMyOrg");
        String page = authorize(CONTOSO, TestIdp.codeRequest(single)).body();
        assertThat(page).contains(ALICE).doesNotContain("bob@fabrikam.onmicrosoft.com").doesNotContain("carol@outlook.com");
        TestIdp.App multi = idp.registerWebApp("AzureADMultipleOrgs");
        String organizations = authorize("organizations", TestIdp.codeRequest(multi)).body();
        assertThat(organizations).contains(ALICE).contains("bob@fabrikam.onmicrosoft.com").doesNotContain("carol@outlook.com");
    }

    @Test
    void aSignInAsAUserOutsideTheAudienceIsRefused() {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        Browser browser = idp.browser();
        HttpResponse<String> page = browser.get(idp.authorizeUrl(CONTOSO, TestIdp.codeRequest(app)));
        HttpResponse<String> refused = browser.submitSignIn(page, "bob@fabrikam.onmicrosoft.com", "bob-pw");
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("Your account or password is incorrect.");
    }

    @Test
    void errorsAfterValidationGoToTheRedirectUriWithAadstsDescriptionErrorUriAndState() {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        HttpResponse<String> response = authorize(CONTOSO, with(TestIdp.codeRequest(app), "response_type", "token"));
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElseThrow()).startsWith(REDIRECT_URI);
        Map<String, String> params = Browser.redirectParams(response);
        assertThat(params.get("error")).isEqualTo("unsupported_response_type");
        assertThat(params.get("error_description")).startsWith("AADSTS").contains("\r\nTrace ID: ").contains("\r\nCorrelation ID: ")
                .contains("\r\nTimestamp: ");
        assertThat(params.get("error_uri")).isNotBlank();
        assertThat(params.get("state")).isEqualTo("state-123");
    }

    @Test
    void missingScopeIsAnErrorRedirect() {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        Map<String, String> params = new LinkedHashMap<>(TestIdp.codeRequest(app));
        params.remove("scope");
        assertThat(Browser.redirectParams(authorize(CONTOSO, params)).get("error")).isEqualTo("invalid_request");
    }

    @Test
    void consentIsAskedOnceAndThenRemembered() {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        Browser browser = idp.browser();
        HttpResponse<String> consent = browser.submitSignIn(browser.get(idp.authorizeUrl(CONTOSO, TestIdp.codeRequest(app))), ALICE, ALICE_PASSWORD);
        assertThat(consent.body()).contains("Permissions requested").contains("View your email address");
        assertThat(Browser.redirectParams(browser.submitConsent(consent, "accept"))).containsKey("code");
        Browser later = idp.browser();
        HttpResponse<String> again = later.submitSignIn(later.get(idp.authorizeUrl(CONTOSO, TestIdp.codeRequest(app))), ALICE, ALICE_PASSWORD);
        assertThat(Browser.redirectParams(again)).containsKey("code");
    }

    @Test
    void decliningConsentRedirectsWithAccessDenied() {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        Browser browser = idp.browser();
        HttpResponse<String> consent = browser.submitSignIn(browser.get(idp.authorizeUrl(CONTOSO, TestIdp.codeRequest(app))), ALICE, ALICE_PASSWORD);
        Map<String, String> params = Browser.redirectParams(browser.submitConsent(consent, "decline"));
        assertThat(params.get("error")).isEqualTo("access_denied");
        assertThat(params.get("error_description")).startsWith("AADSTS65004");
        assertThat(params.get("state")).isEqualTo("state-123");
    }

    @Test
    void adminConsentRemovesTheConsentPromptForEveryUserOfTheTenant() {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        idp.adminConsent(app.appId(), null);
        Browser browser = idp.browser();
        HttpResponse<String> response = browser.submitSignIn(browser.get(idp.authorizeUrl(CONTOSO, TestIdp.codeRequest(app))),
                "carl@contoso.onmicrosoft.com", "carl-pw");
        assertThat(Browser.redirectParams(response)).containsKey("code");
    }

    @Test
    void adminConsentInOneTenantDoesNotCoverAnother() {
        TestIdp.App app = idp.registerWebApp("AzureADMultipleOrgs");
        idp.adminConsent(app.appId(), null);
        Browser browser = idp.browser();
        HttpResponse<String> response = browser.submitSignIn(browser.get(idp.authorizeUrl(FABRIKAM, TestIdp.codeRequest(app))),
                "bob@fabrikam.onmicrosoft.com", "bob-pw");
        assertThat(response.body()).contains("Permissions requested");
    }

    @Test
    void promptConsentAsksEvenAfterAdminConsent() {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        idp.adminConsent(app.appId(), null);
        Browser browser = idp.browser();
        HttpResponse<String> response = browser.submitSignIn(browser.get(idp.authorizeUrl(CONTOSO,
                with(TestIdp.codeRequest(app), "prompt", "consent"))), ALICE, ALICE_PASSWORD);
        assertThat(response.body()).contains("Permissions requested");
    }

    @Test
    void promptNoneWithoutASessionIsLoginRequired() {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        Map<String, String> params = Browser.redirectParams(authorize(CONTOSO, with(TestIdp.codeRequest(app), "prompt", "none")));
        assertThat(params.get("error")).isEqualTo("login_required");
        assertThat(params.get("error_description")).startsWith("AADSTS50058");
    }

    @Test
    void promptNoneWithASessionButNoConsentIsConsentRequiredAndWithConsentIssuesACode() {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        TestIdp.App other = idp.registerWebApp("AzureADMyOrg");
        idp.adminConsent(other.appId(), null);
        Browser browser = idp.browser();
        browser.signIn(idp.authorizeUrl(CONTOSO, TestIdp.codeRequest(other)), ALICE, ALICE_PASSWORD);
        assertThat(Browser.redirectParams(browser.get(idp.authorizeUrl(CONTOSO, with(TestIdp.codeRequest(app), "prompt", "none"))))
                .get("error")).isEqualTo("consent_required");
        assertThat(Browser.redirectParams(browser.get(idp.authorizeUrl(CONTOSO, with(TestIdp.codeRequest(other), "prompt", "none")))))
                .containsKey("code");
    }

    @Test
    void promptNoneWithTwoSignedInAccountsAndNoHintIsInteractionRequired() {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        idp.adminConsent(app.appId(), null);
        Browser browser = idp.browser();
        browser.signIn(idp.authorizeUrl(CONTOSO, TestIdp.codeRequest(app)), ALICE, ALICE_PASSWORD);
        browser.signIn(idp.authorizeUrl(CONTOSO, with(TestIdp.codeRequest(app), "prompt", "login")), "carl@contoso.onmicrosoft.com", "carl-pw");
        assertThat(Browser.redirectParams(browser.get(idp.authorizeUrl(CONTOSO, with(TestIdp.codeRequest(app), "prompt", "none"))))
                .get("error")).isEqualTo("interaction_required");
        Map<String, String> hinted = with(with(TestIdp.codeRequest(app), "prompt", "none"), "login_hint", ALICE);
        assertThat(Browser.redirectParams(browser.get(idp.authorizeUrl(CONTOSO, hinted)))).containsKey("code");
    }

    @Test
    void aSignedInUserIsNotAskedAgainUnlessPromptIsLoginOrSelectAccount() {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        idp.adminConsent(app.appId(), null);
        Browser browser = idp.browser();
        browser.signIn(idp.authorizeUrl(CONTOSO, TestIdp.codeRequest(app)), ALICE, ALICE_PASSWORD);
        assertThat(Browser.redirectParams(browser.get(idp.authorizeUrl(CONTOSO, TestIdp.codeRequest(app))))).containsKey("code");
        assertThat(browser.get(idp.authorizeUrl(CONTOSO, with(TestIdp.codeRequest(app), "prompt", "login"))).body()).contains("name=\"passwd\"");
        HttpResponse<String> picker = browser.get(idp.authorizeUrl(CONTOSO, with(TestIdp.codeRequest(app), "prompt", "select_account")));
        assertThat(picker.body()).contains("signed in");
        assertThat(Browser.redirectParams(browser.submitSignIn(picker, ALICE, ""))).containsKey("code");
    }

    @Test
    void loginHintPreselectsTheUser() {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        String page = authorize(CONTOSO, with(TestIdp.codeRequest(app), "login_hint", "carl@contoso.onmicrosoft.com")).body();
        assertThat(page).containsPattern("value=\"carl@contoso.onmicrosoft.com\" checked");
        assertThat(page).doesNotContainPattern("value=\"alice@contoso.onmicrosoft.com\" checked");
    }

    @Test
    void pagesEscapeUserSuppliedValuesAndSendSecurityHeaders() {
        TestIdp.App app = idp.register("""
                {"displayName":"<script>alert(1)</script>","web":{"redirectUris":["%s"]}}""".formatted(REDIRECT_URI), null);
        HttpResponse<String> page = authorize(CONTOSO, with(TestIdp.codeRequest(app), "login_hint", "\"><script>x</script>"));
        assertThat(page.body()).doesNotContain("<script>alert(1)</script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>x</script>");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'").contains("frame-ancestors 'none'");
        assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(page.headers().firstValue("Set-Cookie").orElseThrow()).contains("HttpOnly").contains("SameSite=Lax");
    }

    @Test
    void aSignInFormWithoutTheBrowsersFlowTokenIsRefused() {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        Browser browser = idp.browser();
        HttpResponse<String> page = browser.get(idp.authorizeUrl(CONTOSO, TestIdp.codeRequest(app)));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("ctx", Browser.hidden(page.body(), "ctx"));
        form.put("flowToken", "forged");
        form.put("login", ALICE);
        form.put("passwd", ALICE_PASSWORD);
        HttpResponse<String> refused = browser.post(Browser.formAction(page.body()), form);
        assertThat(refused.statusCode()).isEqualTo(400);
        HttpResponse<String> otherBrowser = idp.browser().submitSignIn(page, ALICE, ALICE_PASSWORD);
        assertThat(otherBrowser.statusCode()).isEqualTo(400);
    }

    @Test
    void logoutReturnsOnlyToARegisteredUriAndEndsTheSession() {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        idp.adminConsent(app.appId(), null);
        Browser browser = idp.browser();
        browser.signIn(idp.authorizeUrl(CONTOSO, TestIdp.codeRequest(app)), ALICE, ALICE_PASSWORD);
        HttpResponse<String> evil = browser.get(idp.base() + "/" + CONTOSO + "/oauth2/v2.0/logout?client_id=" + app.appId()
                + "&post_logout_redirect_uri=https://evil.example.com/");
        assertThat(evil.statusCode()).isEqualTo(200);
        assertThat(evil.body()).contains("You signed out");
        browser.signIn(idp.authorizeUrl(CONTOSO, TestIdp.codeRequest(app)), ALICE, ALICE_PASSWORD);
        HttpResponse<String> back = browser.get(idp.base() + "/" + CONTOSO + "/oauth2/v2.0/logout?client_id=" + app.appId()
                + "&post_logout_redirect_uri=" + REDIRECT_URI + "&state=bye");
        assertThat(back.headers().firstValue("Location")).contains(REDIRECT_URI + "?state=bye");
        assertThat(Browser.redirectParams(browser.get(idp.authorizeUrl(CONTOSO, with(TestIdp.codeRequest(app), "prompt", "none"))))
                .get("error")).isEqualTo("login_required");
    }
}
