package dev.cognate.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.oauth.BrowserSessions;
import dev.cognate.testing.Backend;
import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestBrowser.Page;
import dev.cognate.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code GET /logout} in both of Cognito's forms, and the open redirect it must not be. */
@ParameterizedClass
@EnumSource(Backend.class)
class LogoutEndpointTest {
    @Parameter
    Backend backend;

    HostedUiFixture fixture;
    String clientId;
    TestBrowser browser;

    @BeforeEach
    void signIn() {
        fixture = HostedUiFixture.on(TestServer.shared(backend));
        clientId = fixture.client();
        browser = fixture.browser();
        fixture.confirmedUser("jane");
        Page login = browser.get(browser.get(fixture.authorize(clientId)).location());
        Page answer = browser.submit(login, "/login", Map.of("username", "jane", "password", HostedUiFixture.PASSWORD));
        assertThat(answer.location()).startsWith(HostedUiFixture.CALLBACK + "?code=");
    }

    private Page logout(String query) {
        return browser.get("/logout?" + query);
    }

    private boolean stillSignedIn() {
        return browser.get(fixture.authorize(clientId)).location().startsWith(HostedUiFixture.CALLBACK);
    }

    @Test
    void logoutToARegisteredSignOutUrlEndsTheSessionAndGoesThere() {
        Page page = logout("client_id=" + clientId + "&logout_uri=" + TestBrowser.enc(HostedUiFixture.SIGNED_OUT));
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.location()).isEqualTo(HostedUiFixture.SIGNED_OUT);
        assertThat(page.setCookie(BrowserSessions.COOKIE)).hasValueSatisfying(c -> assertThat(c).startsWith(BrowserSessions.COOKIE + "=;").contains("Expires=Thu, 01 Jan 1970"));
        assertThat(stillSignedIn()).isFalse();
    }

    @Test
    void openRedirectThroughAnUnregisteredLogoutUriGetsAnErrorPage() {
        for (String evil : new String[] {"https://evil.example.net/", HostedUiFixture.SIGNED_OUT + "/../../evil",
                "https://APP.example.com/signed-out", HostedUiFixture.SIGNED_OUT + "?next=https://evil.example.net",
                "//evil.example.net"}) {
            Page page = logout("client_id=" + clientId + "&logout_uri=" + TestBrowser.enc(evil));
            assertThat(page.status()).as(evil).isEqualTo(400);
            assertThat(page.header("Location")).as(evil).isEmpty();
            assertThat(page.body()).contains("is not a sign-out URL registered for the app client Test App");
        }
        assertThat(stillSignedIn()).isTrue();
    }

    @Test
    void callbackUrlIsNotASignOutUrl() {
        Page page = logout("client_id=" + clientId + "&logout_uri=" + TestBrowser.enc(HostedUiFixture.CALLBACK));
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.header("Location")).isEmpty();
    }

    @Test
    void logoutWithRedirectUriEndsTheSessionAndShowsTheSignInPageAgain() {
        Page page = logout("client_id=" + clientId + "&redirect_uri=" + TestBrowser.enc(HostedUiFixture.CALLBACK)
                + "&response_type=code&state=again&scope=openid");
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.location()).startsWith("/login?");
        assertThat(TestBrowser.parameters(page.location().substring("/login?".length())))
                .containsEntry("client_id", clientId).containsEntry("redirect_uri", HostedUiFixture.CALLBACK)
                .containsEntry("response_type", "code").containsEntry("state", "again").containsEntry("scope", "openid");
        Page login = browser.get(page.location());
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body()).contains("action=\"/login\"");
    }

    @Test
    void logoutWithAnUnregisteredRedirectUriEndsOnAnErrorPageNotThere() {
        Page page = logout("client_id=" + clientId + "&redirect_uri=" + TestBrowser.enc("https://evil.example.net/")
                + "&response_type=code");
        Page landing = browser.get(page.location());
        assertThat(landing.status()).isEqualTo(400);
        assertThat(landing.header("Location")).isEmpty();
    }

    @Test
    void logoutForAnUnknownClientGetsAnErrorPage() {
        Page page = logout("client_id=nosuchclient&logout_uri=" + TestBrowser.enc(HostedUiFixture.SIGNED_OUT));
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.header("Location")).isEmpty();
        assertThat(page.body()).contains("There is no app client with the id nosuchclient.");
        assertThat(stillSignedIn()).isTrue();
    }

    @Test
    void logoutWithoutClientOrDestinationGetsAnErrorPage() {
        assertThat(logout("logout_uri=" + TestBrowser.enc(HostedUiFixture.SIGNED_OUT)).status()).isEqualTo(400);
        assertThat(logout("client_id=" + clientId).body()).contains("needs either a logout_uri");
        assertThat(logout("client_id=" + clientId + "&logout_uri=" + TestBrowser.enc(HostedUiFixture.SIGNED_OUT)
                + "&logout_uri=" + TestBrowser.enc("https://evil.example.net/")).status()).isEqualTo(400);
    }

    @Test
    void logoutForAnotherPoolsClientLeavesThisPoolsSessionAlone() {
        HostedUiFixture other = HostedUiFixture.on(fixture.server);
        String otherClient = other.client();
        Page page = logout("client_id=" + otherClient + "&logout_uri=" + TestBrowser.enc(HostedUiFixture.SIGNED_OUT));
        assertThat(page.location()).isEqualTo(HostedUiFixture.SIGNED_OUT);
        assertThat(stillSignedIn()).isTrue();
    }
}
