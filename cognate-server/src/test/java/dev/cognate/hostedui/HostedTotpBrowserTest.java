package dev.cognate.hostedui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.sun.net.httpserver.HttpServer;
import dev.cognate.testing.HeadlessChromium;
import dev.cognate.testing.Backend;
import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestServer;
import dev.cognate.testing.TotpTestCodes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType;

/**
 * Chromium (Playwright) through the hosted TOTP pages in a pool that requires MFA: the first
 * sign-in shows the QR code and the key, the test computes the code as an authenticator app
 * would; a second sign-in asks for the app's code.
 */
@Tag("browser")
class HostedTotpBrowserTest {
    static HeadlessChromium chromium;
    static Browser browser;
    static HttpServer app;
    static String appBase;

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

    private static void signIn(Page page, String url, String username) {
        page.navigate(url);
        page.getByLabel("Username").fill(username);
        page.getByLabel("Password").fill(HostedUiFixture.PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
    }

    private static Map<String, String> callbackParameters(Page page) {
        page.waitForURL(Pattern.compile(Pattern.quote(appBase + "/callback") + "\\?.*"));
        return TestBrowser.parameters(URI.create(page.url()).getRawQuery());
    }

    @Test
    void enrolAnAuthenticatorOnTheFirstSignInThenSignInWithItsCode() {
        HostedUiFixture fixture = HostedUiFixture.on(TestServer.shared(Backend.SQLITE));
        fixture.cognito.setUserPoolMfaConfig(r -> r.userPoolId(fixture.poolId).mfaConfiguration(UserPoolMfaType.ON)
                .softwareTokenMfaConfiguration(s -> s.enabled(true)));
        String clientId = fixture.cognito.createUserPoolClient(r -> r.userPoolId(fixture.poolId).clientName("Demo App")
                .allowedOAuthFlowsUserPoolClient(true).allowedOAuthFlows(OAuthFlowType.CODE).allowedOAuthScopes("openid")
                .callbackURLs(appBase + "/callback").supportedIdentityProviders("COGNITO")).userPoolClient().clientId();
        String username = fixture.confirmedUser("otp-" + UUID.randomUUID().toString().substring(0, 8));
        String url = fixture.server.endpoint() + "/oauth2/authorize?response_type=code&client_id=" + clientId
                + "&redirect_uri=" + TestBrowser.enc(appBase + "/callback") + "&scope=openid&state=";

        try (BrowserContext first = browser.newContext()) {
            Page page = first.newPage();
            signIn(page, url + "enrol", username);
            assertThat(page.getByRole(AriaRole.HEADING)).hasText("Set up an authenticator app");
            assertThat(page.getByRole(AriaRole.IMG, new Page.GetByRoleOptions().setName("QR code of the authenticator key")))
                    .isVisible();
            Object naturalWidth = page.getByRole(AriaRole.IMG).evaluate("img => img.naturalWidth");
            assertThat(((Number) naturalWidth).intValue()).isPositive();
            String secret = page.getByLabel("Key").inputValue();
            assertThat(secret).matches("[A-Z2-7]{16,}");

            page.getByLabel("Code").fill(TotpTestCodes.at(secret, Instant.now()));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Verify and sign in")).click();
            assertThat(callbackParameters(page)).containsEntry("state", "enrol").containsKey("code");

            try (BrowserContext second = browser.newContext()) {
                Page again = second.newPage();
                signIn(again, url + "again", username);
                assertThat(again.getByRole(AriaRole.HEADING)).hasText("Enter your authenticator code");
                assertThat(again.getByRole(AriaRole.IMG)).hasCount(0);
                // The enrolment used this time step's code: the app shows the next one soon, within the accepted skew.
                again.getByLabel("Code").fill(TotpTestCodes.at(secret, Instant.now().plusSeconds(30)));
                again.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
                assertThat(callbackParameters(again)).containsEntry("state", "again").containsKey("code");
            }
        }
    }
}
