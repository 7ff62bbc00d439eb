package dev.cognate.hostedui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.cognate.testing.SpaPage.SLOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.cognate.testing.Backend;
import dev.cognate.testing.HeadlessChromium;
import dev.cognate.testing.SpaBrowser;
import dev.cognate.testing.SpaPage;
import dev.cognate.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFactorType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;

/**
 * Passkeys end to end with the real parts: Amplify JS v6's {@code associateWebAuthnCredential}
 * and a USER_AUTH {@code signIn} preferring WEB_AUTHN, in Chromium, whose virtual authenticator
 * (the DevTools WebAuthn domain: CTAP2, internal, resident keys, user verification) makes and
 * uses the passkey for the page's origin, {@code http://localhost:<port>}, the relying party
 * {@code localhost}.
 */
@Tag("browser")
class AmplifyPasskeyBrowserTest {
    static final String PASSWORD = "Corr3ct-Horse!";
    static SpaBrowser browser;

    SpaPage spa;

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

    @AfterEach
    void closePage() {
        if (spa != null) {
            spa.close();
        }
    }

    @Test
    void amplifyRegistersAPasskeyWithTheBrowsersAuthenticatorAndSignsInWithIt() {
        TestServer server = TestServer.shared(Backend.SQLITE);
        CognitoIdentityProviderClient cognito = server.client();
        String poolId = cognito.createUserPool(r -> r.poolName("passkeys-" + UUID.randomUUID().toString().substring(0, 8))
                .policies(p -> p.signInPolicy(s -> s.allowedFirstAuthFactors(AuthFactorType.PASSWORD,
                        AuthFactorType.WEB_AUTHN)))).userPool().id();
        cognito.setUserPoolMfaConfig(r -> r.userPoolId(poolId).webAuthnConfiguration(w -> w.relyingPartyId("localhost")));
        String clientId = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("Amplify page")
                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH, ExplicitAuthFlowsType.ALLOW_USER_AUTH,
                        ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)).userPoolClient().clientId();
        String jane = "jane-" + System.nanoTime();
        cognito.adminCreateUser(r -> r.userPoolId(poolId).username(jane).messageAction(MessageActionType.SUPPRESS));
        cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username(jane).password(PASSWORD).permanent(true));

        String cognate = server.server().publicUrl();
        spa = browser.open("amplify.html", cognate, Map.of("userPoolId", poolId, "clientId", clientId, "endpoint", cognate));
        Page page = spa.page();
        HeadlessChromium.addVirtualAuthenticator(spa.context().newCDPSession(page));

        page.getByLabel("Username").fill(jane);
        page.getByLabel("Password").fill(PASSWORD);
        spa.button("Sign in").click();
        assertThat(spa.status()).hasText("signed in as " + jane, SLOW);

        @SuppressWarnings("unchecked")
        List<String> registered = (List<String>) page.evaluate("() => app.registerPasskey()");
        assertThat(registered).hasSize(1);
        page.evaluate("() => app.signOutHere()");
        assertThat(spa.status()).hasText("signed out", SLOW);

        Object step = page.evaluate("u => app.passkeySignIn(u)", jane);
        assertThat(step).isEqualTo("DONE");
        assertThat(spa.status()).hasText("signed in as " + jane, SLOW);
        assertThat(spa.toCognate().stream().map(r -> r.headerValue("x-amz-target")).toList())
                .contains("AWSCognitoIdentityProviderService.StartWebAuthnRegistration",
                        "AWSCognitoIdentityProviderService.CompleteWebAuthnRegistration");
        assertThat(spa.toCognate()).as("the browser's assertion answered the WEB_AUTHN challenge")
                .anySatisfy(r -> {
                    assertThat(r.headerValue("x-amz-target")).isEqualTo("AWSCognitoIdentityProviderService.RespondToAuthChallenge");
                    assertThat(r.postData()).contains("\"ChallengeName\":\"WEB_AUTHN\"").contains("CREDENTIAL");
                });
    }
}
