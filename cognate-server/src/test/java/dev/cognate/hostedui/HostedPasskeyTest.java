package dev.cognate.hostedui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognate.testing.Backend;
import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.PasskeyAuthenticator;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestBrowser.Page;
import dev.cognate.testing.TestServer;
import dev.cognate.testing.TotpTestCodes;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFactorType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.WebAuthnFactorConfigurationType;

/**
 * The hosted sign-in page's passkey button over plain HTTP on both backends, with an
 * authenticator in the test: the page's request options, the assertion posted to
 * {@code /login/passkey}, and the attacks on that step refused. (Chromium drives the button
 * itself in {@link HostedPasskeyBrowserTest}.)
 */
@ParameterizedClass
@EnumSource(Backend.class)
class HostedPasskeyTest {
    static final Pattern OPTIONS = Pattern.compile("data-options=\"([^\"]*)\"");
    static final ObjectMapper JSON = new ObjectMapper();

    @Parameter
    Backend backend;

    HostedUiFixture fixture;
    String clientId;
    String origin;

    @BeforeEach
    void setUp() {
        fixture = HostedUiFixture.on(TestServer.shared(backend));
        fixture.cognito.updateUserPool(r -> r.userPoolId(fixture.poolId).policies(p -> p.signInPolicy(s -> s
                .allowedFirstAuthFactors(AuthFactorType.PASSWORD, AuthFactorType.WEB_AUTHN))));
        webAuthn(WebAuthnFactorConfigurationType.SINGLE_FACTOR);
        clientId = fixture.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_ADMIN_USER_PASSWORD_AUTH,
                ExplicitAuthFlowsType.ALLOW_USER_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH));
        origin = "http://localhost:" + fixture.server.endpoint().getPort();
    }

    void webAuthn(WebAuthnFactorConfigurationType factors) {
        fixture.cognito.setUserPoolMfaConfig(r -> r.userPoolId(fixture.poolId).mfaConfiguration(UserPoolMfaType.OPTIONAL)
                .softwareTokenMfaConfiguration(t -> t.enabled(true))
                .webAuthnConfiguration(w -> w.relyingPartyId("localhost").factorConfiguration(factors)));
    }

    String accessToken(String username) {
        return fixture.cognito.adminInitiateAuth(r -> r.userPoolId(fixture.poolId).clientId(clientId)
                .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", HostedUiFixture.PASSWORD)))
                .authenticationResult().accessToken();
    }

    /** A confirmed user who registered {@code authenticator}'s passkey through the API; their access token. */
    String userWithPasskey(String username, PasskeyAuthenticator authenticator) {
        fixture.confirmedUser(username);
        String accessToken = accessToken(username);
        registerPasskey(accessToken, authenticator);
        return accessToken;
    }

    Page loginPage(TestBrowser browser) {
        Page toLogin = browser.get(fixture.authorize(clientId, "state", "pk-1"));
        return browser.get(toLogin.location());
    }

    static String options(Page page) {
        Matcher m = OPTIONS.matcher(page.body());
        assertThat(m.find()).as("the page has a passkey button").isTrue();
        return TestBrowser.unescape(m.group(1));
    }

    Page withPasskey(TestBrowser browser, Page page, String credential) {
        return browser.submit(page, "/login/passkey", Map.of("credential", credential));
    }

    /** Turns TOTP MFA on for the user, as their authenticator app confirms it. */
    void totpOn(String username, String accessToken) {
        String secret = fixture.cognito.associateSoftwareToken(r -> r.accessToken(accessToken)).secretCode();
        fixture.cognito.verifySoftwareToken(r -> r.accessToken(accessToken).userCode(TotpTestCodes.at(secret, Instant.now())));
        fixture.cognito.adminSetUserMFAPreference(r -> r.userPoolId(fixture.poolId).username(username)
                .softwareTokenMfaSettings(m -> m.enabled(true).preferredMfa(true)));
    }

    /** The sign-in page again, with the refusal that tells nothing of who the passkey claimed to be. */
    static void refusedAsUnproven(Page page) {
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.header("Location")).isEmpty();
        assertThat(page.body()).contains(LoginEndpoints.PASSKEY_REFUSED);
    }

    static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aUserSignsInWithTheirPasskeyAloneThroughThePagesPasskeyButton() throws Exception {
        PasskeyAuthenticator phone = new PasskeyAuthenticator();
        String alice = unique("alice");
        userWithPasskey(alice, phone);
        TestBrowser browser = fixture.browser();
        Page page = loginPage(browser);
        assertThat(page.body()).contains("Sign in with a passkey", "<script src=\"/static/passkey.js\" defer></script>");
        assertThat(page.header("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("script-src 'self'").doesNotContain("unsafe-inline"));
        JsonNode options = JSON.readTree(options(page));
        assertThat(options.path("rpId").asText()).isEqualTo("localhost");
        assertThat(options.path("allowCredentials")).as("no username yet: the passkey names its user").isEmpty();

        Page signedIn = withPasskey(browser, page, phone.assertion(options.toString(), origin));

        assertThat(signedIn.redirectsTo(HostedUiFixture.CALLBACK)).as(signedIn.body()).isTrue();
        assertThat(signedIn.locationParameters()).containsEntry("state", "pk-1");
        var code = fixture.redeemed(signedIn.locationParameters().get("code"));
        assertThat(code.username()).isEqualTo(alice);
        assertThat(code.amr()).containsExactly("hwk");
        assertThat(browser.get("/static/passkey.js").status()).isEqualTo(200);
    }

    @Test
    void anAssertionMadeForAnotherSignInOrReplayedAfterItsOwnProvesNothing() {
        PasskeyAuthenticator phone = new PasskeyAuthenticator();
        userWithPasskey(unique("alice"), phone);
        TestBrowser victim = fixture.browser();
        Page victimsPage = loginPage(victim);
        String captured = phone.assertion(options(victimsPage), origin);

        TestBrowser attacker = fixture.browser();
        Page attackersPage = loginPage(attacker);
        refusedAsUnproven(withPasskey(attacker, attackersPage, captured));

        assertThat(withPasskey(victim, victimsPage, captured).redirectsTo(HostedUiFixture.CALLBACK)).isTrue();
        Page replayed = withPasskey(victim, victimsPage, captured);
        assertThat(replayed.header("Location")).as("the sign-in is over").isEmpty();
        assertThat(replayed.status()).isEqualTo(400);
    }

    @Test
    void anAssertionFromALookAlikeSiteOrOfNoPasskeyHereSignsNobodyIn() {
        PasskeyAuthenticator phone = new PasskeyAuthenticator();
        userWithPasskey(unique("alice"), phone);
        TestBrowser browser = fixture.browser();
        Page page = loginPage(browser);
        String phished = phone.assertion(options(page), "https://localhost.evil.test");
        String stranger = new PasskeyAuthenticator().assertion(options(page), origin);

        Page current = page;
        for (String credential : new String[] {phished, stranger, "{\"id\":\"" + phone.credentialId() + "\"}",
                "not json", "{".repeat(20_000), "{\"id\":\"a\\u0000b\"}"}) {
            current = withPasskey(browser, current, credential);
            refusedAsUnproven(current);
        }
        assertThat(withPasskey(browser, current, phone.assertion(options(current), origin)).redirectsTo(HostedUiFixture.CALLBACK))
                .as("the sign-in was left where it was, its page with a new challenge").isTrue();
    }

    @Test
    void aUserWhoOwesASecondFactorSkipsItOnlyWithAUserVerifyingPasskeyAndPasskeyMfaOn() {
        PasskeyAuthenticator phone = new PasskeyAuthenticator();
        String alice = unique("alice");
        String accessToken = userWithPasskey(alice, phone);
        totpOn(alice, accessToken);
        TestBrowser browser = fixture.browser();
        Page page = loginPage(browser);

        String proven = phone.assertion(options(page), origin);
        Page owed = withPasskey(browser, page, proven);
        assertThat(owed.status()).isEqualTo(400);
        assertThat(owed.body()).contains("Your account needs a second factor");

        webAuthn(WebAuthnFactorConfigurationType.MULTI_FACTOR_WITH_USER_VERIFICATION);
        fixture.cognito.adminSetUserMFAPreference(r -> r.userPoolId(fixture.poolId).username(alice)
                .webAuthnMfaSettings(w -> w.enabled(true)));
        PasskeyAuthenticator touchOnly = new PasskeyAuthenticator();
        registerPasskey(accessToken, touchOnly);
        touchOnly.presenceOnly();
        Page presence = withPasskey(browser, owed, touchOnly.assertion(options(owed), origin));
        refusedAsUnproven(presence);

        Page signedIn = withPasskey(browser, presence, phone.assertion(options(presence), origin));
        assertThat(signedIn.redirectsTo(HostedUiFixture.CALLBACK)).as(signedIn.body()).isTrue();
        assertThat(fixture.redeemed(signedIn.locationParameters().get("code")).amr()).containsExactly("hwk", "mfa");
    }

    /** Registers {@code authenticator}'s passkey for the user of {@code accessToken}. */
    void registerPasskey(String accessToken, PasskeyAuthenticator authenticator) {
        JsonNode options = PasskeyAuthenticator.json(fixture.cognito.startWebAuthnRegistration(r -> r.accessToken(accessToken))
                .credentialCreationOptions());
        fixture.cognito.completeWebAuthnRegistration(r -> r.accessToken(accessToken)
                .credential(PasskeyAuthenticator.document(authenticator.register(options, origin))));
    }

    @Test
    void anAssertionThatWasPostedOnceIsUsedUpEvenFromAPasskeyThatKeepsNoCounter() {
        PasskeyAuthenticator synced = new PasskeyAuthenticator().withoutCounter();
        String alice = unique("alice");
        String accessToken = userWithPasskey(alice, synced);
        totpOn(alice, accessToken);
        TestBrowser browser = fixture.browser();
        Page page = loginPage(browser);
        String assertion = synced.assertion(options(page), origin);
        assertThat(withPasskey(browser, page, assertion).body()).contains("Your account needs a second factor");

        fixture.cognito.adminSetUserMFAPreference(r -> r.userPoolId(fixture.poolId).username(alice)
                .softwareTokenMfaSettings(m -> m.enabled(false).preferredMfa(false)));
        refusedAsUnproven(withPasskey(browser, page, assertion));
    }

    @Test
    void aPasskeyDoesNotSkipTheNewPasswordAnAdministratorAskedFor() {
        PasskeyAuthenticator phone = new PasskeyAuthenticator();
        String alice = unique("alice");
        userWithPasskey(alice, phone);
        fixture.cognito.adminSetUserPassword(r -> r.userPoolId(fixture.poolId).username(alice)
                .password("Temp0rary-Pass!").permanent(false));
        TestBrowser browser = fixture.browser();
        Page page = loginPage(browser);
        Page refused = withPasskey(browser, page, phone.assertion(options(page), origin));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("Location")).isEmpty();
        assertThat(refused.body()).contains("cannot sign in with a passkey now");
    }

    @Test
    void thePasskeyFormNeedsThePagesCsrfTokenAndAPoolThatAllowsPasskeys() {
        PasskeyAuthenticator phone = new PasskeyAuthenticator();
        userWithPasskey(unique("alice"), phone);
        TestBrowser browser = fixture.browser();
        Page page = loginPage(browser);
        Map<String, String> forged = new java.util.LinkedHashMap<>(page.hiddenFields());
        forged.remove("_csrf");
        forged.put("credential", phone.assertion(options(page), origin));
        assertThat(browser.post("/login/passkey", forged).status()).isEqualTo(403);

        fixture.cognito.updateUserPool(r -> r.userPoolId(fixture.poolId).policies(p -> p.signInPolicy(s -> s
                .allowedFirstAuthFactors(AuthFactorType.PASSWORD))));
        Page without = loginPage(fixture.browser());
        assertThat(without.body()).doesNotContain("Sign in with a passkey", "data-options", "<script");
        Page refused = withPasskey(browser, page, phone.assertion(options(page), origin));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Passkey sign-in is not enabled");
    }

    @Test
    void anAppClientWithoutUserAuthOffersNoPasskeyAndTakesNoneAsCognitosManagedLoginDoes() {
        PasskeyAuthenticator phone = new PasskeyAuthenticator();
        userWithPasskey(unique("alice"), phone);
        String passwordOnly = fixture.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH,
                ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH));
        TestBrowser browser = fixture.browser();
        Page page = loginPage(browser);
        String assertion = phone.assertion(options(page), origin);

        TestBrowser other = fixture.browser();
        Page plain = other.get(other.get(fixture.authorize(passwordOnly, "state", "p")).location());
        assertThat(plain.body()).contains("action=\"/login\"").doesNotContain("Sign in with a passkey", "data-options");
        Page refused = withPasskey(other, plain, assertion);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("Location")).isEmpty();
        assertThat(refused.body()).contains("Passkey sign-in is not enabled");
    }
}
