package dev.cognate.hostedui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonObject;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.AriaRole;
import dev.cognate.testing.Backend;
import dev.cognate.testing.HeadlessChromium;
import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.PasskeyAuthenticator;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFactorType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;

/**
 * Chromium (Playwright) presses the hosted sign-in page's passkey button: the page's script asks
 * the browser's virtual authenticator (the DevTools WebAuthn domain), which holds the user's
 * passkey for {@code localhost}, and the sign-in ends at the app's callback with a code. The
 * page's Content-Security-Policy allows its own script only, and nothing inline. And a user signed in
 * with the password adds a passkey on {@code /passkeys/add}, which the same authenticator creates.
 */
@Tag("browser")
class HostedPasskeyBrowserTest {
    static HeadlessChromium chromium;

    @BeforeAll
    static void launch() {
        chromium = HeadlessChromium.launch();
    }

    @AfterAll
    static void close() {
        if (chromium != null) {
            chromium.close();
        }
    }

    /** A pool that allows passkeys for the relying party {@code localhost}, on the shared SQLite node. */
    static HostedUiFixture passkeyPool() {
        HostedUiFixture fixture = HostedUiFixture.on(TestServer.shared(Backend.SQLITE));
        fixture.cognito.updateUserPool(r -> r.userPoolId(fixture.poolId).policies(p -> p.signInPolicy(s -> s
                .allowedFirstAuthFactors(AuthFactorType.PASSWORD, AuthFactorType.WEB_AUTHN))));
        fixture.cognito.setUserPoolMfaConfig(r -> r.userPoolId(fixture.poolId)
                .webAuthnConfiguration(w -> w.relyingPartyId("localhost")));
        return fixture;
    }

    @Test
    void theUserPressesSignInWithAPasskeyAndTheBrowsersAuthenticatorSignsThemIn() {
        HostedUiFixture fixture = passkeyPool();
        String clientId = fixture.client(r -> r.clientName("Passkey App")
                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_ADMIN_USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_USER_AUTH));
        String jane = fixture.confirmedUser("jane-" + UUID.randomUUID().toString().substring(0, 8));
        String accessToken = fixture.cognito.adminInitiateAuth(r -> r.userPoolId(fixture.poolId).clientId(clientId)
                .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", jane, "PASSWORD", HostedUiFixture.PASSWORD)))
                .authenticationResult().accessToken();
        // the page's origin must be on the relying party's host: localhost, not the server's 127.0.0.1
        URI cognate = URI.create("http://localhost:" + fixture.server.endpoint().getPort() + "/");
        PasskeyAuthenticator phone = new PasskeyAuthenticator();
        JsonNode creation = PasskeyAuthenticator.json(fixture.cognito.startWebAuthnRegistration(r -> r.accessToken(accessToken))
                .credentialCreationOptions());
        JsonNode registered = phone.register(creation, "http://localhost:" + cognate.getPort());
        fixture.cognito.completeWebAuthnRegistration(r -> r.accessToken(accessToken)
                .credential(PasskeyAuthenticator.document(registered)));

        try (BrowserContext context = chromium.browser().newContext()) {
            context.route(HostedUiFixture.CALLBACK + "**", (Route route) -> route.fulfill(new Route.FulfillOptions()
                    .setStatus(200).setContentType("text/html").setBody("<!DOCTYPE html><title>App</title><h1>App</h1>")));
            Page page = context.newPage();
            List<String> consoleErrors = new java.util.ArrayList<>();
            page.onConsoleMessage(m -> {
                if ("error".equals(m.type())) {
                    consoleErrors.add(m.text());
                }
            });
            CDPSession devtools = context.newCDPSession(page);
            String authenticatorId = HeadlessChromium.addVirtualAuthenticator(devtools);
            JsonObject credential = new JsonObject();
            credential.addProperty("authenticatorId", authenticatorId);
            credential.add("credential", phone.forBrowser("localhost"));
            devtools.send("WebAuthn.addCredential", credential);

            page.navigate(cognate.resolve(fixture.authorize(clientId, "state", "in-browser")).toString());
            assertThat(page.getByRole(AriaRole.HEADING)).hasText("Sign in to Passkey App");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in with a passkey")).click();

            page.waitForURL(Pattern.compile(Pattern.quote(HostedUiFixture.CALLBACK) + "\\?.*"));
            Map<String, String> answer = TestBrowser.parameters(URI.create(page.url()).getRawQuery());
            assertThat(answer).containsEntry("state", "in-browser").containsKey("code");
            assertThat(fixture.redeemed(answer.get("code")).username()).isEqualTo(jane);
            assertThat(consoleErrors).as("no script or Content-Security-Policy error").isEmpty();
        }
    }

    @Test
    void theUserAddsAPasskeyOnTheHostedPageThenSignsInWithItAfterSigningOut() {
        HostedUiFixture fixture = passkeyPool();
        String clientId = fixture.client(r -> r.clientName("Passkey App").explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_AUTH));
        String kim = fixture.confirmedUser("kim-" + UUID.randomUUID().toString().substring(0, 8));
        URI cognate = URI.create("http://localhost:" + fixture.server.endpoint().getPort() + "/");
        String callback = TestBrowser.enc(HostedUiFixture.CALLBACK);

        try (BrowserContext context = chromium.browser().newContext()) {
            context.route(HostedUiFixture.CALLBACK + "**", (Route route) -> route.fulfill(new Route.FulfillOptions()
                    .setStatus(200).setContentType("text/html").setBody("<!DOCTYPE html><title>App</title><h1>App</h1>")));
            Page page = context.newPage();
            List<String> consoleErrors = new java.util.ArrayList<>();
            page.onConsoleMessage(m -> {
                if ("error".equals(m.type())) {
                    consoleErrors.add(m.text() + " @ " + m.location());
                }
            });
            HeadlessChromium.addVirtualAuthenticator(context.newCDPSession(page));

            page.navigate(cognate.resolve(fixture.authorize(clientId, "state", "pw")).toString());
            page.getByLabel("Username").fill(kim);
            page.getByLabel("Password").fill(HostedUiFixture.PASSWORD);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
            page.waitForURL(Pattern.compile(Pattern.quote(HostedUiFixture.CALLBACK) + "\\?.*"));

            page.navigate(cognate.resolve("/passkeys/add?client_id=" + clientId + "&redirect_uri=" + callback).toString());
            assertThat(page.getByRole(AriaRole.HEADING)).hasText("Add a passkey");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add a passkey")).click();
            page.waitForURL(HostedUiFixture.CALLBACK);

            page.navigate(cognate.resolve("/logout?client_id=" + clientId + "&response_type=code&redirect_uri=" + callback
                    + "&state=pk").toString());
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in with a passkey")))
                    .isVisible();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in with a passkey")).click();
            page.waitForURL(Pattern.compile(Pattern.quote(HostedUiFixture.CALLBACK) + "\\?.*"));
            Map<String, String> answer = TestBrowser.parameters(URI.create(page.url()).getRawQuery());
            assertThat(answer).containsEntry("state", "pk").containsKey("code");
            var code = fixture.redeemed(answer.get("code"));
            assertThat(code.username()).isEqualTo(kim);
            assertThat(code.amr()).containsExactly("hwk");
            assertThat(consoleErrors).as("no script, policy or missing-resource error").isEmpty();
        }
    }
}
