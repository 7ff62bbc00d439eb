package dev.cognate.hostedui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.store.AuthorizationCode;
import dev.cognate.store.DeliveryMedium;
import dev.cognate.store.OutboxStore;
import dev.cognate.store.jdbc.JdbcOutboxStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestBrowser.Page;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
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
 * The hosted page of text-message codes (SMS_MFA) over plain HTTP on both backends, in a pool
 * that offers them as a second factor: after the password the code is texted (read from the
 * outbox, where a node without an SMS gateway keeps text messages) and signs the user in; a wrong
 * code, a replay, a guessing run, another browser's step and a number replaced after the code
 * went out are refused; and a user with SMS and e-mail codes, none preferred, picks one.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class HostedSmsMfaTest {
    private static final Pattern CODE = Pattern.compile("Your code is (\\d{6})\\.");

    @Parameter
    Backend backend;

    MailedHostedPool pool;
    String clientId;

    @BeforeEach
    void setUp() {
        pool = MailedHostedPool.create(backend);
        pool.cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId).mfaConfiguration(UserPoolMfaType.OPTIONAL)
                .emailMfaConfiguration(e -> e.subject("Your sign-in code").message("Sign in with {####} now."))
                .smsMfaConfiguration(s -> s.smsAuthenticationMessage("Your code is {####}.")
                        .smsConfiguration(c -> c.snsCallerArn("arn:aws:iam::123456789012:role/cognito-sms"))));
        clientId = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH,
                ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH));
    }

    /** A confirmed user with {@code phone} and text-message codes on, preferred. */
    String smsMfaUser(String phone) {
        String username = MailedHostedPool.unique("text");
        pool.confirmedUser(username, username + "@example.com");
        pool.cognito.adminUpdateUserAttributes(r -> r.userPoolId(pool.poolId).username(username)
                .userAttributes(a -> a.name("phone_number").value(phone)));
        pool.cognito.adminSetUserMFAPreference(r -> r.userPoolId(pool.poolId).username(username)
                .smsMfaSettings(s -> s.enabled(true).preferredMfa(true)));
        return username;
    }

    /** The text messages to {@code phone}, newest first. */
    List<OutboxStore.Entry> texts(String phone) {
        return new JdbcOutboxStore(pool.server.server().database().jdbi(), new dev.cognate.crypto.SecretBox(dev.cognate.testing.TestServer.MASTER_KEY)).newest(pool.poolId, Instant.now(), 100)
                .stream().filter(e -> e.medium() == DeliveryMedium.SMS && e.destination().equals(phone)).toList();
    }

    String textedCode(String phone) {
        List<OutboxStore.Entry> texts = texts(phone);
        assertThat(texts).as("text messages to " + phone).isNotEmpty();
        Matcher matcher = CODE.matcher(texts.getFirst().body());
        assertThat(matcher.find()).as(texts.getFirst().body()).isTrue();
        return matcher.group(1);
    }

    static String wrong(String right) {
        return right.equals("000000") ? "111111" : "000000";
    }

    TestBrowser browser() {
        return new TestBrowser(pool.server.endpoint());
    }

    Page passwordProven(TestBrowser browser, String username) {
        Page form = browser.get(MailedHostedPool.hosted("/login", clientId, "s-1"));
        Page answer = browser.submit(form, "/login", Map.of("username", username, "password", MailedHostedPool.PASSWORD));
        assertThat(answer.header("Location")).isEmpty();
        return answer;
    }

    @Test
    void aUserWithSmsMfaSignsInWithTheTextedCode() {
        String username = smsMfaUser("+15550201234");
        TestBrowser browser = browser();
        Page ask = passwordProven(browser, username);
        assertThat(ask.status()).isEqualTo(200);
        assertThat(ask.body()).contains("Enter the code we texted you", "action=\"/login/sms-code\"",
                "action=\"/login/sms-code/resend\"", "+*******1234");

        Page refused = browser.submit(ask, "/login/sms-code", Map.of("code", wrong(textedCode("+15550201234"))));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Invalid code or auth state for the user.");
        Page signedIn = browser.submit(ask, "/login/sms-code", Map.of("code", textedCode("+15550201234")));

        assertThat(signedIn.redirectsTo(HostedUiFixture.CALLBACK)).isTrue();
        AuthorizationCode stored = pool.redeemed(signedIn.locationParameters().get("code"));
        assertThat(stored.username()).isEqualTo(username);
        assertThat(stored.amr()).containsExactly("pwd", "otp", "mfa");
    }

    @Test
    void smsCodeReplayIsRefused() {
        String username = smsMfaUser("+15550202222");
        TestBrowser first = browser();
        Page ask = passwordProven(first, username);
        String code = textedCode("+15550202222");
        assertThat(first.submit(ask, "/login/sms-code", Map.of("code", code)).redirectsTo(HostedUiFixture.CALLBACK))
                .isTrue();

        assertThat(first.submit(ask, "/login/sms-code", Map.of("code", code)).status()).isEqualTo(400);
        TestBrowser second = browser();
        Page next = passwordProven(second, username);
        Page replay = second.submit(next, "/login/sms-code", Map.of("code", code));
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.header("Location")).isEmpty();
    }

    @Test
    void smsCodeBruteForceIsThrottledAndANewCodeGivesNoFreshGuesses() {
        String username = smsMfaUser("+15550203333");
        TestBrowser browser = browser();
        Page ask = passwordProven(browser, username);
        String right = textedCode("+15550203333");
        assertThat(MailedHostedPool.wrongCodesUntilThrottled(browser, ask, "/login/sms-code", right))
                .as("wrong codes are throttled").isBetween(1, 10);
        assertThat(browser.submit(ask, "/login/sms-code", Map.of("code", right)).status()).isEqualTo(429);

        int before = texts("+15550203333").size();
        Page resent = browser.submit(ask, "/login/sms-code/resend", Map.of());
        assertThat(resent.status()).isEqualTo(200);
        assertThat(resent.body()).contains("We texted a new code to");
        assertThat(texts("+15550203333")).hasSize(before + 1);
        // six digits: wrong codes are counted across codes, so the new one waits too
        Page waiting = browser.submit(resent, "/login/sms-code", Map.of("code", textedCode("+15550203333")));
        assertThat(waiting.status()).isEqualTo(429);
        assertThat(waiting.header("Retry-After")).isPresent();
        assertThat(waiting.body()).contains("Too many wrong codes. Wait");
    }

    @Test
    void anSmsCodeStepOfAnotherBrowserIsRefused() {
        String username = smsMfaUser("+15550204444");
        TestBrowser victim = browser();
        Page ask = passwordProven(victim, username);
        String code = textedCode("+15550204444");
        TestBrowser attacker = browser();
        Page own = attacker.get(MailedHostedPool.hosted("/login", clientId, "x"));
        Map<String, String> fields = new HashMap<>(ask.hiddenFields());
        fields.put("_csrf", own.hiddenFields().get("_csrf"));
        fields.put("code", code);

        Page answer = attacker.post("/login/sms-code", fields);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("Location")).isEmpty();
        assertThat(victim.submit(ask, "/login/sms-code", Map.of("code", code)).redirectsTo(HostedUiFixture.CALLBACK))
                .isTrue();
    }

    @Test
    void aCodeTextedToANumberSinceReplacedIsRefused() {
        String username = smsMfaUser("+15550205555");
        TestBrowser browser = browser();
        Page ask = passwordProven(browser, username);
        String code = textedCode("+15550205555");
        pool.cognito.adminUpdateUserAttributes(r -> r.userPoolId(pool.poolId).username(username)
                .userAttributes(a -> a.name("phone_number").value("+15550206666")));

        Page refused = browser.submit(ask, "/login/sms-code", Map.of("code", code));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("Location")).isEmpty();
    }

    @Test
    void aUserWithSmsAndEmailCodesAndNoPreferenceChoosesOne() {
        String username = MailedHostedPool.unique("both");
        pool.confirmedUser(username, username + "@example.com");
        pool.cognito.adminUpdateUserAttributes(r -> r.userPoolId(pool.poolId).username(username)
                .userAttributes(a -> a.name("phone_number").value("+15550207777")));
        pool.cognito.adminSetUserMFAPreference(r -> r.userPoolId(pool.poolId).username(username)
                .smsMfaSettings(s -> s.enabled(true)).emailMfaSettings(e -> e.enabled(true)));

        TestBrowser browser = browser();
        Page choice = passwordProven(browser, username);
        assertThat(choice.body()).contains("Choose how to sign in", "value=\"SMS_MFA\"", "Text me a code",
                "value=\"EMAIL_OTP\"");
        Page ask = browser.submit(choice, "/login/mfa-choice", Map.of("factor", "SMS_MFA"));
        assertThat(ask.body()).contains("Enter the code we texted you");
        assertThat(browser.submit(ask, "/login/sms-code", Map.of("code", textedCode("+15550207777")))
                .redirectsTo(HostedUiFixture.CALLBACK)).isTrue();
        // and the API's answer to the same user is the same choice
        var select = pool.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", MailedHostedPool.PASSWORD)));
        assertThat(select.challengeParameters()).containsEntry("MFAS_CAN_CHOOSE", "[\"SMS_MFA\",\"EMAIL_OTP\"]");
    }
}
