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
import dev.cognate.testing.TestBrowser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFactorType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType;

/**
 * Chromium (Playwright) through the hosted e-mail code pages: the password, then the code the
 * mail (received by a real SMTP server) brings, a new one asked for with the page's button; and,
 * where the pool requires MFA, the set-up of e-mailed codes at a new address; and, where the pool
 * allows it, a sign-in with the mailed code alone.
 */
@Tag("browser")
class HostedEmailOtpBrowserTest {
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

    private static void button(Page page, String name) {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true)).click();
    }

    @Test
    void signInWithTheCodeMailedAfterThePassword() {
        MailedHostedPool pool = MailedHostedPool.create(Backend.SQLITE);
        pool.cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId).mfaConfiguration(UserPoolMfaType.OPTIONAL)
                .emailMfaConfiguration(e -> e.subject("Your sign-in code").message("Sign in with {####} now.")));
        String clientId = pool.client(r -> r.clientName("Demo App").callbackURLs(appBase + "/callback"));
        String username = MailedHostedPool.unique("mail");
        String address = username + "@example.com";
        pool.confirmedUser(username, address);
        pool.cognito.adminSetUserMFAPreference(r -> r.userPoolId(pool.poolId).username(username)
                .emailMfaSettings(e -> e.enabled(true).preferredMfa(true)));
        String url = pool.server.endpoint() + "/oauth2/authorize?response_type=code&client_id=" + clientId
                + "&redirect_uri=" + TestBrowser.enc(appBase + "/callback") + "&scope=openid%20email&state=mailed";

        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            page.navigate(url);
            page.getByLabel("Username").fill(username);
            page.getByLabel("Password").fill(MailedHostedPool.PASSWORD);
            int seen = MailedHostedPool.mailsTo(address).size();
            button(page, "Sign in");
            assertThat(page.getByRole(AriaRole.HEADING)).hasText("Enter the code we e-mailed you");
            assertThat(page.getByRole(AriaRole.STATUS)).containsText("We e-mailed a code to m***@e***");
            MailedHostedPool.codeMailedTo(address, seen, HostedEmailOtpTest.SIGN_IN_CODE);

            int before = MailedHostedPool.mailsTo(address).size();
            button(page, "Send a new code");
            assertThat(page.getByRole(AriaRole.STATUS)).containsText("We e-mailed a new code");
            String code = MailedHostedPool.codeMailedTo(address, before, HostedEmailOtpTest.SIGN_IN_CODE);

            page.getByLabel("Verification code").fill(code);
            button(page, "Sign in");
            page.waitForURL(Pattern.compile(Pattern.quote(appBase + "/callback") + "\\?.*"));
            assertThat(TestBrowser.parameters(URI.create(page.url()).getRawQuery()))
                    .containsEntry("state", "mailed").containsKey("code");
        }
    }

    @Test
    void signInWithOnlyTheCodeMailedAndNoPassword() {
        MailedHostedPool pool = MailedHostedPool.create(Backend.SQLITE, r -> r.policies(p -> p.signInPolicy(s -> s
                .allowedFirstAuthFactors(AuthFactorType.PASSWORD, AuthFactorType.EMAIL_OTP))));
        String clientId = pool.client(r -> r.clientName("Demo App").callbackURLs(appBase + "/callback")
                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_AUTH));
        String username = MailedHostedPool.unique("nopass");
        String address = username + "@example.com";
        pool.confirmedUser(username, address);
        String url = pool.server.endpoint() + "/oauth2/authorize?response_type=code&client_id=" + clientId
                + "&redirect_uri=" + TestBrowser.enc(appBase + "/callback") + "&scope=openid%20email&state=nopass";

        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            List<String> problems = new java.util.ArrayList<>();
            page.onConsoleMessage(m -> {
                if ("error".equals(m.type())) {
                    problems.add(m.text() + " @ " + m.location());
                }
            });
            page.navigate(url);
            page.getByLabel("Username").fill(username);
            int seen = MailedHostedPool.mailsTo(address).size();
            button(page, "Email me a sign-in code");
            assertThat(page.getByRole(AriaRole.HEADING)).hasText("Enter the code we e-mailed you");
            assertThat(page.getByRole(AriaRole.STATUS)).containsText(CodeSignInEndpoints.EMAIL_SENT);
            String code = MailedHostedPool.codeMailedTo(address, seen, HostedEmailOtpTest.SIGN_IN_CODE);

            page.getByLabel("Verification code").fill(code);
            button(page, "Sign in");
            page.waitForURL(Pattern.compile(Pattern.quote(appBase + "/callback") + "\\?.*"));
            assertThat(TestBrowser.parameters(URI.create(page.url()).getRawQuery()))
                    .containsEntry("state", "nopass").containsKey("code");
            assertThat(problems).as("no console error: no script, policy or missing icon").isEmpty();
        }
    }

    @Test
    void setUpEmailedCodesAtANewAddressAtTheFirstSignIn() {
        MailedHostedPool pool = MailedHostedPool.create(Backend.SQLITE);
        pool.cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId).mfaConfiguration(UserPoolMfaType.ON)
                .softwareTokenMfaConfiguration(s -> s.enabled(true))
                .emailMfaConfiguration(e -> e.subject("Your sign-in code").message("Sign in with {####} now.")));
        String clientId = pool.client(r -> r.clientName("Demo App").callbackURLs(appBase + "/callback"));
        String username = MailedHostedPool.unique("setup");
        pool.confirmedUser(username, username + "@example.com");
        String newAddress = MailedHostedPool.unique("codes") + "@example.org";
        String url = pool.server.endpoint() + "/oauth2/authorize?response_type=code&client_id=" + clientId
                + "&redirect_uri=" + TestBrowser.enc(appBase + "/callback") + "&scope=openid%20email&state=setup";

        try (BrowserContext context = browser.newContext()) {
            Page page = context.newPage();
            page.navigate(url);
            page.getByLabel("Username").fill(username);
            page.getByLabel("Password").fill(MailedHostedPool.PASSWORD);
            button(page, "Sign in");
            assertThat(page.getByRole(AriaRole.HEADING)).hasText("Set up a second step");
            button(page, "E-mail me codes");
            assertThat(page.getByRole(AriaRole.HEADING)).hasText("Set up e-mailed codes");
            assertThat(page.getByLabel("E-mail address")).hasValue(username + "@example.com");
            page.getByLabel("E-mail address").fill(newAddress);
            button(page, "Send a code");
            assertThat(page.getByRole(AriaRole.STATUS)).containsText("We e-mailed a code to c***@e***");
            String code = MailedHostedPool.codeMailedTo(newAddress, 0, HostedEmailOtpTest.SIGN_IN_CODE);

            page.getByLabel("Verification code").fill(code);
            button(page, "Verify and sign in");
            page.waitForURL(Pattern.compile(Pattern.quote(appBase + "/callback") + "\\?.*"));
            assertThat(TestBrowser.parameters(URI.create(page.url()).getRawQuery()))
                    .containsEntry("state", "setup").containsKey("code");
        }
    }
}
