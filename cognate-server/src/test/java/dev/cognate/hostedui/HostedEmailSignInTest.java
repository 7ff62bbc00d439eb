package dev.cognate.hostedui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.store.AuthorizationCode;
import dev.cognate.store.AuthorizationCodeStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestBrowser.Page;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFactorType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DeliveryMediumType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType;

/**
 * Signing in on the hosted page with a code mailed to the user instead of the password (the
 * pool's AllowedFirstAuthFactors include EMAIL_OTP), over plain HTTP on both backends, the mail
 * read from GreenMail: the code is the whole sign-in (amr otp); every name gets the same answer;
 * and a mailbox alone never skips what a password sign-in would still ask for.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class HostedEmailSignInTest {
    static final Pattern SIGN_IN_CODE = Pattern.compile("\\b(\\d{8})\\b");
    static final String START = "/login/email-sign-in";
    static final String CODE = "/login/email-sign-in/code";
    static final String RESEND = "/login/email-sign-in/resend";

    @Parameter
    Backend backend;

    MailedHostedPool pool;
    String clientId;

    @BeforeEach
    void setUp() {
        pool = MailedHostedPool.create(backend, r -> r.policies(p -> p.signInPolicy(s -> s
                .allowedFirstAuthFactors(AuthFactorType.PASSWORD, AuthFactorType.EMAIL_OTP))));
        pool.cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId).mfaConfiguration(UserPoolMfaType.OPTIONAL)
                .emailMfaConfiguration(e -> e.subject("Your sign-in code").message("Sign in with {####} now.")));
        clientId = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_AUTH,
                ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH));
    }

    static String email(String username) {
        return username + "@example.com";
    }

    String confirmedUser() {
        String username = MailedHostedPool.unique("otp");
        pool.confirmedUser(username, email(username));
        return username;
    }

    TestBrowser browser() {
        return new TestBrowser(pool.server.endpoint());
    }

    Page loginForm(TestBrowser browser) {
        return browser.get(MailedHostedPool.hosted("/login", clientId, "m-1"));
    }

    /** Asks for a code for {@code username} from a new sign-in page: the code page that answers. */
    Page askForCode(TestBrowser browser, String username) {
        return browser.submit(loginForm(browser), START, Map.of("username", username));
    }

    static String codeMailed(String username, int seen) {
        return MailedHostedPool.codeMailedTo(email(username), seen, SIGN_IN_CODE);
    }

    static int mails(String username) {
        return MailedHostedPool.mailsTo(email(username)).size();
    }

    /**
     * Whether no mail but the next one reached the user since {@code seen}: a password-reset
     * code is mailed now through the same one-at-a-time delivery, so once it has arrived any
     * mail sent before it has too.
     */
    boolean nothingMailedSince(String username, int seen) throws Exception {
        return nothingMailedSince(username, seen, () -> pool.cognito.forgotPassword(r -> r.clientId(clientId).username(username)));
    }

    /** As above, with {@code mailer} mailing the user the code that marks the point. */
    boolean nothingMailedSince(String username, int seen, Runnable mailer) throws Exception {
        mailer.run();
        MailedHostedPool.codeMailedTo(email(username), seen, Pattern.compile("(\\S+)"));
        return mails(username) == seen + 1 && !MailedHostedPool.mailsTo(email(username)).getLast().getSubject()
                .equals("Your sign-in code");
    }

    AuthorizationCode redeemed(String code) {
        return pool.redeemed(code);
    }

    @Test
    void aUserSignsInWithTheCodeMailedToThemAndNoPassword() throws Exception {
        String username = confirmedUser();
        TestBrowser browser = browser();
        Page form = loginForm(browser);
        assertThat(form.body()).contains("formaction=\"/login/email-sign-in\"", "Email me a sign-in code");

        int seen = mails(username);
        Page ask = browser.submit(form, START, Map.of("username", username));
        assertThat(ask.status()).isEqualTo(200);
        assertThat(ask.body()).contains("Enter the code we e-mailed you", CodeSignInEndpoints.EMAIL_SENT,
                "action=\"" + CODE + "\"", "action=\"" + RESEND + "\"");
        String code = codeMailed(username, seen);
        assertThat(MailedHostedPool.mailsTo(email(username)).getLast().getSubject()).isEqualTo("Your sign-in code");

        Page signedIn = browser.submit(ask, CODE, Map.of("code", code));
        assertThat(signedIn.redirectsTo(HostedUiFixture.CALLBACK)).isTrue();
        assertThat(signedIn.locationParameters()).containsEntry("state", "m-1").containsKey("code");
        AuthorizationCode stored = redeemed(signedIn.locationParameters().get("code"));
        assertThat(stored.username()).isEqualTo(username);
        assertThat(stored.amr()).containsExactly("otp");
    }

    @Test
    void aNameWithoutAnAccountGetsTheSameAnswerAndNoMail() {
        String username = confirmedUser();
        String nobody = MailedHostedPool.unique("nobody");
        Page real = askForCode(browser(), username);
        Page decoy = askForCode(browser(), nobody);

        assertThat(decoy.status()).isEqualTo(real.status()).isEqualTo(200);
        assertThat(shape(decoy.body())).isEqualTo(shape(real.body()));
        assertThat(decoy.body()).contains(CodeSignInEndpoints.EMAIL_SENT).doesNotContainPattern("\\*\\*\\*@");

        // Any code for the name is refused as a wrong code of a real user is.
        TestBrowser guesser = browser();
        Page ask = askForCode(guesser, nobody);
        Page refused = guesser.submit(ask, CODE, Map.of("code", "12345678"));
        TestBrowser owner = browser();
        Page wrongForReal = owner.submit(askForCode(owner, username), CODE, Map.of("code", "12345678"));
        assertThat(refused.status()).isEqualTo(wrongForReal.status()).isEqualTo(400);
        assertThat(shape(refused.body())).isEqualTo(shape(wrongForReal.body()));
        assertThat(MailedHostedPool.mailsTo(email(nobody))).isEmpty();
    }

    /** A page without what differs between any two answers: the sign-in's id and the form's tokens. */
    static String shape(String body) {
        return body.replaceAll("value=\"[^\"]*\"", "value=\"\"").replaceAll("signin=[^\"]*", "signin=");
    }

    @Test
    void aMailboxAloneDoesNotSkipTheSecondFactorOfAUserWithMfaOn() throws Exception {
        String username = confirmedUser();
        pool.cognito.adminSetUserMFAPreference(r -> r.userPoolId(pool.poolId).username(username)
                .emailMfaSettings(e -> e.enabled(true).preferredMfa(true)));
        int seen = mails(username);
        Page ask = askForCode(browser(), username);
        assertThat(ask.status()).isEqualTo(200);
        assertThat(ask.body()).contains(CodeSignInEndpoints.EMAIL_SENT);
        assertThat(nothingMailedSince(username, seen)).as("no sign-in code for a user who has MFA on").isTrue();
    }

    @Test
    void aCodeMailedBeforeTheUserTurnedMfaOnNoLongerSignsThemIn() {
        String username = confirmedUser();
        TestBrowser browser = browser();
        int seen = mails(username);
        Page ask = askForCode(browser, username);
        String code = codeMailed(username, seen);
        pool.cognito.adminSetUserMFAPreference(r -> r.userPoolId(pool.poolId).username(username)
                .emailMfaSettings(e -> e.enabled(true).preferredMfa(true)));

        Page refused = browser.submit(ask, CODE, Map.of("code", code));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("Location")).isEmpty();
        assertThat(refused.body()).contains(CodeSignInEndpoints.EMAIL_REFUSED);
    }

    @Test
    void aUserWhoMustSetANewPasswordGetsNoCodeThatWouldSkipIt() throws Exception {
        String username = MailedHostedPool.unique("temp");
        pool.cognito.adminCreateUser(r -> r.userPoolId(pool.poolId).username(username).temporaryPassword("Temp-0rary!x")
                .userAttributes(a -> a.name("email").value(email(username)), a -> a.name("email_verified").value("true"))
                .messageAction("SUPPRESS"));
        int seen = mails(username);
        Page ask = askForCode(browser(), username);
        assertThat(ask.status()).isEqualTo(200);
        // the invitation sent again marks the point (a reset is refused in this state)
        assertThat(nothingMailedSince(username, seen, () -> pool.cognito.adminCreateUser(r -> r.userPoolId(pool.poolId)
                .username(username).messageAction("RESEND").desiredDeliveryMediums(DeliveryMediumType.EMAIL)))).as("FORCE_CHANGE_PASSWORD: no sign-in code").isTrue();
    }

    @Test
    void emailSignInCodeBruteForceUsesTheCodeUpAndIsAnsweredAsAnyWrongCode() {
        String username = confirmedUser();
        TestBrowser browser = browser();
        int seen = mails(username);
        Page ask = askForCode(browser, username);
        String right = codeMailed(username, seen);
        for (int guess = 0; guess < 5; guess++) {
            String wrong = "%08d".formatted(guess).equals(right) ? "99999999" : "%08d".formatted(guess);
            assertThat(browser.submit(ask, CODE, Map.of("code", wrong)).status()).isEqualTo(400);
        }
        // the code's guesses are used up; a name without an account gets this same 400 for ever
        Page refused = browser.submit(ask, CODE, Map.of("code", right));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains(CodeSignInEndpoints.EMAIL_REFUSED);
        assertThat(refused.header("Location")).isEmpty();

        // Only a new code is checked again.
        int before = mails(username);
        Page resent = browser.submit(ask, RESEND, Map.of());
        assertThat(resent.status()).isEqualTo(200);
        assertThat(resent.body()).contains(CodeSignInEndpoints.EMAIL_SENT_AGAIN);
        String fresh = codeMailed(username, before);
        assertThat(browser.submit(resent, CODE, Map.of("code", fresh)).redirectsTo(HostedUiFixture.CALLBACK)).isTrue();
    }

    @Test
    void emailSignInCodeReplayIsRefusedAndAnotherBrowserCannotAnswerIt() {
        String username = confirmedUser();
        TestBrowser victim = browser();
        int seen = mails(username);
        Page ask = askForCode(victim, username);
        String code = codeMailed(username, seen);

        // Another browser with the victim's sign-in id and its own CSRF token: not its sign-in.
        TestBrowser attacker = browser();
        Map<String, String> fields = new HashMap<>(ask.hiddenFields());
        fields.put("_csrf", loginForm(attacker).hiddenFields().get("_csrf"));
        fields.put("code", code);
        Page stolen = attacker.post(CODE, fields);
        assertThat(stolen.status()).isEqualTo(400);
        assertThat(stolen.body()).contains("This sign-in has expired");

        assertThat(victim.submit(ask, CODE, Map.of("code", code)).redirectsTo(HostedUiFixture.CALLBACK)).isTrue();
        Page again = victim.submit(ask, CODE, Map.of("code", code));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.header("Location")).isEmpty();
        TestBrowser next = browser();
        Page replay = next.submit(askForCode(next, username), CODE, Map.of("code", code));
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.body()).contains(CodeSignInEndpoints.EMAIL_REFUSED);
        assertThat(replay.header("Location")).isEmpty();
    }

    @Test
    void aPostWithoutTheFormsCsrfTokenIsRefused() throws Exception {
        String username = confirmedUser();
        TestBrowser browser = browser();
        Page form = loginForm(browser);
        Map<String, String> fields = new HashMap<>(form.hiddenFields());
        fields.remove("_csrf");
        fields.put("username", username);
        int seen = mails(username);
        assertThat(browser.post(START, fields).status()).isEqualTo(403);
        assertThat(nothingMailedSince(username, seen)).isTrue();
    }

    @Test
    void aPoolThatDoesNotAllowEmailCodesOrRequiresMfaOffersNoButtonAndRefusesThePost() {
        String username = confirmedUser();
        pool.cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId).mfaConfiguration(UserPoolMfaType.ON)
                .emailMfaConfiguration(e -> e.subject("Your sign-in code").message("Sign in with {####} now.")));
        TestBrowser browser = browser();
        Page form = loginForm(browser);
        assertThat(form.body()).doesNotContain("Email me a sign-in code");
        Page refused = browser.submit(form, START, Map.of("username", username));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Sign-in with an e-mailed code is not enabled for this app.");

        MailedHostedPool passwordsOnly = MailedHostedPool.create(backend);
        String other = passwordsOnly.client();
        TestBrowser elsewhere = browser();
        Page plain = elsewhere.get(MailedHostedPool.hosted("/login", other, "p"));
        assertThat(plain.body()).doesNotContain("Email me a sign-in code");
        assertThat(elsewhere.submit(plain, START, Map.of("username", username)).status()).isEqualTo(400);
    }

    @Test
    void anAppClientWithoutUserAuthOffersThePasswordAloneAsCognitosManagedLoginDoes() throws Exception {
        String username = confirmedUser();
        String passwordOnly = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH,
                ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH));
        TestBrowser browser = browser();
        Page form = browser.get(MailedHostedPool.hosted("/login", passwordOnly, "p"));
        assertThat(form.body()).contains("action=\"/login\"").doesNotContain("Email me a sign-in code");
        int seen = mails(username);
        Page refused = browser.submit(form, START, Map.of("username", username));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(nothingMailedSince(username, seen)).isTrue();
    }
}
