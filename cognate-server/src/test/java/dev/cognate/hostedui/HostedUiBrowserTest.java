package dev.cognate.hostedui;

import dev.cognate.oauth.BrowserSessions;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.sun.net.httpserver.HttpServer;
import dev.cognate.testing.HeadlessChromium;
import dev.cognate.testing.EntraTenant;
import dev.cognate.testing.Backend;
import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderTypeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;

/**
 * A real browser (Debian's Chromium, driven by Playwright) through the hosted UI: sign-in of
 * a native user, the new-password page, single sign-on and logout. The "app" is a tiny HTTP
 * server on localhost that the browser is sent back to.
 */
@Tag("browser")
class HostedUiBrowserTest {
    static HeadlessChromium chromium;
    static Browser browser;
    static HttpServer app;
    static String appBase;

    HostedUiFixture fixture;
    String clientId;
    BrowserContext context;
    Page page;

    @BeforeAll
    static void launch() throws IOException {
        chromium = HeadlessChromium.launch();
        browser = chromium.browser();
        app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext("/", exchange -> {
            byte[] body = ("<!DOCTYPE html><title>App</title><h1>App received " + exchange.getRequestURI().getPath()
                    + "</h1>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        app.start();
        appBase = "http://localhost:" + app.getAddress().getPort();
        entra = EntraTenant.start(ENTRA_APP);
    }

    @AfterAll
    static void close() {
        if (entra != null) {
            entra.close();
        }
        if (app != null) {
            app.stop(0);
        }
        if (chromium != null) {
            chromium.close();
        }
    }

    static final String ENTRA_APP = "5b7c1e8a-2d4f-4a9b-8c3e-6f0a1b2c3d4e";
    static EntraTenant entra;

    @BeforeEach
    void setUp() {
        fixture = HostedUiFixture.on(TestServer.shared(Backend.SQLITE));
        fixture.cognito.createIdentityProvider(r -> r.userPoolId(fixture.poolId).providerName("entra")
                .providerType(IdentityProviderTypeType.OIDC)
                .providerDetails(Map.of("client_id", ENTRA_APP, "client_secret", "s3cret",
                        "authorize_scopes", "openid profile email", "attributes_request_method", "GET",
                        "oidc_issuer", entra.issuer()))
                .attributeMapping(Map.of("email", "email", "given_name", "given_name", "family_name", "family_name")));
        clientId = fixture.cognito.createUserPoolClient(r -> r.userPoolId(fixture.poolId).clientName("Demo App")
                .allowedOAuthFlowsUserPoolClient(true).allowedOAuthFlows(OAuthFlowType.CODE).allowedOAuthScopes("openid", "email")
                .callbackURLs(appBase + "/callback").logoutURLs(appBase + "/signed-out")
                .supportedIdentityProviders("COGNITO", "entra")).userPoolClient().clientId();
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(900, 760));
        page = context.newPage();
    }

    @AfterEach
    void closeContext() {
        if (context != null) {
            context.close();
        }
    }

    private String authorizeUrl(String state) {
        return fixture.server.endpoint() + "/oauth2/authorize?response_type=code&client_id=" + clientId
                + "&redirect_uri=" + TestBrowser.enc(appBase + "/callback") + "&scope=openid%20email&state=" + state;
    }

    private void signInOnThePage(String username, String password) {
        page.getByLabel("Username").fill(username);
        page.getByLabel("Password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
    }

    private Map<String, String> callbackParameters() {
        assertThat(page.url()).startsWith(appBase + "/callback?");
        return TestBrowser.parameters(URI.create(page.url()).getRawQuery());
    }

    @Test
    void nativeUserSignsInOnTheHostedPage() throws IOException {
        fixture.confirmedUser("jane");
        page.navigate(authorizeUrl("b-1"));
        assertThat(page).hasURL(Pattern.compile(".*/login\\?.*"));
        assertThat(page).hasTitle("Sign in to Demo App");
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in with entra"))).isVisible();
        assertThat(page.getByLabel("Username")).isFocused();
        saveScreenshot();

        signInOnThePage("jane", "not-the-password");
        assertThat(page.getByRole(AriaRole.ALERT)).hasText("Incorrect username or password.");
        page.getByLabel("Password").fill(HostedUiFixture.PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();

        Map<String, String> callback = callbackParameters();
        assertThat(callback).containsEntry("state", "b-1").containsKey("code");
        assertThat(fixture.redeemed(callback.get("code")).username()).isEqualTo("jane");
        assertThat(context.cookies()).anySatisfy(cookie -> {
            assertThat(cookie.name).isEqualTo(BrowserSessions.COOKIE);
            assertThat(cookie.httpOnly).isTrue();
        });
    }

    @Test
    void firstSignInWithATemporaryPasswordSetsANewOne() {
        fixture.userWithTemporaryPassword("newbie", "Temp-Pass1!");
        page.navigate(authorizeUrl("b-2"));
        signInOnThePage("newbie", "Temp-Pass1!");
        assertThat(page.getByRole(AriaRole.HEADING)).hasText("Change your password");

        page.getByLabel("New password", new Page.GetByLabelOptions().setExact(true)).fill("weak");
        page.getByLabel("Enter the new password again").fill("weak");
        page.getByRole(AriaRole.BUTTON).click();
        assertThat(page.getByRole(AriaRole.ALERT)).hasText("Password did not conform with policy: Password not long enough");

        page.getByLabel("New password", new Page.GetByLabelOptions().setExact(true)).fill("N3w-Password!");
        page.getByLabel("Enter the new password again").fill("N3w-Password!");
        page.getByRole(AriaRole.BUTTON).click();
        assertThat(callbackParameters()).containsEntry("state", "b-2").containsKey("code");
    }

    @Test
    void secondAuthorizeWithinTheSessionSkipsTheSignInPage() {
        fixture.confirmedUser("jane");
        page.navigate(authorizeUrl("first"));
        signInOnThePage("jane", HostedUiFixture.PASSWORD);
        callbackParameters();

        List<String> visited = new java.util.ArrayList<>();
        page.onRequest(request -> visited.add(request.url()));
        page.navigate(authorizeUrl("second"));
        assertThat(callbackParameters()).containsEntry("state", "second");
        assertThat(visited).noneMatch(url -> url.contains("/login"));
    }

    @Test
    void logoutEndsTheSessionAndGoesToTheSignOutUrl() {
        fixture.confirmedUser("jane");
        page.navigate(authorizeUrl("before"));
        signInOnThePage("jane", HostedUiFixture.PASSWORD);
        callbackParameters();

        page.navigate(fixture.server.endpoint() + "/logout?client_id=" + clientId + "&logout_uri="
                + TestBrowser.enc(appBase + "/signed-out"));
        assertThat(page.url()).isEqualTo(appBase + "/signed-out");
        assertThat(context.cookies()).noneMatch(cookie -> cookie.name.equals(BrowserSessions.COOKIE));

        page.navigate(authorizeUrl("after"));
        assertThat(page).hasURL(Pattern.compile(".*/login\\?.*"));
        assertThat(page.getByLabel("Username")).isVisible();
    }

    @Test
    void identityProviderButtonSignsInThroughEntraAndLandsOnTheApp() {
        entra.nextSignIn(new EntraTenant.User("3f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b", "pairwise-sub-jane",
                Map.of("email", "jane@contoso.example", "given_name", "Jane", "family_name", "Doe")));
        // The IdP comes back to the public URL (localhost), so the browser starts there too.
        page.navigate(authorizeUrl("idp").replace(fixture.server.endpoint().toString(),
                "http://localhost:" + fixture.server.port()));
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in with entra")).click();

        Map<String, String> callback = callbackParameters();
        assertThat(callback).containsEntry("state", "idp").containsKey("code");
        assertThat(fixture.redeemed(callback.get("code")).username()).isEqualTo("entra_pairwise-sub-jane");
    }

    /** The sign-in page, for docs/ (the repository root's). */
    private void saveScreenshot() throws IOException {
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        if (!Files.exists(root.resolve("mvnw")) && root.getParent() != null && Files.exists(root.getParent().resolve("mvnw"))) {
            root = root.getParent();
        }
        Path docs = Files.createDirectories(root.resolve("docs"));
        page.screenshot(new Page.ScreenshotOptions().setPath(docs.resolve("hosted-sign-in.png")).setFullPage(true));
    }
}
