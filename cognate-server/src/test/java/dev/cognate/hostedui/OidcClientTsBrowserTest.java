package dev.cognate.hostedui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.cognate.testing.SpaPage.SLOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import dev.cognate.oauth.BrowserSessions;
import dev.cognate.testing.Backend;
import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.SpaBrowser;
import dev.cognate.testing.SpaPage;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;

/**
 * oidc-client-ts 3 (pinned in src/test/node-spa) in a static single-page app served from another
 * origin than Cognate, in Chromium: authorization code + PKCE through the hosted page, the profile
 * (ID token and userInfo, fetched cross-origin), a silent renew with the refresh token (a fetch to
 * /oauth2/token, no iframe), and sign-out: the refresh token revoked by fetch to /oauth2/revoke (so a
 * stolen copy no longer works), then {@code /logout} back to the app's page; and a script that tries to
 * fetch a code with the user's session cookie is stopped by the browser. On both backends.
 */
@Tag("browser")
@ParameterizedClass
@EnumSource(Backend.class)
class OidcClientTsBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static SpaBrowser browser;

    @Parameter
    Backend backend;

    HostedUiFixture fixture;
    String cognate;
    String appUrl;
    String clientId;
    SpaPage spa;
    Page page;

    @BeforeAll
    static void launch() throws Exception {
        browser = SpaBrowser.launch();
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void setUp() {
        fixture = HostedUiFixture.on(TestServer.shared(backend));
        cognate = fixture.server.server().publicUrl();
        appUrl = browser.site().url("oidc.html");
        clientId = fixture.client(r -> r.clientName("SPA").callbackURLs(appUrl).logoutURLs(appUrl)
                .allowedOAuthScopes("openid", "email", "profile"));
        spa = browser.open("oidc.html", cognate, Map.of("authority", cognate + "/" + fixture.poolId,
                "clientId", clientId, "appUrl", appUrl));
        page = spa.page();
    }

    @AfterEach
    void closePage() {
        if (spa != null) {
            spa.close();
        }
    }

    @Test
    void signsInWithCodeAndPkceRenewsWithTheRefreshTokenAndSignsOutRevokingIt() throws Exception {
        String jane = fixture.confirmedUser("jane-" + System.nanoTime());
        fixture.cognito.adminUpdateUserAttributes(r -> r.userPoolId(fixture.poolId).username(jane).userAttributes(
                AttributeType.builder().name("email").value("jane@example.com").build(),
                AttributeType.builder().name("email_verified").value("true").build()));

        spa.button("Sign in").click();
        page.waitForURL(Pattern.compile(Pattern.quote(cognate) + "/login\\?.*"));
        signInOnTheHostedPage(jane);
        assertThat(spa.status()).hasText("signed in", SLOW);
        assertThat(page).hasURL(appUrl);

        JsonNode profile = JSON.readTree(page.locator("#profile").textContent());
        assertThat(profile.get("cognito:username").asText()).isEqualTo(jane);
        assertThat(profile.get("email").asText()).isEqualTo("jane@example.com");
        Map<String, String> authorize = query(only("/oauth2/authorize"));
        assertThat(authorize).containsEntry("code_challenge_method", "S256").containsKey("code_challenge")
                .containsEntry("client_id", clientId).containsEntry("redirect_uri", appUrl);
        Request codeExchange = only("/oauth2/token");
        assertThat(TestBrowser.parameters(codeExchange.postData())).containsEntry("grant_type", "authorization_code")
                .containsKey("code_verifier");
        assertThat(codeExchange.headerValue("origin")).isEqualTo(browser.site().origin());
        assertThat(codeExchange.response().headerValue("access-control-allow-origin")).isEqualTo("*");
        assertThat(only("/oauth2/userInfo").response().status()).isEqualTo(200);

        String first = page.locator("#access-token").textContent();
        spa.button("Renew").click();
        assertThat(spa.status()).hasText("signed in", SLOW);
        assertThat(page.locator("#access-token")).not().hasText(first, SLOW);
        String renewed = page.locator("#access-token").textContent();
        List<Request> tokenCalls = calls("/oauth2/token");
        assertThat(tokenCalls).hasSize(2);
        assertThat(TestBrowser.parameters(tokenCalls.get(1).postData())).containsEntry("grant_type", "refresh_token")
                .containsEntry("client_id", clientId);
        assertThat(calls("/oauth2/authorize")).as("no iframe, no second authorize").hasSize(1);
        assertThat(page.locator("#error")).isEmpty();
        assertThat(userInfo(renewed).get("username").asText()).isEqualTo(jane);

        String refreshToken = storedUser().get("refresh_token").asText();
        spa.button("Sign out").click();
        assertThat(spa.status()).hasText("signed out", SLOW);
        assertThat(page).hasURL(appUrl);
        Request revoke = only("/oauth2/revoke");
        assertThat(TestBrowser.parameters(revoke.postData())).containsEntry("token", refreshToken)
                .containsEntry("client_id", clientId);
        assertThat(revoke.response().status()).isEqualTo(200);
        assertThat(revoke.response().headerValue("access-control-allow-origin")).isEqualTo("*");
        HttpResponse<String> replay = refresh(refreshToken);
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(replay.body()).get("error").asText()).isEqualTo("invalid_grant");
        Map<String, String> logout = query(only("/logout"));
        assertThat(logout).containsEntry("client_id", clientId).containsEntry("logout_uri", appUrl);
        assertThat(spa.context().cookies(cognate)).noneMatch(c -> c.name.equals(BrowserSessions.COOKIE));

        spa.button("Sign in").click();
        page.waitForURL(Pattern.compile(Pattern.quote(cognate) + "/login\\?.*"));
        assertThat(page.getByLabel("Username")).isVisible();
    }

    @Test
    void pageCannotFetchACodeWithTheUsersSessionCookie() {
        String jane = fixture.confirmedUser("jane-" + System.nanoTime());
        spa.button("Sign in").click();
        page.waitForURL(Pattern.compile(Pattern.quote(cognate) + "/login\\?.*"));
        signInOnTheHostedPage(jane);
        assertThat(spa.status()).hasText("signed in", SLOW);
        List<String> seen = new CopyOnWriteArrayList<>();
        page.onRequest(request -> seen.add(request.url()));

        // The session cookie goes along (same site, another port): a navigation would come back with a code at
        // once. A script must not be able to: /oauth2/authorize answers no CORS, so the redirect is not followed.
        Object outcome = page.evaluate("url => fetch(url, { credentials: 'include' })"
                + ".then(r => 'read ' + r.status + ' ' + r.url, e => 'refused: ' + e.name)",
                cognate + "/oauth2/authorize?response_type=code&client_id=" + clientId + "&redirect_uri="
                        + TestBrowser.enc(appUrl) + "&scope=openid&state=stolen"
                        + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256");

        assertThat(outcome).isEqualTo("refused: TypeError");
        assertThat(seen).noneMatch(url -> url.startsWith(appUrl + "?"));
    }

    private void signInOnTheHostedPage(String username) {
        page.getByLabel("Username").fill(username);
        page.getByLabel("Password").fill(HostedUiFixture.PASSWORD);
        spa.button("Sign in").click();
    }

    private List<Request> calls(String path) {
        return spa.toCognate().stream().filter(r -> URI.create(r.url()).getPath().equals(path))
                .filter(r -> !r.method().equals("OPTIONS")).toList();
    }

    private Request only(String path) {
        List<Request> calls = calls(path);
        assertThat(calls).as(path).hasSize(1);
        return calls.getFirst();
    }

    private static Map<String, String> query(Request request) {
        return TestBrowser.parameters(URI.create(request.url()).getRawQuery());
    }

    /** What oidc-client-ts keeps of the signed-in user (its default store: this origin's sessionStorage). */
    private JsonNode storedUser() throws Exception {
        return JSON.readTree((String) page.evaluate("key => sessionStorage.getItem(key)",
                "oidc.user:" + cognate + "/" + fixture.poolId + ":" + clientId));
    }

    private HttpResponse<String> refresh(String refreshToken) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(cognate + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&client_id=" + clientId
                        + "&refresh_token=" + TestBrowser.enc(refreshToken))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode userInfo(String accessToken) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(cognate + "/oauth2/userInfo")).header("Authorization", "Bearer " + accessToken).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }
}
