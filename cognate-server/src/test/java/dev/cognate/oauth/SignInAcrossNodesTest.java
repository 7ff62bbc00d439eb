package dev.cognate.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.store.AuthorizationCode;
import dev.cognate.testing.Backend;
import dev.cognate.testing.EmbeddedPostgres;
import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.StubIdp;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestBrowser.Page;
import dev.cognate.testing.TestServer;
import java.net.URI;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderTypeType;

/**
 * Two nodes on one PostgreSQL, behind one public URL: every step of a sign-in (authorize, the
 * sign-in page, its post, the new-password page, the IdP's callback, the code) may land on
 * either node, because the sign-in transaction lives in the store.
 */
class SignInAcrossNodesTest {
    static final String PUBLIC_URL = "http://cognate.example.com";

    TestServer a;
    TestServer b;
    StubIdp idp;
    HostedUiFixture fixture;
    String clientId;

    @BeforeEach
    void cluster() throws Exception {
        String dbUrl = EmbeddedPostgres.newDatabase();
        a = TestServer.start(Backend.POSTGRESQL, Files.createTempDirectory("node-a"), dbUrl, PUBLIC_URL);
        b = TestServer.start(Backend.POSTGRESQL, Files.createTempDirectory("node-b"), dbUrl, PUBLIC_URL);
        idp = StubIdp.start("/tenant/v2.0");
        fixture = HostedUiFixture.on(a);
        fixture.cognito.createIdentityProvider(r -> r.userPoolId(fixture.poolId).providerName("entra")
                .providerType(IdentityProviderTypeType.OIDC).providerDetails(Map.of("client_id", "idp-client",
                        "client_secret", "idp-secret", "authorize_scopes", "openid email",
                        "attributes_request_method", "GET", "oidc_issuer", idp.issuer())));
        clientId = fixture.client(r -> r.supportedIdentityProviders("COGNITO", "entra"));
    }

    @AfterEach
    void stop() {
        idp.close();
        b.close();
        a.close();
    }

    static String on(TestServer node, String location) {
        URI uri = URI.create(location);
        return node.endpoint().resolve(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()))
                .toString();
    }

    @Test
    void aFirstSignInWithANewPasswordMovesBetweenNodesAtEveryStep() {
        fixture.userWithTemporaryPassword("newbie", "Temp-Pass1!");
        TestBrowser browser = new TestBrowser(a.endpoint());
        Page toLogin = browser.get(on(a, fixture.authorize(clientId, "state", "across")));
        Page login = browser.get(on(b, toLogin.location()));
        assertThat(login.status()).isEqualTo(200);
        Page newPassword = browser.submit(login, on(a, "/login"), Map.of("username", "newbie", "password", "Temp-Pass1!"));
        assertThat(newPassword.body()).contains("Change your password");
        Page done = browser.submit(newPassword, on(b, "/login/new-password"),
                Map.of("new_password", "N3w-Password!", "confirm_password", "N3w-Password!"));
        assertThat(done.location()).startsWith(HostedUiFixture.CALLBACK + "?");
        assertThat(done.locationParameters()).containsEntry("state", "across");
        AuthorizationCode code = fixture.redeemed(done.locationParameters().get("code"));
        assertThat(code.username()).isEqualTo("newbie");
    }

    @Test
    void aFederatedSignInStartedOnOneNodeIsCompletedByTheOther() {
        TestBrowser browser = new TestBrowser(a.endpoint());
        Page toIdp = browser.get(on(a, fixture.authorize(clientId, "identity_provider", "entra", "state", "fed")));
        assertThat(toIdp.location()).startsWith(idp.base());
        Page idpAnswer = browser.get(toIdp.location());
        assertThat(idpAnswer.location()).startsWith(PUBLIC_URL + "/oauth2/idpresponse");
        Page done = browser.get(on(b, idpAnswer.location()));
        assertThat(done.location()).as(done.body()).startsWith(HostedUiFixture.CALLBACK + "?");
        assertThat(done.locationParameters()).containsEntry("state", "fed");
        assertThat(fixture.redeemed(done.locationParameters().get("code")).username())
                .isEqualTo("entra_" + StubIdp.SUBJECT);
        // The same answer replayed to the first node is refused: single use holds across nodes.
        assertThat(browser.get(on(a, idpAnswer.location())).body()).contains("This sign-in was already completed");
    }
}
