package dev.cognate.hostedui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.store.AuthorizationCode;
import dev.cognate.store.AuthorizationCodeStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestBrowser.Page;
import dev.cognate.testing.TotpTestCodes;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType;

/**
 * The hosted e-mail code page over plain HTTP on both backends, in a pool that offers e-mailed
 * codes and TOTP as second factors (MFA OPTIONAL): after the password, a user with EMAIL_OTP gets
 * the code by mail (read from GreenMail) and signs in with it (amr pwd otp mfa); a user with both
 * factors and neither preferred chooses first; and each attack on the code step refused.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class HostedEmailOtpTest {
    static final Pattern SIGN_IN_CODE = Pattern.compile("\\b(\\d{8})\\b");

    @Parameter
    Backend backend;

    MailedHostedPool pool;
    String clientId;

    @BeforeEach
    void setUp() {
        pool = MailedHostedPool.create(backend);
        pool.cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId).mfaConfiguration(UserPoolMfaType.OPTIONAL)
                .softwareTokenMfaConfiguration(s -> s.enabled(true))
                .emailMfaConfiguration(e -> e.subject("Your sign-in code").message("Sign in with {####} now.")));
        clientId = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH,
                ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH));
    }

    static String email(String username) {
        return username + "@example.com";
    }

    /** A confirmed user with a verified address and e-mail codes on (preferred or not). */
    String emailMfaUser(boolean preferred) {
        String username = MailedHostedPool.unique("mail");
        pool.confirmedUser(username, email(username));
        pool.cognito.adminSetUserMFAPreference(r -> r.userPoolId(pool.poolId).username(username)
                .emailMfaSettings(e -> e.enabled(true).preferredMfa(preferred)));
        return username;
    }

    TestBrowser browser() {
        return new TestBrowser(pool.server.endpoint());
    }

    /** Signs in with the password on the hosted page: the page that answers (no redirect yet). */
    Page passwordProven(TestBrowser browser, String username) {
        Page form = browser.get(MailedHostedPool.hosted("/login", clientId, "e-1"));
        Page answer = browser.submit(form, "/login", Map.of("username", username, "password", MailedHostedPool.PASSWORD));
        assertThat(answer.header("Location")).isEmpty();
        return answer;
    }

    /** Waits for more than {@code seen} mails to the user; the sign-in code in the newest. */
    static String codeMailed(String username, int seen) {
        return MailedHostedPool.codeMailedTo(email(username), seen, SIGN_IN_CODE);
    }

    static int mails(String username) {
        return MailedHostedPool.mailsTo(email(username)).size();
    }

    AuthorizationCode redeemed(String code) {
        return pool.redeemed(code);
    }

    static String wrong(String right) {
        return right.equals("00000000") ? "11111111" : "00000000";
    }

    @Test
    void aUserWithEmailMfaSignsInWithTheMailedCode() throws Exception {
        String username = emailMfaUser(true);
        TestBrowser browser = browser();
        int seen = mails(username);
        Page ask = passwordProven(browser, username);
        assertThat(ask.status()).isEqualTo(200);
        assertThat(ask.body()).contains("Enter the code we e-mailed you", "action=\"/login/email-code\"",
                "action=\"/login/email-code/resend\"", "m***@e***");
        assertThat(ask.hiddenFields()).containsKeys("_csrf", "signin");
        String code = codeMailed(username, seen);
        assertThat(MailedHostedPool.mailsTo(email(username)).getLast().getSubject()).isEqualTo("Your sign-in code");

        Page signedIn = browser.submit(ask, "/login/email-code", Map.of("code", code));
        assertThat(signedIn.redirectsTo(HostedUiFixture.CALLBACK)).isTrue();
        assertThat(signedIn.locationParameters()).containsEntry("state", "e-1").containsKey("code");
        AuthorizationCode stored = redeemed(signedIn.locationParameters().get("code"));
        assertThat(stored.username()).isEqualTo(username);
        assertThat(stored.amr()).containsExactly("pwd", "otp", "mfa");
    }

    @Test
    void aWrongEmailCodeIsRefused() {
        String username = emailMfaUser(true);
        TestBrowser browser = browser();
        int seen = mails(username);
        Page ask = passwordProven(browser, username);
        String code = codeMailed(username, seen);

        Page refused = browser.submit(ask, "/login/email-code", Map.of("code", wrong(code)));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("Location")).isEmpty();
        assertThat(refused.body()).contains("Invalid code or auth state for the user.");
        // A mistake leaves the code usable (within its few guesses).
        assertThat(browser.submit(ask, "/login/email-code", Map.of("code", code))
                .redirectsTo(HostedUiFixture.CALLBACK)).isTrue();
    }

    @Test
    void emailCodeReplayIsRefused() {
        String username = emailMfaUser(true);
        TestBrowser first = browser();
        int seen = mails(username);
        Page ask = passwordProven(first, username);
        String code = codeMailed(username, seen);
        assertThat(first.submit(ask, "/login/email-code", Map.of("code", code)).redirectsTo(HostedUiFixture.CALLBACK))
                .isTrue();

        // The same form again: that sign-in has ended.
        Page again = first.submit(ask, "/login/email-code", Map.of("code", code));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.header("Location")).isEmpty();

        // A new sign-in (the password known): the used code is no answer to it.
        TestBrowser second = browser();
        Page next = passwordProven(second, username);
        Page replay = second.submit(next, "/login/email-code", Map.of("code", code));
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.header("Location")).isEmpty();
    }

    @Test
    void emailCodeBruteForceIsThrottled() {
        String username = emailMfaUser(true);
        TestBrowser browser = browser();
        int seen = mails(username);
        Page ask = passwordProven(browser, username);
        String right = codeMailed(username, seen);
        assertThat(MailedHostedPool.wrongCodesUntilThrottled(browser, ask, "/login/email-code", right))
                .as("wrong codes are throttled").isBetween(1, 10);
        Page refused = browser.submit(ask, "/login/email-code", Map.of("code", right));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Location")).isEmpty();

        // Only a new code is checked again.
        int before = mails(username);
        Page resent = browser.submit(ask, "/login/email-code/resend", Map.of());
        assertThat(resent.status()).isEqualTo(200);
        String fresh = codeMailed(username, before);
        assertThat(browser.submit(resent, "/login/email-code", Map.of("code", fresh))
                .redirectsTo(HostedUiFixture.CALLBACK)).isTrue();
    }

    @Test
    void resendingCodesIsBoundedByTheSendLimit() {
        String username = emailMfaUser(true);
        TestBrowser browser = browser();
        Page ask = passwordProven(browser, username);
        int limitedAfter = -1;
        for (int resend = 1; resend <= 10 && limitedAfter < 0; resend++) {
            Page answer = browser.submit(ask, "/login/email-code/resend", Map.of());
            assertThat(answer.header("Location")).isEmpty();
            if (answer.status() == 429) {
                limitedAfter = resend;
                assertThat(answer.body()).contains("Too many codes were sent lately.");
            } else {
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.body()).contains("We e-mailed a new code to");
            }
        }
        assertThat(limitedAfter).as("codes mailed per user are limited").isBetween(2, 10);
    }

    @Test
    void skippingTheEmailCodeStepIsRefused() {
        String username = emailMfaUser(true);
        TestBrowser browser = browser();
        int seen = mails(username);
        Page ask = passwordProven(browser, username);
        String code = codeMailed(username, seen);
        // Other doors of the second step do not open it, nor does asking the app's authorize again.
        Page totp = browser.submit(ask, "/login/totp", Map.of("code", "123456"));
        assertThat(totp.status()).isEqualTo(400);
        assertThat(totp.header("Location")).isEmpty();
        Page choice = browser.submit(ask, "/login/mfa-choice", Map.of("factor", "EMAIL_OTP"));
        assertThat(choice.status()).isEqualTo(400);
        assertThat(choice.header("Location")).isEmpty();
        Page authorize = browser.get(MailedHostedPool.hosted("/oauth2/authorize", clientId, "e-2"));
        assertThat(authorize.location()).startsWith("/login?");

        // Without a password first, the code page refuses even the right code.
        TestBrowser stranger = browser();
        Page form = stranger.get(MailedHostedPool.hosted("/login", clientId, "e-3"));
        Page answer = stranger.submit(form, "/login/email-code", Map.of("code", code));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("Location")).isEmpty();
        Page resend = stranger.submit(form, "/login/email-code/resend", Map.of());
        assertThat(resend.status()).isEqualTo(400);
        assertThat(mails(username)).as("no code mailed for a sign-in without the password").isEqualTo(seen + 1);
    }

    @Test
    void anEmailCodeStepOfAnotherBrowserIsRefused() {
        String username = emailMfaUser(true);
        TestBrowser victim = browser();
        int seen = mails(username);
        Page ask = passwordProven(victim, username);
        String code = codeMailed(username, seen);
        TestBrowser attacker = browser();
        Page own = attacker.get(MailedHostedPool.hosted("/login", clientId, "x"));
        Map<String, String> fields = new HashMap<>(ask.hiddenFields());
        fields.put("_csrf", own.hiddenFields().get("_csrf"));
        fields.put("code", code);
        Page answer = attacker.post("/login/email-code", fields);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("Location")).isEmpty();
        assertThat(answer.body()).contains("This sign-in has expired");
        // The victim's sign-in goes on.
        assertThat(victim.submit(ask, "/login/email-code", Map.of("code", code)).redirectsTo(HostedUiFixture.CALLBACK))
                .isTrue();
    }

    @Test
    void aUserWithBothFactorsAndNoPreferenceChoosesOne() {
        String username = MailedHostedPool.unique("both");
        pool.confirmedUser(username, email(username));
        String token = pool.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", MailedHostedPool.PASSWORD)))
                .authenticationResult().accessToken();
        String secret = pool.cognito.associateSoftwareToken(r -> r.accessToken(token)).secretCode();
        pool.cognito.verifySoftwareToken(r -> r.accessToken(token)
                .userCode(TotpTestCodes.at(secret, Instant.now().minusSeconds(30))));
        pool.cognito.setUserMFAPreference(r -> r.accessToken(token)
                .softwareTokenMfaSettings(s -> s.enabled(true).preferredMfa(false))
                .emailMfaSettings(e -> e.enabled(true).preferredMfa(false)));

        TestBrowser byMail = browser();
        Page choose = passwordProven(byMail, username);
        assertThat(choose.status()).isEqualTo(200);
        assertThat(choose.body()).contains("Choose how to sign in", "action=\"/login/mfa-choice\"",
                "value=\"SOFTWARE_TOKEN_MFA\"", "value=\"EMAIL_OTP\"");
        Page unknown = byMail.submit(choose, "/login/mfa-choice", Map.of("factor", "SMS_MFA"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.header("Location")).isEmpty();
        int seen = mails(username);
        Page ask = byMail.submit(choose, "/login/mfa-choice", Map.of("factor", "EMAIL_OTP"));
        assertThat(ask.body()).contains("action=\"/login/email-code\"");
        Page signedIn = byMail.submit(ask, "/login/email-code", Map.of("code", codeMailed(username, seen)));
        assertThat(signedIn.redirectsTo(HostedUiFixture.CALLBACK)).isTrue();
        assertThat(redeemed(signedIn.locationParameters().get("code")).amr()).containsExactly("pwd", "otp", "mfa");

        TestBrowser byApp = browser();
        Page again = passwordProven(byApp, username);
        Page totp = byApp.submit(again, "/login/mfa-choice", Map.of("factor", "SOFTWARE_TOKEN_MFA"));
        assertThat(totp.body()).contains("Enter your authenticator code", "action=\"/login/totp\"");
        // The choice is made: the other factor's door stays shut.
        assertThat(byApp.submit(totp, "/login/email-code", Map.of("code", "12345678")).status()).isEqualTo(400);
        Page done = byApp.submit(totp, "/login/totp", Map.of("code", TotpTestCodes.at(secret, Instant.now().plusSeconds(30))));
        assertThat(done.redirectsTo(HostedUiFixture.CALLBACK)).isTrue();
    }
}
