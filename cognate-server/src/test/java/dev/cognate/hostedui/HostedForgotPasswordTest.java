package dev.cognate.hostedui;

import static dev.cognate.hostedui.MailedHostedPool.PASSWORD;
import static dev.cognate.hostedui.MailedHostedPool.codeMailedTo;
import static dev.cognate.hostedui.MailedHostedPool.hosted;
import static dev.cognate.hostedui.MailedHostedPool.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.testing.Backend;
import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestBrowser.Page;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PreventUserExistenceErrorTypes;

/**
 * The hosted password reset ({@code /forgotPassword}, {@code /confirmForgotPassword}) over plain
 * HTTP on both backends, with the codes read from real mail: from the sign-in page's link to
 * signing in with the new password, and each attack on it refused.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class HostedForgotPasswordTest {
    static final String NEW_PASSWORD = "N3w-Password!";

    @Parameter
    Backend backend;

    MailedHostedPool pool;
    String clientId;
    TestBrowser browser;

    @BeforeEach
    void setUp() {
        pool = MailedHostedPool.create(backend);
        clientId = pool.client();
        browser = new TestBrowser(pool.server.endpoint());
    }

    private Page loginPage(TestBrowser b, String client) {
        Page toLogin = b.get("/oauth2/authorize?response_type=code&client_id=" + client + "&redirect_uri="
                + TestBrowser.enc(HostedUiFixture.CALLBACK) + "&state=fp");
        Page login = b.get(toLogin.location());
        assertThat(login.status()).isEqualTo(200);
        return login;
    }

    /** From the sign-in page's link, asks a code for {@code username}: the page that asks for it. */
    private Page codePage(TestBrowser b, String client, String username) {
        Page login = loginPage(b, client);
        Page forgot = b.get("/forgotPassword?signin=" + login.hiddenFields().get("signin"));
        assertThat(forgot.status()).isEqualTo(200);
        Page asked = b.submit(forgot, "/forgotPassword", Map.of("username", username));
        assertThat(asked.status()).isEqualTo(303);
        assertThat(asked.location()).startsWith("/confirmForgotPassword?signin=");
        Page page = b.get(asked.location());
        assertThat(page.status()).isEqualTo(200);
        return page;
    }

    private static Page reset(TestBrowser b, Page page, String code, String password) {
        return b.submit(page, "/confirmForgotPassword",
                Map.of("code", code, "new_password", password, "confirm_password", password));
    }

    @Test
    void forgottenPasswordIsResetFromTheSignInPageThenSignsIn() {
        String name = unique("kim");
        String email = name + "@example.com";
        pool.confirmedUser(name, email);
        Page page = codePage(browser, clientId, name);

        Page weak = reset(browser, page, codeMailedTo(email), "weak");
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.body()).contains("Password did not conform with policy: Password not long enough");

        Page login = reset(browser, page, codeMailedTo(email), NEW_PASSWORD);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body()).contains("Your password was changed. Sign in with your new password.",
                "action=\"/login\"", "value=\"" + name + "\"");
        assertThat(browser.submit(login, "/login", Map.of("username", name, "password", PASSWORD)).status())
                .isEqualTo(400);
        Page signedIn = browser.submit(login, "/login", Map.of("username", name, "password", NEW_PASSWORD));
        assertThat(signedIn.redirectsTo(HostedUiFixture.CALLBACK)).isTrue();
        assertThat(signedIn.locationParameters()).containsEntry("state", "fp").containsKey("code");
    }

    @Test
    void unknownUserGetsTheSamePagesAsAKnownOneWhenExistenceErrorsArePrevented() {
        String known = unique("lee");
        pool.confirmedUser(known, known + "@example.com");
        String unknown = unique("lee");

        TestBrowser other = new TestBrowser(pool.server.endpoint());
        Page forKnown = codePage(browser, clientId, known);
        Page forUnknown = codePage(other, clientId, unknown);
        assertThat(normalized(forUnknown, unknown)).isEqualTo(normalized(forKnown, known));

        Page wrongForKnown = reset(browser, forKnown, "123456", NEW_PASSWORD);
        Page wrongForUnknown = reset(other, forUnknown, "123456", NEW_PASSWORD);
        assertThat(wrongForKnown.status()).isEqualTo(400).isEqualTo(wrongForUnknown.status());
        assertThat(wrongForUnknown.body()).contains("Invalid verification code provided, please try again.");
    }

    @Test
    void withLegacyExistenceErrorsAnUnknownUserIsTold() {
        String legacy = pool.client(r -> r.preventUserExistenceErrors(PreventUserExistenceErrorTypes.LEGACY));
        Page login = loginPage(browser, legacy);
        Page forgot = browser.get("/forgotPassword?signin=" + login.hiddenFields().get("signin"));
        Page answer = browser.submit(forgot, "/forgotPassword", Map.of("username", unique("nobody")));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("Username/client id combination not found.");
    }

    @Test
    void resetCodeReplayIsRefused() {
        String name = unique("max");
        String email = name + "@example.com";
        pool.confirmedUser(name, email);
        Page page = codePage(browser, clientId, name);
        String code = codeMailedTo(email);
        assertThat(reset(browser, page, code, NEW_PASSWORD).status()).isEqualTo(200);

        // The same code again, in a new reset of the same user, sets nothing.
        TestBrowser other = new TestBrowser(pool.server.endpoint());
        Page again = codePage(other, clientId, name);
        Page replay = reset(other, again, code, "An0ther-Password!");
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.body()).contains("Invalid verification code provided, please try again.");
        Page login = loginPage(browser, clientId);
        assertThat(browser.submit(login, "/login", Map.of("username", name, "password", NEW_PASSWORD))
                .redirectsTo(HostedUiFixture.CALLBACK)).isTrue();
    }

    @Test
    void resetCodeBruteForceIsThrottled() {
        String name = unique("ned");
        String email = name + "@example.com";
        pool.confirmedUser(name, email);
        Page page = codePage(browser, clientId, name);
        String code = codeMailedTo(email);
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 5; i++) {
            assertThat(reset(browser, page, wrong, NEW_PASSWORD).body())
                    .contains("Invalid verification code provided, please try again.");
        }
        Page answer = reset(browser, page, code, NEW_PASSWORD);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("Too many failed attempts with this code, please request a new code.");
        Page login = loginPage(browser, clientId);
        assertThat(browser.submit(login, "/login", Map.of("username", name, "password", PASSWORD))
                .redirectsTo(HostedUiFixture.CALLBACK)).isTrue();
    }

    @Test
    void aResetWithoutTheCsrfTokenIsRefused() {
        String name = unique("ola");
        String email = name + "@example.com";
        pool.confirmedUser(name, email);
        Page page = codePage(browser, clientId, name);
        Map<String, String> fields = new HashMap<>(page.hiddenFields());
        fields.remove("_csrf");
        fields.putAll(Map.of("code", codeMailedTo(email), "new_password", NEW_PASSWORD, "confirm_password", NEW_PASSWORD));
        assertThat(browser.post("/confirmForgotPassword", fields).status()).isEqualTo(403);
    }

    @Test
    void aResetInAnotherBrowsersSignInIsRefused() {
        String name = unique("pia");
        String email = name + "@example.com";
        pool.confirmedUser(name, email);
        Page victims = codePage(browser, clientId, name);
        TestBrowser attacker = new TestBrowser(pool.server.endpoint());
        Page attackers = loginPage(attacker, clientId);
        Map<String, String> fields = new HashMap<>(victims.hiddenFields());
        fields.put("_csrf", attackers.hiddenFields().get("_csrf"));
        fields.putAll(Map.of("code", codeMailedTo(email), "new_password", NEW_PASSWORD, "confirm_password", NEW_PASSWORD));
        Page answer = attacker.post("/confirmForgotPassword", fields);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("This sign-in has expired");
    }

    /** The page with what differs for any two sign-ins (the name typed, the transaction, the CSRF token) taken out. */
    private static String normalized(Page page, String name) {
        String body = page.body().replace(name, "NAME");
        for (String hidden : page.hiddenFields().values()) {
            body = body.replace(hidden, "HIDDEN");
        }
        return body;
    }
}
