package dev.cognate.hostedui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.cognate.hostedui.MailedHostedPool.PASSWORD;
import static dev.cognate.hostedui.MailedHostedPool.codeMailedTo;
import static dev.cognate.hostedui.MailedHostedPool.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.cognate.testing.HeadlessChromium;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestBrowser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;

/**
 * Chromium (Playwright) through the hosted sign-up and password reset, with the codes read from
 * the mail a real SMTP server received: sign up, confirm, land at the app and exchange its code
 * for tokens; forgot the password on the sign-in page, reset it, sign in with the new one.
 */
@Tag("browser")
class HostedSignUpBrowserTest {
    static HeadlessChromium chromium;
    static Browser browser;
    static HttpServer app;
    static String appBase;

    MailedHostedPool pool;
    String clientId;
    BrowserContext context;
    Page page;

    @BeforeAll
    static void launch() throws IOException {
        chromium = HeadlessChromium.launch();
        browser = chromium.browser();
        app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext("/", exchange -> {
            byte[] body = "<!DOCTYPE html><title>App</title><h1>App</h1>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        app.start();
        appBase = "http://localhost:" + app.getAddress().getPort();
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
    void setUp() {
        pool = MailedHostedPool.create(Backend.SQLITE);
        clientId = pool.client(r -> r.clientName("Demo App").callbackURLs(appBase + "/callback"));
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(900, 900));
        page = context.newPage();
    }

    @AfterEach
    void closeContext() {
        if (context != null) {
            context.close();
        }
    }

    private String authorizeUrl(String state) {
        return pool.server.endpoint() + "/oauth2/authorize?response_type=code&client_id=" + clientId
                + "&redirect_uri=" + TestBrowser.enc(appBase + "/callback") + "&scope=openid%20email&state=" + state;
    }

    private Map<String, String> callbackParameters() {
        page.waitForURL(Pattern.compile(Pattern.quote(appBase + "/callback") + "\\?.*"));
        return TestBrowser.parameters(URI.create(page.url()).getRawQuery());
    }

    private void button(String name) {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true)).click();
    }

    /** The token endpoint's answer to the code, as the app would ask for it. */
    private JsonNode tokens(String code) throws Exception {
        String form = "grant_type=authorization_code&client_id=" + clientId + "&code=" + TestBrowser.enc(code)
                + "&redirect_uri=" + TestBrowser.enc(appBase + "/callback");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        pool.server.endpoint().resolve("/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    @Test
    void signUpOnTheHostedPageConfirmWithTheMailedCodeAndGetTokens() throws Exception {
        String name = unique("zoe");
        String email = name + "@example.com";
        page.navigate(authorizeUrl("b-1"));
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign up")).click();
        assertThat(page).hasTitle("Sign up for Demo App");

        page.getByLabel("Username").fill(name);
        page.getByLabel("Email").fill(email);
        page.getByLabel("Password").fill("short");
        button("Sign up");
        assertThat(page.getByRole(AriaRole.ALERT)).hasText("Password did not conform with policy: Password not long enough");
        assertThat(page.getByLabel("Username")).hasValue(name);
        assertThat(page.getByLabel("Password")).hasValue("");

        page.getByLabel("Password").fill(PASSWORD);
        button("Sign up");
        assertThat(page.getByRole(AriaRole.HEADING)).hasText("Confirm your account");
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("We sent a code to z***@e***");

        page.getByLabel("Verification code").fill(codeMailedTo(email));
        button("Confirm account");
        Map<String, String> callback = callbackParameters();
        assertThat(callback).containsEntry("state", "b-1").containsKey("code");

        JsonNode tokens = tokens(callback.get("code"));
        SignedJWT idToken = SignedJWT.parse(tokens.get("id_token").asText());
        assertThat(idToken.getJWTClaimsSet().getStringClaim("cognito:username")).isEqualTo(name);
        assertThat(idToken.getJWTClaimsSet().getStringClaim("email")).isEqualTo(email);
        assertThat(idToken.getJWTClaimsSet().getBooleanClaim("email_verified")).isTrue();
        assertThat(tokens.get("access_token").asText()).isNotEmpty();
        assertThat(pool.status(name)).isEqualTo(UserStatusType.CONFIRMED);
    }

    @Test
    void forgotPasswordFromTheSignInPageThenSignInWithTheNewOne() {
        String name = unique("yan");
        String email = name + "@example.com";
        pool.confirmedUser(name, email);
        page.navigate(authorizeUrl("b-2"));
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Forgot your password?")).click();
        assertThat(page.getByRole(AriaRole.HEADING)).hasText("Forgot your password?");

        page.getByLabel("Username").fill(name);
        button("Reset my password");
        assertThat(page.getByRole(AriaRole.HEADING)).hasText("Reset your password");

        page.getByLabel("Verification code").fill(codeMailedTo(email));
        page.getByLabel("New password", new Page.GetByLabelOptions().setExact(true)).fill("N3w-Password!");
        page.getByLabel("Enter the new password again").fill("N3w-Password!");
        button("Change password");
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("Your password was changed. Sign in with your new password.");

        assertThat(page.getByLabel("Username")).hasValue(name);
        page.getByLabel("Password").fill("N3w-Password!");
        button("Sign in");
        assertThat(callbackParameters()).containsEntry("state", "b-2").containsKey("code");
    }
}
