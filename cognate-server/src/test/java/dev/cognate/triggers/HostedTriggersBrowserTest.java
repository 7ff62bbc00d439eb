package dev.cognate.triggers;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.cognate.triggers.TriggerFixture.PASSWORD;
import static dev.cognate.triggers.TriggerFixture.respond;
import static dev.cognate.triggers.TriggerFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cognate.testing.HeadlessChromium;
import dev.cognate.testing.LambdaEndpoint;
import dev.cognate.testing.TestBrowser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LambdaConfigType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;

/**
 * Chromium (Playwright) through the hosted pages of a pool with Lambda triggers: the claim a
 * PreTokenGeneration function adds reaches the app in the ID token it redeems at its callback;
 * a PreSignUp refusal and a PreAuthentication error are shown on the page, in Cognito's words.
 */
@Tag("browser")
class HostedTriggersBrowserTest {
    static HeadlessChromium chromium;
    static Browser browser;
    static HttpServer app;
    static String appBase;
    static final TriggerFixture f = TriggerFixture.shared();
    /** The app client the app at the callback redeems codes as (the tests run one at a time). */
    static volatile String appClientId;

    BrowserContext context;
    Page page;
    String poolId;
    String clientId;

    @BeforeAll
    static void launch() throws IOException {
        chromium = HeadlessChromium.launch();
        browser = chromium.browser();
        app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext("/callback", HostedTriggersBrowserTest::callback);
        app.start();
        appBase = "http://localhost:" + app.getAddress().getPort();
    }

    /**
     * The app at its callback, as a server-side app is: redeems the code (a public client, so no
     * secret) and shows the ID token's claims it cares about.
     */
    private static void callback(HttpExchange exchange) throws IOException {
        Map<String, String> query = TestBrowser.parameters(exchange.getRequestURI().getRawQuery());
        String html;
        try {
            String form = "grant_type=authorization_code&client_id=" + TestBrowser.enc(appClientId)
                    + "&code=" + TestBrowser.enc(query.get("code"))
                    + "&redirect_uri=" + TestBrowser.enc(appBase + "/callback");
            HttpResponse<String> tokens = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            f.server.endpoint().resolve("/oauth2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode idToken = TriggerFixture.json(new String(Base64.getUrlDecoder().decode(
                    TriggerFixture.json(tokens.body()).path("id_token").asText().split("\\.")[1]), StandardCharsets.UTF_8));
            html = "<!DOCTYPE html><title>App</title><h1>Signed in</h1><dl>"
                    + "<dt>User</dt><dd id=\"user\">" + idToken.path("cognito:username").asText() + "</dd>"
                    + "<dt>Tier</dt><dd id=\"tier\">" + idToken.path("tier").asText("none") + "</dd></dl>";
        } catch (Exception e) {
            html = "<!DOCTYPE html><title>App</title><h1>Sign-in failed</h1><p>" + e + "</p>";
        }
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @AfterAll
    static void close() {
        if (app != null) {
            app.stop(0);
        }
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void openContext() {
        context = browser.newContext();
        page = context.newPage();
    }

    @AfterEach
    void closeContext() {
        if (context != null) {
            context.close();
        }
    }

    /** A pool with these triggers and a public code-flow client whose callback is the app's. */
    private void hostedPool(Consumer<LambdaConfigType.Builder> triggers) {
        withClient(f.pool(triggers));
    }

    private void withClient(String pool) {
        poolId = pool;
        String name = unique("app");
        clientId = f.cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName(name)
                .allowedOAuthFlowsUserPoolClient(true).allowedOAuthFlows(OAuthFlowType.CODE).allowedOAuthScopes("openid")
                .callbackURLs(appBase + "/callback").supportedIdentityProviders("COGNITO"))
                .userPoolClient().clientId();
        appClientId = clientId;
    }

    private void openSignIn(String state) {
        page.navigate(f.server.endpoint() + "/oauth2/authorize?response_type=code&client_id=" + clientId
                + "&redirect_uri=" + TestBrowser.enc(appBase + "/callback") + "&scope=openid&state=" + state);
    }

    private void signIn(String username) {
        page.getByLabel("Username").fill(username);
        page.getByLabel("Password").fill(PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
    }

    @Test
    void aClaimPreTokenGenerationAddsIsInTheIdTokenTheAppRedeemsAfterTheHostedPage() {
        String function = f.lambda.function(unique("ptg-tier"), event -> respond(event,
                "{\"claimsOverrideDetails\": {\"claimsToAddOrOverride\": {\"tier\": \"gold\"}}}"));
        hostedPool(t -> t.preTokenGeneration(function));
        String ada = f.confirmedUser(poolId, unique("ada"));

        openSignIn("t-1");
        signIn(ada);

        page.waitForURL(Pattern.compile(Pattern.quote(appBase + "/callback") + "\\?.*"));
        assertThat(page.getByRole(AriaRole.HEADING)).hasText("Signed in");
        assertThat(page.locator("#user")).hasText(ada);
        assertThat(page.locator("#tier")).hasText("gold");
        assertThat(f.lambda.onlyEventOf(function).path("triggerSource").asText()).isEqualTo("TokenGeneration_HostedAuth");
    }

    @Test
    void aPreSignUpRefusalIsShownOnTheHostedSignUpPageInCognitosWords() {
        String function = f.lambda.function(unique("pre-sign-up-no"),
                event -> new LambdaEndpoint.Answer.FunctionError("Error", "Sign-ups are by invitation only"));
        withClient(f.mailingPool(t -> t.preSignUp(function)));
        String bo = unique("bo");

        openSignIn("t-2");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign up")).click();
        page.getByLabel("Username").fill(bo);
        page.getByLabel("Email").fill(bo + "@example.com");
        page.getByLabel("Password").fill(PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign up").setExact(true)).click();

        assertThat(page.getByRole(AriaRole.ALERT))
                .hasText("PreSignUp failed with error Sign-ups are by invitation only.");
        assertThat(page.getByLabel("Username")).hasValue(bo);
        assertThat(page).not().hasURL(Pattern.compile(Pattern.quote(appBase) + ".*"));
        assertThatThrownBy(() -> f.cognito.adminGetUser(r -> r.userPoolId(poolId).username(bo)))
                .isInstanceOf(UserNotFoundException.class);
    }

    @Test
    void aPreAuthenticationErrorIsShownOnTheHostedSignInPageAndTheAppGetsNoCode() {
        String function = f.lambda.function(unique("pre-auth-no"),
                event -> new LambdaEndpoint.Answer.FunctionError("Error", "Your account is under review"));
        hostedPool(t -> t.preAuthentication(function));
        String cy = f.confirmedUser(poolId, unique("cy"));

        openSignIn("t-3");
        signIn(cy);

        assertThat(page.getByRole(AriaRole.ALERT)).hasText("PreAuthentication failed with error Your account is under review.");
        assertThat(page.getByLabel("Username")).hasValue(cy);
        assertThat(page).not().hasURL(Pattern.compile(Pattern.quote(appBase) + ".*"));
        assertThat(f.lambda.onlyEventOf(function).path("triggerSource").asText())
                .isEqualTo("PreAuthentication_Authentication");
    }
}
