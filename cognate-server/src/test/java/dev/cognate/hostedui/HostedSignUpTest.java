package dev.cognate.hostedui;

import static dev.cognate.hostedui.MailedHostedPool.PASSWORD;
import static dev.cognate.hostedui.MailedHostedPool.codeMailedTo;
import static dev.cognate.hostedui.MailedHostedPool.hosted;
import static dev.cognate.hostedui.MailedHostedPool.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.store.AuthorizationCode;
import dev.cognate.store.AuthorizationCodeStore;
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
import software.amazon.awssdk.services.cognitoidentityprovider.model.SchemaAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;

/**
 * The hosted sign-up and confirmation pages ({@code /signup}, {@code /confirm}) over plain HTTP
 * on both backends, with the codes read from real mail: the way through to the app, and each
 * attack on them refused.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class HostedSignUpTest {
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

    private Page signUpPage(TestBrowser b) {
        Page page = b.get(hosted("/signup", clientId, "st-1"));
        assertThat(page.status()).isEqualTo(200);
        return page;
    }

    private static Page signUp(TestBrowser b, Page form, String username, String email, String password) {
        Map<String, String> fields = new HashMap<>();
        fields.put("username", username);
        fields.put("attribute.email", email);
        fields.put("password", password);
        return b.submit(form, "/signup", fields);
    }

    /** Signs up on the page: the confirmation page, reached by its redirect. */
    private Page signedUp(TestBrowser b, String username, String email) {
        Page answer = signUp(b, signUpPage(b), username, email, PASSWORD);
        assertThat(answer.status()).isEqualTo(303);
        assertThat(answer.location()).startsWith("/confirm?signin=");
        Page confirm = b.get(answer.location());
        assertThat(confirm.status()).isEqualTo(200);
        return confirm;
    }

    private AuthorizationCode redeemed(String code) {
        return redeemedIn(pool, code);
    }

    private static AuthorizationCode redeemedIn(MailedHostedPool pool, String code) {
        return pool.redeemed(code);
    }

    @Test
    void signingUpAndConfirmingWithTheMailedCodeEndsAtTheAppWithACode() {
        String name = unique("ann");
        String email = name + "@example.com";
        Page form = signUpPage(browser);
        assertThat(form.body()).contains("Sign up for <span class=\"app\">Test App</span>", "name=\"attribute.email\"",
                "name=\"password\"", "At least 8 characters");

        Page confirm = signedUp(browser, name, email);
        assertThat(confirm.body()).contains("We sent a code to a***@e***");
        assertThat(pool.status(name)).isEqualTo(UserStatusType.UNCONFIRMED);

        Page answer = browser.submit(confirm, "/confirm", Map.of("code", codeMailedTo(email)));
        assertThat(answer.status()).isEqualTo(302);
        assertThat(answer.location()).startsWith(HostedUiFixture.CALLBACK + "?");
        assertThat(answer.locationParameters()).containsEntry("state", "st-1");
        assertThat(redeemed(answer.locationParameters().get("code")).username()).isEqualTo(name);
        assertThat(pool.status(name)).isEqualTo(UserStatusType.CONFIRMED);
    }

    @Test
    void inAPoolThatSignsInWithEmailTheAddressIsTheUsername() {
        MailedHostedPool byEmail = MailedHostedPool.create(backend, r -> r.usernameAttributesWithStrings("email"));
        clientId = byEmail.client();
        TestBrowser b = new TestBrowser(byEmail.server.endpoint());
        Page form = signUpPage(b);
        assertThat(form.body()).contains("<label for=\"username\">Email</label>").doesNotContain("name=\"attribute.email\"");
        Page notAnAddress = b.submit(form, "/signup", Map.of("username", "not-an-address", "password", PASSWORD));
        assertThat(notAnAddress.status()).isEqualTo(400);
        assertThat(notAnAddress.body()).contains("Enter a valid email.");

        String email = unique("kay") + "@example.com";
        Page answer = b.submit(form, "/signup", Map.of("username", email, "password", PASSWORD));
        assertThat(answer.status()).isEqualTo(303);
        Page confirm = b.get(answer.location());
        Page done = b.submit(confirm, "/confirm", Map.of("code", codeMailedTo(email)));
        assertThat(done.redirectsTo(HostedUiFixture.CALLBACK)).isTrue();
        AuthorizationCode code = redeemedIn(byEmail, done.locationParameters().get("code"));
        assertThat(code.username()).isEqualTo(code.sub());
    }

    @Test
    void theSignInPageLinksToSignUpAndForgotPassword() {
        Page toLogin = browser.get("/oauth2/authorize?response_type=code&client_id=" + clientId + "&redirect_uri="
                + TestBrowser.enc(HostedUiFixture.CALLBACK));
        Page login = browser.get(toLogin.location());
        String signIn = login.hiddenFields().get("signin");
        assertThat(login.body()).contains("href=\"/signup?signin=" + signIn + "\"",
                "href=\"/forgotPassword?signin=" + signIn + "\"", ">Sign up</a>", ">Forgot your password?</a>");
        Page signUp = browser.get("/signup?signin=" + signIn);
        assertThat(signUp.status()).isEqualTo(200);
        assertThat(signUp.hiddenFields()).containsEntry("signin", signIn);
    }

    @Test
    void signingUpWhenOnlyAdministratorsCreateUsersIsRefused() {
        MailedHostedPool adminOnly = MailedHostedPool.create(backend,
                r -> r.adminCreateUserConfig(c -> c.allowAdminCreateUserOnly(true)));
        String client = adminOnly.client();
        TestBrowser b = new TestBrowser(adminOnly.server.endpoint());
        Page toLogin = b.get("/oauth2/authorize?response_type=code&client_id=" + client + "&redirect_uri="
                + TestBrowser.enc(HostedUiFixture.CALLBACK));
        Page login = b.get(toLogin.location());
        assertThat(login.body()).doesNotContain(">Sign up</a>").contains(">Forgot your password?</a>");

        Page page = b.get(hosted("/signup", client, "s"));
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).contains("Sign-up is not available").doesNotContain("name=\"password\"");

        String name = unique("intruder");
        Page post = signUp(b, login, name, name + "@example.com", PASSWORD);
        assertThat(post.status()).isEqualTo(404);
        assertThat(adminOnly.usersNamed(name)).isZero();
    }

    @Test
    void aMissingRequiredAttributeIsAskedForAgainKeepingWhatWasTyped() {
        MailedHostedPool named = MailedHostedPool.create(backend, r -> r.schema(
                SchemaAttributeType.builder().name("email").attributeDataType("String").required(true).mutable(true).build(),
                SchemaAttributeType.builder().name("given_name").attributeDataType("String").required(true).mutable(true)
                        .build()));
        clientId = named.client();
        TestBrowser b = new TestBrowser(named.server.endpoint());
        Page form = signUpPage(b);
        assertThat(form.body()).contains("name=\"attribute.given_name\"", "Given name");
        String name = unique("bob");
        Page again = signUp(b, form, name, name + "@example.com", PASSWORD);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("Enter your given name.", "value=\"" + name + "\"",
                "value=\"" + name + "@example.com\"");
        assertThat(named.usersNamed(name)).isZero();
    }

    @Test
    void aWeakPasswordIsExplainedAndNeverEchoed() {
        String name = unique("carol");
        Page again = signUp(browser, signUpPage(browser), name, name + "@example.com", "weak-Pass");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("Password did not conform with policy: Password must have numeric characters",
                "value=\"" + name + "\"").doesNotContain("weak-Pass");
        assertThat(pool.usersNamed(name)).isZero();
    }

    @Test
    void anExistingUsernameIsRefused() {
        String name = unique("dave");
        pool.confirmedUser(name, name + "@example.com");
        Page again = signUp(browser, signUpPage(browser), name, "other-" + name + "@example.com", PASSWORD);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("An account with this username already exists.");
    }

    @Test
    void signUpWithoutTheCsrfTokenIsRefused() {
        Page form = signUpPage(browser);
        String name = unique("erin");
        Map<String, String> fields = new HashMap<>(form.hiddenFields());
        fields.remove("_csrf");
        fields.putAll(Map.of("username", name, "attribute.email", name + "@example.com", "password", PASSWORD));
        Page answer = browser.post("/signup", fields);
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body()).contains("This form has expired");
        assertThat(pool.usersNamed(name)).isZero();
    }

    @Test
    void signUpWithAForeignCsrfTokenIsRefused() {
        TestBrowser attacker = new TestBrowser(pool.server.endpoint());
        Page attackers = signUpPage(attacker);
        Page form = signUpPage(browser);
        String name = unique("frank");
        Map<String, String> fields = new HashMap<>(form.hiddenFields());
        fields.put("_csrf", attackers.hiddenFields().get("_csrf"));
        fields.putAll(Map.of("username", name, "attribute.email", name + "@example.com", "password", PASSWORD));
        assertThat(browser.post("/signup", fields).status()).isEqualTo(403);
        assertThat(pool.usersNamed(name)).isZero();
    }

    @Test
    void aSignInTransactionOfAnotherBrowserIsRefused() {
        String name = unique("gina");
        String email = name + "@example.com";
        Page victims = signedUp(browser, name, email);
        String code = codeMailedTo(email);
        // The attacker has its own CSRF token, but not the victim's browser binding.
        TestBrowser attacker = new TestBrowser(pool.server.endpoint());
        Page attackers = signUpPage(attacker);
        Map<String, String> fields = new HashMap<>(victims.hiddenFields());
        fields.put("_csrf", attackers.hiddenFields().get("_csrf"));
        fields.put("code", code);
        Page answer = attacker.post("/confirm", fields);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("This sign-in has expired");
        assertThat(pool.status(name)).isEqualTo(UserStatusType.UNCONFIRMED);
        // The victim's own confirmation still works.
        assertThat(browser.submit(victims, "/confirm", Map.of("code", code)).redirectsTo(HostedUiFixture.CALLBACK)).isTrue();
    }

    @Test
    void confirmationCodeBruteForceIsThrottled() {
        String name = unique("hank");
        String email = name + "@example.com";
        Page confirm = signedUp(browser, name, email);
        String code = codeMailedTo(email);
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 5; i++) {
            Page answer = browser.submit(confirm, "/confirm", Map.of("code", wrong));
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body()).contains("Invalid verification code provided, please try again.");
        }
        // Past the code's guesses even the right code is refused: the user must ask for a new one.
        Page answer = browser.submit(confirm, "/confirm", Map.of("code", code));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("Too many failed attempts with this code, please request a new code.");
        assertThat(pool.status(name)).isEqualTo(UserStatusType.UNCONFIRMED);

        Page resent = browser.submit(confirm, "/confirm/resend", Map.of());
        assertThat(resent.status()).isEqualTo(200);
        assertThat(browser.submit(resent, "/confirm", Map.of("code", codeMailedTo(email, 1)))
                .redirectsTo(HostedUiFixture.CALLBACK)).isTrue();
    }

    @Test
    void confirmationCodeReplayIsRefused() {
        String name = unique("ivy");
        String email = name + "@example.com";
        Page confirm = signedUp(browser, name, email);
        String code = codeMailedTo(email);
        assertThat(browser.submit(confirm, "/confirm", Map.of("code", code)).redirectsTo(HostedUiFixture.CALLBACK)).isTrue();

        // The same form again: its sign-in has ended.
        Page again = browser.submit(confirm, "/confirm", Map.of("code", code));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("This sign-in has expired");
        // In a new sign-in (another browser, without the session), the used code confirms nothing and signs no one in.
        TestBrowser other = new TestBrowser(pool.server.endpoint());
        Page page = other.get(hosted("/confirm", clientId, "s-2"));
        Page replay = other.submit(page, "/confirm", Map.of("username", name, "code", code));
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void confirmingOutsideTheSignUpsSignInDoesNotSignIn() {
        // Someone who holds the code but never gave the password confirms the account, and is sent to sign in.
        String name = unique("jill");
        String email = name + "@example.com";
        signedUp(browser, name, email);
        String code = codeMailedTo(email);
        TestBrowser other = new TestBrowser(pool.server.endpoint());
        Page page = other.get(hosted("/confirm", clientId, "s-3"));
        assertThat(page.body()).contains("name=\"username\"");
        Page answer = other.submit(page, "/confirm", Map.of("username", name, "code", code));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("Your account is confirmed. Sign in to continue.", "action=\"/login\"");
        assertThat(pool.status(name)).isEqualTo(UserStatusType.CONFIRMED);
    }
}
