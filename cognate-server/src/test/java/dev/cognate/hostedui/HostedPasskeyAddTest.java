package dev.cognate.hostedui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognate.crypto.Hashes;
import dev.cognate.store.BrowserSession;
import dev.cognate.store.jdbc.Docs;
import dev.cognate.store.jdbc.JdbcPasskeyStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.PasskeyAuthenticator;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestBrowser.Page;
import dev.cognate.testing.TestServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFactorType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType;

/**
 * Managed login's {@code /passkeys/add} over plain HTTP on both backends, with an authenticator in
 * the test: a user signed in on the hosted page adds a passkey and signs in with it later; and the
 * attacks on the page refused. (Chromium with its virtual authenticator drives the page's script in
 * {@link HostedPasskeyBrowserTest}.)
 */
@ParameterizedClass
@EnumSource(Backend.class)
class HostedPasskeyAddTest {
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
        fixture.cognito.setUserPoolMfaConfig(r -> r.userPoolId(fixture.poolId).mfaConfiguration(UserPoolMfaType.OPTIONAL)
                .softwareTokenMfaConfiguration(t -> t.enabled(true))
                .webAuthnConfiguration(w -> w.relyingPartyId("localhost")));
        clientId = fixture.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_AUTH,
                ExplicitAuthFlowsType.ALLOW_ADMIN_USER_PASSWORD_AUTH));
        origin = "http://localhost:" + fixture.server.endpoint().getPort();
    }

    static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A browser where {@code username} signed in with the password on the hosted page. */
    TestBrowser signedIn(String username) {
        TestBrowser browser = fixture.browser();
        Page login = browser.get(browser.get(fixture.authorize(clientId, "state", "in")).location());
        Page done = browser.submit(login, "/login", Map.of("username", username, "password", HostedUiFixture.PASSWORD));
        assertThat(done.redirectsTo(HostedUiFixture.CALLBACK)).as(done.body()).isTrue();
        return browser;
    }

    String addUrl(String redirectUri) {
        return "/passkeys/add?client_id=" + clientId + "&redirect_uri=" + TestBrowser.enc(redirectUri);
    }

    static JsonNode options(Page page) throws Exception {
        Matcher m = HostedPasskeyTest.OPTIONS.matcher(page.body());
        assertThat(m.find()).as("the page has the creation options").isTrue();
        return JSON.readTree(TestBrowser.unescape(m.group(1)));
    }

    Page add(TestBrowser browser, Page page, String credential) {
        return browser.submit(page, "/passkeys/add", Map.of("credential", credential));
    }

    int passkeysOf(String username) {
        String sub = fixture.cognito.adminGetUser(r -> r.userPoolId(fixture.poolId).username(username)).userAttributes()
                .stream().filter(a -> a.name().equals("sub")).findFirst().orElseThrow().value();
        return new JdbcPasskeyStore(fixture.server.server().database().jdbi()).of(fixture.poolId, username, sub).size();
    }

    @Test
    void aSignedInUserAddsAPasskeyAndSignsInWithItNextTime() throws Exception {
        String alice = unique("alice");
        fixture.confirmedUser(alice);
        TestBrowser browser = signedIn(alice);
        Page page = browser.get(addUrl(HostedUiFixture.CALLBACK));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Add a passkey", alice, "<script src=\"/static/passkey.js\" defer></script>");
        JsonNode options = options(page);
        assertThat(options.path("rp").path("id").asText()).isEqualTo("localhost");
        assertThat(options.path("user").path("name").asText()).isEqualTo(alice);

        PasskeyAuthenticator phone = new PasskeyAuthenticator();
        Page added = add(browser, page, phone.register(options, origin).toString());
        assertThat(added.status()).isEqualTo(302);
        assertThat(added.location()).isEqualTo(HostedUiFixture.CALLBACK);
        assertThat(passkeysOf(alice)).isEqualTo(1);
        assertThat(browser.get("/static/passkey.js").status()).isEqualTo(200);

        TestBrowser later = fixture.browser();
        Page login = later.get(later.get(fixture.authorize(clientId, "state", "pk")).location());
        Matcher m = HostedPasskeyTest.OPTIONS.matcher(login.body());
        assertThat(m.find()).isTrue();
        Page signedIn = later.submit(login, "/login/passkey",
                Map.of("credential", phone.assertion(TestBrowser.unescape(m.group(1)), origin)));
        assertThat(signedIn.redirectsTo(HostedUiFixture.CALLBACK)).as(signedIn.body()).isTrue();
        assertThat(fixture.redeemed(signedIn.locationParameters().get("code")).username()).isEqualTo(alice);
    }

    @Test
    void aBrowserThatIsNotSignedInIsSentToSignInAndAddsNothing() {
        String bob = unique("bob");
        fixture.confirmedUser(bob);
        TestBrowser stranger = fixture.browser();
        Page page = stranger.get(addUrl(HostedUiFixture.CALLBACK));
        assertThat(page.status()).isEqualTo(401);
        assertThat(page.body()).contains("Sign in to add a passkey", "Go back to the app, sign in again")
                .doesNotContain("/oauth2/authorize");
        assertThat(page.header("Location")).isEmpty();

        // a form copied from a signed-in browser's page, posted without that browser's session
        Page own = signedIn(bob).get(addUrl(HostedUiFixture.CALLBACK));
        Map<String, String> fields = new HashMap<>(own.hiddenFields());
        fields.put("_csrf", stranger.get(stranger.get(fixture.authorize(clientId, "state", "s")).location())
                .hiddenFields().get("_csrf"));
        fields.put("credential", "{}");
        assertThat(stranger.post("/passkeys/add", fields).status()).isIn(401, 403);
        assertThat(passkeysOf(bob)).isZero();
    }

    @Test
    void aSessionCookieTakenFromABrowserCannotAddAPasskeyOnceTheSignInIsNotRecent() throws Exception {
        String carol = unique("carol");
        fixture.confirmedUser(carol);
        TestBrowser browser = signedIn(carol);
        String cookie = browser.cookie("cognate_session").orElseThrow();
        // the sign-in, as stored, sixteen minutes ago
        var jdbi = fixture.server.server().database().jdbi();
        String hash = Hashes.sha256Hex(cookie);
        BrowserSession session = Docs.read(jdbi.withHandle(h -> h.createQuery(
                "SELECT doc FROM browser_sessions WHERE session_hash = :h").bind("h", hash).mapTo(String.class).one()),
                BrowserSession.class);
        BrowserSession older = new BrowserSession(session.poolId(), session.username(),
                session.authTime().minus(PasskeyAddEndpoints.RECENT).minus(Duration.ofMinutes(1)), session.expiresAt(),
                session.sub());
        jdbi.useHandle(h -> h.createUpdate("UPDATE browser_sessions SET doc = :d, auth_time = :a WHERE session_hash = :h")
                .bind("d", Docs.write(older)).bind("a", older.authTime().toEpochMilli()).bind("h", hash).execute());

        Page page = browser.get(addUrl(HostedUiFixture.CALLBACK));
        assertThat(page.status()).isEqualTo(401);
        assertThat(page.body()).contains("a passkey is added only shortly after you sign in");
        assertThat(passkeysOf(carol)).isZero();
    }

    @Test
    void aRedirectUriNotRegisteredExactlyIsRefusedWithoutRedirecting() {
        String dave = unique("dave");
        fixture.confirmedUser(dave);
        TestBrowser browser = signedIn(dave);
        for (String elsewhere : new String[] {"https://evil.example/callback", HostedUiFixture.CALLBACK + "/..",
                HostedUiFixture.CALLBACK + "?next=https://evil.example", "https://app.example.com/callback#x"}) {
            Page page = browser.get(addUrl(elsewhere));
            assertThat(page.status()).as(elsewhere).isEqualTo(400);
            assertThat(page.header("Location")).isEmpty();
            assertThat(page.body()).contains("Redirect URL not registered").doesNotContain("href=\"" + elsewhere);
        }
        Page unknown = browser.get("/passkeys/add?client_id=nosuchclient&redirect_uri=" + TestBrowser.enc(HostedUiFixture.CALLBACK));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(browser.get("/passkeys/add").status()).isEqualTo(400);
    }

    @Test
    void aPostWithoutThePagesCsrfTokenAddsNothing() throws Exception {
        String erin = unique("erin");
        fixture.confirmedUser(erin);
        TestBrowser browser = signedIn(erin);
        Page page = browser.get(addUrl(HostedUiFixture.CALLBACK));
        Map<String, String> fields = new HashMap<>(page.hiddenFields());
        fields.remove("_csrf");
        fields.put("credential", new PasskeyAuthenticator().register(options(page), origin).toString());
        assertThat(browser.post("/passkeys/add", fields).status()).isEqualTo(403);
        assertThat(passkeysOf(erin)).isZero();
    }

    @Test
    void aPasskeyMadeOnALookAlikeSiteOrForAnotherUsersPageIsNotAdded() throws Exception {
        String frank = unique("frank");
        String grace = unique("grace");
        fixture.confirmedUser(frank);
        fixture.confirmedUser(grace);
        TestBrowser franks = signedIn(frank);
        TestBrowser graces = signedIn(grace);
        Page page = franks.get(addUrl(HostedUiFixture.CALLBACK));

        Page phished = add(franks, page, new PasskeyAuthenticator().register(options(page), "https://localhost.evil.test")
                .toString());
        assertThat(phished.status()).isEqualTo(400);
        assertThat(phished.body()).contains("The passkey was not added");
        // Grace's page's challenge is hers: a passkey made for it is not Frank's.
        Page gracesPage = graces.get(addUrl(HostedUiFixture.CALLBACK));
        Page crossed = add(franks, phished, new PasskeyAuthenticator().register(options(gracesPage), origin).toString());
        assertThat(crossed.status()).isEqualTo(400);
        for (String broken : new String[] {"not json", "[]", "{}", "{".repeat(20_000), "{\"id\":\"a\\u0000b\"}"}) {
            Page refused = add(franks, crossed, broken);
            assertThat(refused.status()).as(broken.length() > 40 ? "oversized" : broken).isEqualTo(400);
            assertThat(refused.header("Location")).isEmpty();
        }
        assertThat(passkeysOf(frank)).isZero();
        assertThat(passkeysOf(grace)).isZero();
    }

    @Test
    void aPoolThatDoesNotAllowPasskeysHasNoPageToAddOne() {
        String heidi = unique("heidi");
        fixture.confirmedUser(heidi);
        TestBrowser browser = signedIn(heidi);
        fixture.cognito.updateUserPool(r -> r.userPoolId(fixture.poolId).policies(p -> p.signInPolicy(s -> s
                .allowedFirstAuthFactors(AuthFactorType.PASSWORD))));
        Page page = browser.get(addUrl(HostedUiFixture.CALLBACK));
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("Passkeys are not enabled");
    }

    @Test
    void aUserWithTheMostPasskeysIsToldSoAndNoRequestEndsInAServerError() throws Exception {
        String ivan = unique("ivan");
        fixture.confirmedUser(ivan);
        TestBrowser browser = signedIn(ivan);
        Page page = browser.get(addUrl(HostedUiFixture.CALLBACK));
        JsonNode options = options(page);
        String accessToken = fixture.cognito.adminInitiateAuth(r -> r.userPoolId(fixture.poolId).clientId(clientId)
                .authFlow(software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", ivan, "PASSWORD", HostedUiFixture.PASSWORD)))
                .authenticationResult().accessToken();
        for (int i = 0; i < dev.cognate.authn.Passkeys.MAX_PER_USER; i++) {
            JsonNode creation = PasskeyAuthenticator.json(fixture.cognito.startWebAuthnRegistration(r -> r.accessToken(accessToken))
                    .credentialCreationOptions());
            fixture.cognito.completeWebAuthnRegistration(r -> r.accessToken(accessToken).credential(PasskeyAuthenticator
                    .document(new PasskeyAuthenticator().register(creation, origin))));
        }
        // the page opened before the last one was added, posted now; and the page asked for again
        Page late = add(browser, page, new PasskeyAuthenticator().register(options, origin).toString());
        assertThat(late.status()).isEqualTo(400);
        assertThat(late.body()).contains("Cannot add a passkey", String.valueOf(dev.cognate.authn.Passkeys.MAX_PER_USER));
        assertThat(add(browser, page, "not json").status()).isEqualTo(400);
        Page again = browser.get(addUrl(HostedUiFixture.CALLBACK));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("Delete one first");
        assertThat(passkeysOf(ivan)).isEqualTo(dev.cognate.authn.Passkeys.MAX_PER_USER);
    }
}
