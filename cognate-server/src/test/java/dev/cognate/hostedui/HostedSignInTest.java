package dev.cognate.hostedui;

import dev.cognate.oauth.BrowserSessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.cognate.clients.AppClient;
import dev.cognate.crypto.SecretBox;
import dev.cognate.store.AuthorizationCode;
import dev.cognate.store.AuthorizationCodeStore;
import dev.cognate.store.jdbc.JdbcAppClientStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestBrowser.Page;
import dev.cognate.testing.TestServer;
import java.lang.reflect.RecordComponent;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderTypeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;

/** The hosted sign-in page, its forms and the browser session, over plain HTTP, on both backends. */
@ParameterizedClass
@EnumSource(Backend.class)
class HostedSignInTest {
    static final String PASSWORD = HostedUiFixture.PASSWORD;
    static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

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

    private Page loginPage(TestBrowser b, String authorizeUrl) {
        Page toLogin = b.get(authorizeUrl);
        assertThat(toLogin.location()).startsWith("/login?");
        Page page = b.get(toLogin.location());
        assertThat(page.status()).isEqualTo(200);
        return page;
    }

    private Page signIn(TestBrowser b, String authorizeUrl, String username, String password) {
        return b.submit(loginPage(b, authorizeUrl), "/login", Map.of("username", username, "password", password));
    }

    private static String codeOf(Page page) {
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.location()).startsWith(HostedUiFixture.CALLBACK + "?");
        return page.locationParameters().get("code");
    }

    // --- the page ---

    @Test
    void signInPageShowsTheAppNameAndAPasswordFormCarryingTheSignInTransaction() {
        Page toLogin = browser.get(fixture.authorize(clientId, "state", "s-1"));
        String signIn = TestBrowser.parameters(toLogin.location().substring("/login?".length())).get("signin");
        Page page = browser.get(toLogin.location());
        assertThat(page.body()).contains("Sign in to <span class=\"app\">Test App</span>", "<label for=\"username\">",
                "<label for=\"password\">", "action=\"/login\"");
        // The validated request stays in the store: the form carries only the transaction's id, so
        // nothing of the request (client, redirect URI, scopes, state) can be changed between steps.
        assertThat(page.hiddenFields()).containsOnly(Map.entry("signin", signIn),
                Map.entry(Csrf.FIELD, browser.cookie(Csrf.COOKIE).orElseThrow()));
    }

    @Test
    void signInPageCarriesTheSecurityHeaders() {
        Page page = loginPage(browser, fixture.authorize(clientId));
        assertThat(page.header("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'none'", "frame-ancestors 'none'"));
        assertThat(page.header("X-Frame-Options")).contains("DENY");
        assertThat(page.header("Referrer-Policy")).contains("no-referrer");
        assertThat(page.header("Cache-Control")).contains("no-store");
        assertThat(page.header("X-Content-Type-Options")).contains("nosniff");
    }

    @Test
    void errorPagesCarryTheSecurityHeadersToo() {
        Page page = browser.get(fixture.authorize(clientId, "redirect_uri", "https://evil.example.net/"));
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.header("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'"));
        assertThat(page.header("X-Frame-Options")).contains("DENY");
        assertThat(page.header("Cache-Control")).contains("no-store");
    }

    @Test
    void stylesheetIsServedFromStaticAndRevalidatedByItsEntityTag() throws Exception {
        Page css = browser.get("/static/cognate.css");
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/css"));
        assertThat(css.body()).contains(".card");
        String etag = css.header("ETag").orElseThrow();

        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> again = http.send(HttpRequest.newBuilder(TestServer.shared(backend).endpoint().resolve("/static/cognate.css"))
                    .header("If-None-Match", "W/\"other\", " + etag).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(again.statusCode()).isEqualTo(304);
            assertThat(again.body()).isEmpty();
            HttpResponse<String> head = http.send(HttpRequest.newBuilder(TestServer.shared(backend).endpoint()
                    .resolve("/static/cognate.css")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("ETag")).contains(etag);
            assertThat(http.send(HttpRequest.newBuilder(TestServer.shared(backend).endpoint().resolve("/static/other.css")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void everyPageNamesItsIconSoBrowsersDoNotAskForAFaviconNoRouteServes() {
        Page page = loginPage(browser, fixture.authorize(fixture.client(), "state", "icon"));
        assertThat(page.body()).contains("<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">");
        Page icon = browser.get("/static/favicon.svg");
        assertThat(icon.status()).isEqualTo(200);
        assertThat(icon.header("Content-Type")).contains("image/svg+xml");
        assertThat(icon.body()).startsWith("<svg");
    }

    @Test
    void signInPageOffersOneButtonPerIdentityProviderEnabledForTheClient() {
        addProvider("corp");
        addProvider("other");
        String both = fixture.client(r -> r.supportedIdentityProviders("COGNITO", "corp"));
        Page page = loginPage(browser, fixture.authorize(both, "state", "s"));
        assertThat(page.body()).contains("Sign in with corp", "identity_provider=corp", "action=\"/login\"")
                .doesNotContain("Sign in with other");
        Page onlyPassword = loginPage(browser, fixture.authorize(both, "identity_provider", "COGNITO"));
        assertThat(onlyPassword.body()).doesNotContain("Sign in with corp").contains("action=\"/login\"");
    }

    @Test
    void signInPageOfAClientWithoutPasswordSignInHasNoForm() {
        addProvider("corp");
        String federatedOnly = fixture.client(r -> r.supportedIdentityProviders("corp"));
        Page page = loginPage(browser, fixture.authorize(federatedOnly));
        assertThat(page.body()).contains("Sign in with corp").doesNotContain("action=\"/login\"");
    }

    @Test
    void signInPageWithAnUnregisteredRedirectUriIsAnErrorPage() {
        Page page = browser.get("/login?response_type=code&client_id=" + clientId + "&redirect_uri="
                + TestBrowser.enc("https://evil.example.net/cb"));
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.header("Location")).isEmpty();
        assertThat(page.body()).contains("not a callback URL registered");
    }

    // --- signing in ---

    @Test
    void signInRedirectsWithACodeBoundToClientRedirectUriPkceAndNonce() {
        fixture.confirmedUser("jane");
        Instant before = Instant.now().minusSeconds(1);
        Page answer = signIn(browser, fixture.authorize(clientId, "state", "st", "nonce", "n-0S6", "scope", "openid email",
                "code_challenge", CHALLENGE, "code_challenge_method", "S256"), "jane", PASSWORD);
        assertThat(answer.locationParameters()).containsEntry("state", "st");
        AuthorizationCode code = fixture.redeemed(codeOf(answer));
        assertThat(code.clientId()).isEqualTo(clientId);
        assertThat(code.poolId()).isEqualTo(fixture.poolId);
        assertThat(code.username()).isEqualTo("jane");
        assertThat(code.redirectUri()).isEqualTo(HostedUiFixture.CALLBACK);
        assertThat(code.scopes()).containsExactlyInAnyOrder("openid", "email");
        assertThat(code.codeChallenge()).isEqualTo(CHALLENGE);
        assertThat(code.nonce()).isEqualTo("n-0S6");
        assertThat(code.originJti()).isNotBlank();
        assertThat(code.amr()).as("how the user authenticated, for the ID token").containsExactly("pwd");
        assertThat(code.authTime()).isAfter(before);
        assertThat(code.expiresAt()).isBetween(Instant.now().plus(Duration.ofMinutes(4)), Instant.now().plus(Duration.ofMinutes(5)));
    }

    @Test
    void scopesNotAllowedForTheClientAreDroppedAndNoScopeMeansAllOfThem() {
        fixture.confirmedUser("jane");
        Page answer = signIn(browser, fixture.authorize(clientId, "scope", "openid phone https://api.example.com/admin"),
                "jane", PASSWORD);
        assertThat(fixture.redeemed(codeOf(answer)).scopes()).containsExactlyInAnyOrder("openid", "phone");
        Page all = browser.get(fixture.authorize(clientId));
        AuthorizationCode bySession = fixture.redeemed(codeOf(all));
        assertThat(bySession.scopes()).containsExactlyInAnyOrder("openid", "email", "profile", "phone");
        assertThat(bySession.amr()).as("the session does not say how it began: no amr rather than a guess").isEmpty();
    }

    @Test
    void codeCanBeRedeemedOnlyOnce() {
        fixture.confirmedUser("jane");
        String code = codeOf(signIn(browser, fixture.authorize(clientId), "jane", PASSWORD));
        assertThat(fixture.redeem(code)).isInstanceOf(AuthorizationCodeStore.Redemption.Redeemed.class);
        assertThat(fixture.redeem(code)).isInstanceOf(AuthorizationCodeStore.Redemption.Replayed.class);
    }

    @Test
    void sessionCookieIsHttpOnlySameSiteLaxHostOnlyAndLastsAnHour() {
        fixture.confirmedUser("jane");
        Page answer = signIn(browser, fixture.authorize(clientId), "jane", PASSWORD);
        String cookie = answer.setCookie(BrowserSessions.COOKIE).orElseThrow();
        assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax")
                .contains("Path=/", "Max-Age=3600").doesNotContainIgnoringCase("Domain=")
                .doesNotContainIgnoringCase("Secure");
        assertThat(browser.cookie(BrowserSessions.COOKIE).orElseThrow()).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void csrfCookieIsHttpOnlySameSiteLaxAndHostOnly() {
        Page page = browser.get(browser.get(fixture.authorize(clientId)).location());
        assertThat(page.setCookie(Csrf.COOKIE).orElseThrow()).containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Lax").contains("Path=/").doesNotContainIgnoringCase("Domain=");
    }

    // --- CSRF ---

    @Test
    void formWithoutTheCsrfTokenIsRefusedAsExpired() {
        fixture.confirmedUser("jane");
        Page page = loginPage(browser, fixture.authorize(clientId));
        Map<String, String> form = new java.util.LinkedHashMap<>(page.hiddenFields());
        form.remove(Csrf.FIELD);
        form.put("username", "jane");
        form.put("password", PASSWORD);
        Page refused = browser.post("/login", form);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Location")).isEmpty();
        assertThat(refused.body()).contains("This form has expired", "Reload the sign-in page");
    }

    @Test
    void formWithAWrongCsrfTokenIsRefused() {
        fixture.confirmedUser("jane");
        Page page = loginPage(browser, fixture.authorize(clientId));
        Page refused = browser.submit(page, "/login", Map.of(Csrf.FIELD, "A".repeat(43), "username", "jane", "password", PASSWORD));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.setCookie(BrowserSessions.COOKIE)).isEmpty();
    }

    @Test
    void formCarryingAnotherBrowsersCsrfTokenIsRefused() {
        fixture.confirmedUser("jane");
        TestBrowser attacker = fixture.browser();
        String attackersToken = loginPage(attacker, fixture.authorize(clientId)).hiddenFields().get(Csrf.FIELD);
        Page victimsPage = loginPage(browser, fixture.authorize(clientId));
        Page refused = browser.submit(victimsPage, "/login",
                Map.of(Csrf.FIELD, attackersToken, "username", "jane", "password", PASSWORD));
        assertThat(refused.status()).isEqualTo(403);
    }

    @Test
    void formPostedFromABrowserWithoutTheCsrfCookieIsRefused() {
        fixture.confirmedUser("jane");
        Page page = loginPage(browser, fixture.authorize(clientId));
        TestBrowser other = fixture.browser();
        Page refused = other.submit(page, "/login", Map.of("username", "jane", "password", PASSWORD));
        assertThat(refused.status()).isEqualTo(403);
    }

    // --- the sign-in transaction ---

    @Test
    void formCarryingASignInStartedInAnotherBrowserIsRefused() {
        fixture.confirmedUser("jane");
        TestBrowser attacker = fixture.browser();
        Page attackersPage = loginPage(attacker, fixture.authorize(clientId));
        Page victimsPage = loginPage(browser, fixture.authorize(clientId));
        // Login CSRF through the transaction: the victim's browser posts the attacker's sign-in.
        Page refused = browser.submit(victimsPage, "/login", Map.of("signin", attackersPage.hiddenFields().get("signin"),
                "username", "jane", "password", PASSWORD));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("Location")).isEmpty();
        assertThat(refused.body()).contains("This sign-in has expired");
        assertThat(browser.get("/login?signin=" + attackersPage.hiddenFields().get("signin")).body())
                .contains("This sign-in has expired");
    }

    @Test
    void aSignInFormSentTwiceIssuesOneCodeOnly() {
        fixture.confirmedUser("jane");
        Page page = loginPage(browser, fixture.authorize(clientId));
        codeOf(browser.submit(page, "/login", Map.of("username", "jane", "password", PASSWORD)));
        Page again = browser.submit(page, "/login", Map.of("username", "jane", "password", PASSWORD));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.header("Location")).isEmpty();
    }

    @Test
    void aSignInIdThatWasNeverIssuedIsAnErrorPage() {
        Page page = browser.get("/login?signin=" + "A".repeat(43));
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("This sign-in has expired", "Go back to the app");
    }

    // --- XSS ---

    @Test
    void scriptInTheStateNeverReachesTheSignInPageAndComesBackToTheAppUnchanged() {
        String xss = "\"><script>alert(1)</script>";
        fixture.confirmedUser("jane");
        Page page = loginPage(browser, fixture.authorize(clientId, "state", xss));
        assertThat(page.body()).doesNotContain("<script>alert(1)").doesNotContain("\"><script>");
        Page answer = browser.submit(page, "/login", Map.of("username", "jane", "password", PASSWORD));
        assertThat(answer.locationParameters()).containsEntry("state", xss);
    }

    @Test
    void scriptInTheUsernameIsEscapedWhenTheFormIsShownAgain() {
        String xss = "\"><img src=x onerror=alert(1)>";
        Page again = signIn(browser, fixture.authorize(clientId), xss, "wrong");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).doesNotContain("<img src=x").doesNotContain("\"><")
                .contains("value=\"&#34;>&lt;img src=x onerror=alert(1)>\"");
    }

    @Test
    void scriptInTheClientNameIsEscaped() throws Exception {
        SecretBox box = new SecretBox(TestServer.MASTER_KEY);
        JdbcAppClientStore clients = new JdbcAppClientStore(fixture.server.server().database().jdbi(), box);
        AppClient client = clients.find(clientId).orElseThrow();
        clients.update(withName(client, "<script>alert('name')</script>"));
        Page page = loginPage(browser, fixture.authorize(clientId));
        assertThat(page.body()).doesNotContain("<script>alert(").contains("&lt;script&gt;alert(");
    }

    // --- passwords: no enumeration, throttled ---

    @Test
    void unknownUserAndWrongPasswordReadTheSame() {
        fixture.confirmedUser("jane");
        Page unknown = signIn(browser, fixture.authorize(clientId), "nobody", PASSWORD);
        Page wrong = signIn(browser, fixture.authorize(clientId), "jane", "Wr0ng-password!");
        assertThat(unknown.status()).isEqualTo(wrong.status()).isEqualTo(400);
        assertThat(errorOf(unknown)).isEqualTo(errorOf(wrong)).isEqualTo("Incorrect username or password.");
        assertThat(unknown.header("Location")).isEmpty();
    }

    @Test
    void repeatedWrongPasswordsAreThrottledWithAVisibleWait() {
        fixture.confirmedUser("jane");
        Page page = loginPage(browser, fixture.authorize(clientId));
        Page answer = null;
        for (int attempt = 0; attempt < 15; attempt++) {
            answer = browser.submit(page, "/login", Map.of("username", "jane", "password", "Wr0ng-" + attempt));
            if (answer.status() == 429) {
                break;
            }
            assertThat(answer.status()).isEqualTo(400);
        }
        assertThat(answer.status()).isEqualTo(429);
        assertThat(errorOf(answer)).matches("Too many failed sign-in attempts\\. Wait \\d+ (second|seconds|minute|minutes) "
                + "before you try again\\.");
        assertThat(answer.header("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(answer.body()).contains("action=\"/login\"");
    }

    // --- the session ---

    @Test
    void secondAuthorizeWithinTheSessionSkipsThePage() {
        fixture.confirmedUser("jane");
        codeOf(signIn(browser, fixture.authorize(clientId), "jane", PASSWORD));
        Page again = browser.get(fixture.authorize(clientId, "state", "second"));
        assertThat(again.locationParameters()).containsEntry("state", "second");
        assertThat(fixture.redeemed(codeOf(again)).username()).isEqualTo("jane");
    }

    @Test
    void signInPageWithinTheSessionAnswersTheAppRightAway() {
        fixture.confirmedUser("jane");
        codeOf(signIn(browser, fixture.authorize(clientId), "jane", PASSWORD));
        codeOf(browser.get("/login?response_type=code&client_id=" + clientId + "&redirect_uri="
                + TestBrowser.enc(HostedUiFixture.CALLBACK)));
    }

    @Test
    void promptLoginForcesThePageDespiteASession() {
        fixture.confirmedUser("jane");
        codeOf(signIn(browser, fixture.authorize(clientId), "jane", PASSWORD));
        Page page = loginPage(browser, fixture.authorize(clientId, "prompt", "login"));
        assertThat(page.body()).contains("action=\"/login\"");
        codeOf(browser.submit(page, "/login", Map.of("username", "jane", "password", PASSWORD)));
    }

    @Test
    void promptNoneWithASessionIssuesACodeWithoutAPage() {
        fixture.confirmedUser("jane");
        codeOf(signIn(browser, fixture.authorize(clientId), "jane", PASSWORD));
        codeOf(browser.get(fixture.authorize(clientId, "prompt", "none")));
    }

    @Test
    void sessionOfAUserDisabledSinceIsNoSession() {
        fixture.confirmedUser("jane");
        codeOf(signIn(browser, fixture.authorize(clientId), "jane", PASSWORD));
        fixture.cognito.adminDisableUser(r -> r.userPoolId(fixture.poolId).username("jane"));
        assertThat(browser.get(fixture.authorize(clientId)).location()).startsWith("/login?");
    }

    @Test
    void sessionOfAUserSignedOutGloballySinceIsNoSession() {
        fixture.confirmedUser("jane");
        codeOf(signIn(browser, fixture.authorize(clientId), "jane", PASSWORD));
        fixture.cognito.adminUserGlobalSignOut(r -> r.userPoolId(fixture.poolId).username("jane"));
        assertThat(browser.get(fixture.authorize(clientId, "prompt", "none")).locationParameters())
                .containsEntry("error", "login_required");
    }

    @Test
    void aUserCreatedWithADeletedUsersNameDoesNotInheritTheirBrowserSession() {
        fixture.confirmedUser("jane");
        codeOf(signIn(browser, fixture.authorize(clientId), "jane", PASSWORD));
        fixture.cognito.adminDeleteUser(r -> r.userPoolId(fixture.poolId).username("jane"));
        fixture.confirmedUser("jane");

        assertThat(browser.get(fixture.authorize(clientId, "prompt", "none")).locationParameters())
                .containsEntry("error", "login_required");
    }

    @Test
    void sessionWithOnePoolDoesNotSignInToAnother() {
        fixture.confirmedUser("jane");
        codeOf(signIn(browser, fixture.authorize(clientId), "jane", PASSWORD));
        HostedUiFixture otherPool = HostedUiFixture.on(fixture.server);
        String otherClient = otherPool.client();
        assertThat(browser.get(otherPool.authorize(otherClient)).location()).startsWith("/login?");
    }

    // --- first sign-in: a new password ---

    @Test
    void temporaryPasswordLeadsToANewPasswordPageThatEnforcesThePolicy() {
        fixture.userWithTemporaryPassword("newbie", "Temp-Pass1!");
        Page page = signIn(browser, fixture.authorize(clientId, "state", "np"), "newbie", "Temp-Pass1!");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Change your password", "At least 8 characters", "action=\"/login/new-password\"");
        assertThat(page.hiddenFields()).containsKey("signin").doesNotContainKey("state");

        Page tooShort = browser.submit(page, "/login/new-password", Map.of("new_password", "Sh0rt!", "confirm_password", "Sh0rt!"));
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(errorOf(tooShort)).isEqualTo("Password did not conform with policy: Password not long enough");

        Page mismatch = browser.submit(page, "/login/new-password",
                Map.of("new_password", "N3w-Password!", "confirm_password", "N3w-Passw0rd!"));
        assertThat(errorOf(mismatch)).contains("do not match");

        Page done = browser.submit(page, "/login/new-password",
                Map.of("new_password", "N3w-Password!", "confirm_password", "N3w-Password!"));
        assertThat(done.locationParameters()).containsEntry("state", "np");
        assertThat(fixture.redeemed(codeOf(done)).username()).isEqualTo("newbie");
        assertThat(fixture.cognito.adminGetUser(r -> r.userPoolId(fixture.poolId).username("newbie")).userStatus())
                .isEqualTo(UserStatusType.CONFIRMED);
        assertThat(browser.cookie(BrowserSessions.COOKIE)).isPresent();
    }

    @Test
    void aHostedNewPasswordStepOfADeletedUserDoesNotSetTheRecreatedUsersPassword() {
        fixture.userWithTemporaryPassword("newbie", "Temp-Pass1!");
        Page page = signIn(browser, fixture.authorize(clientId), "newbie", "Temp-Pass1!");
        assertThat(page.body()).contains("action=\"/login/new-password\"");
        fixture.cognito.adminDeleteUser(r -> r.userPoolId(fixture.poolId).username("newbie"));
        fixture.userWithTemporaryPassword("newbie", "Others-Temp1!");

        Page refused = browser.submit(page, "/login/new-password",
                Map.of("new_password", "N3w-Password!", "confirm_password", "N3w-Password!"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("Location")).isEmpty();
        assertThat(errorOf(refused)).contains("expired");
        assertThat(fixture.cognito.adminGetUser(r -> r.userPoolId(fixture.poolId).username("newbie")).userStatus())
                .isEqualTo(UserStatusType.FORCE_CHANGE_PASSWORD);
    }

    @Test
    void newPasswordPostForASignInThatNeverAskedForOneSendsTheUserBackToSignIn() {
        fixture.userWithTemporaryPassword("newbie", "Temp-Pass1!");
        // A sign-in still at the password step: no user has proved a temporary password in it.
        Page page = loginPage(browser, fixture.authorize(clientId));
        Page forged = browser.submit(page, "/login/new-password", Map.of(
                "new_password", "N3w-Password!", "confirm_password", "N3w-Password!"));
        assertThat(forged.status()).isEqualTo(400);
        assertThat(errorOf(forged)).contains("expired");
        assertThat(forged.body()).contains("action=\"/login\"");
    }

    @Test
    void newPasswordFormWithoutTheCsrfTokenIsRefused() {
        fixture.userWithTemporaryPassword("newbie", "Temp-Pass1!");
        Page page = signIn(browser, fixture.authorize(clientId), "newbie", "Temp-Pass1!");
        Page refused = browser.submit(page, "/login/new-password", Map.of(Csrf.FIELD, "",
                "new_password", "N3w-Password!", "confirm_password", "N3w-Password!"));
        assertThat(refused.status()).isEqualTo(403);
    }

    // --- implicit flow ---

    @Test
    void implicitFlowReturnsTokensInTheFragmentWithoutARefreshToken() throws Exception {
        fixture.confirmedUser("jane");
        String implicit = fixture.client(r -> r.allowedOAuthFlows(OAuthFlowType.IMPLICIT));
        Page answer = signIn(browser, fixture.authorize(implicit, "response_type", "token", "state", "i-1",
                "nonce", "n-1", "scope", "openid email"), "jane", PASSWORD);
        assertThat(answer.status()).isEqualTo(302);
        assertThat(answer.location()).startsWith(HostedUiFixture.CALLBACK + "#");
        Map<String, String> fragment = answer.locationParameters();
        assertThat(fragment).containsKeys("access_token", "id_token").containsEntry("token_type", "Bearer")
                .containsEntry("expires_in", "3600").containsEntry("state", "i-1").doesNotContainKey("refresh_token");
        SignedJWT id = SignedJWT.parse(fragment.get("id_token"));
        assertThat(id.getJWTClaimsSet().getStringClaim("nonce")).isEqualTo("n-1");
        assertThat(id.getJWTClaimsSet().getAudience()).containsExactly(implicit);
    }

    @Test
    void postForAClientWithoutPasswordSignInIsRefused() {
        addProvider("corp");
        String federatedOnly = fixture.client(r -> r.supportedIdentityProviders("corp"));
        fixture.confirmedUser("jane");
        Page toLogin = browser.get(fixture.authorize(federatedOnly));
        String signIn = TestBrowser.parameters(toLogin.location().substring("/login?".length())).get("signin");
        browser.get(toLogin.location());
        Page refused = browser.post("/login", Map.of(Csrf.FIELD, browser.cookie(Csrf.COOKIE).orElseThrow(),
                "signin", signIn, "username", "jane", "password", PASSWORD));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("does not allow sign-in with a username and password");
    }

    private static String errorOf(Page page) {
        var m = java.util.regex.Pattern.compile("<p class=\"error\" role=\"alert\"[^>]*>([^<]*)</p>").matcher(page.body());
        assertThat(m.find()).as("an error message on the page").isTrue();
        return m.group(1).replace("&#39;", "'").replace("&#34;", "\"").replace("&amp;", "&");
    }

    private void addProvider(String name) {
        fixture.cognito.createIdentityProvider(r -> r.userPoolId(fixture.poolId).providerName(name)
                .providerType(IdentityProviderTypeType.OIDC)
                .providerDetails(Map.of("client_id", "cognate-" + UUID.randomUUID(), "client_secret", "s3cret",
                        "authorize_scopes", "openid email", "attributes_request_method", "GET",
                        "oidc_issuer", "https://login.example.com/issuer",
                        "authorize_url", "https://login.example.com/authorize",
                        "token_url", "https://login.example.com/token",
                        "attributes_url", "https://login.example.com/userinfo",
                        "jwks_uri", "https://login.example.com/jwks")));
    }

    private static AppClient withName(AppClient client, String name) throws Exception {
        RecordComponent[] components = AppClient.class.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = components[i].getName().equals("clientName") ? name : components[i].getAccessor().invoke(client);
        }
        return AppClient.class.getDeclaredConstructor(types).newInstance(values);
    }
}
