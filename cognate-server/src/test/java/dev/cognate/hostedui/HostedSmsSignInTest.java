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
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFactorType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;

/**
 * The hosted sign-in with a texted code and no password (USER_AUTH's SMS_OTP on the managed
 * pages) over plain HTTP on both backends: a user with a verified number signs in with the code
 * read from the outbox (amr otp); a name without an account, or a number not verified, gets the
 * same page and no text; a wrong code and a replay are refused alike; and the button is there only
 * where the pool allows SMS_OTP.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class HostedSmsSignInTest {
    static final Pattern SIGN_IN_CODE = Pattern.compile("(\\d{8})");
    static final String START = "/login/sms-sign-in";
    static final String CODE = "/login/sms-sign-in/code";

    @Parameter
    Backend backend;

    MailedHostedPool pool;
    String clientId;

    @BeforeEach
    void setUp() {
        pool = MailedHostedPool.create(backend, r -> r.policies(p -> p.signInPolicy(s -> s
                .allowedFirstAuthFactors(AuthFactorType.PASSWORD, AuthFactorType.SMS_OTP))));
        clientId = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_AUTH,
                ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH));
    }

    /** A confirmed user with {@code phone}, verified or not. */
    String userWithPhone(String phone, boolean verified) {
        String username = MailedHostedPool.unique("texted");
        pool.confirmedUser(username, username + "@example.com");
        pool.cognito.adminUpdateUserAttributes(r -> r.userPoolId(pool.poolId).username(username).userAttributes(
                a -> a.name("phone_number").value(phone), a -> a.name("phone_number_verified").value(String.valueOf(verified))));
        return username;
    }

    List<OutboxStore.Entry> texts(String phone) {
        return new JdbcOutboxStore(pool.server.server().database().jdbi(), new dev.cognate.crypto.SecretBox(dev.cognate.testing.TestServer.MASTER_KEY)).newest(pool.poolId, Instant.now(), 100)
                .stream().filter(e -> e.medium() == DeliveryMedium.SMS && e.destination().equals(phone)).toList();
    }

    String textedCode(String phone) {
        List<OutboxStore.Entry> texts = texts(phone);
        assertThat(texts).isNotEmpty();
        Matcher matcher = SIGN_IN_CODE.matcher(texts.getFirst().body());
        assertThat(matcher.find()).as(texts.getFirst().body()).isTrue();
        return matcher.group(1);
    }

    TestBrowser browser() {
        return new TestBrowser(pool.server.endpoint());
    }

    Page loginForm(TestBrowser browser) {
        return browser.get(MailedHostedPool.hosted("/login", clientId, "t-1"));
    }

    @Test
    void aUserSignsInWithTheCodeTextedToTheirVerifiedNumberAndNoPassword() {
        String username = userWithPhone("+15550701234", true);
        TestBrowser browser = browser();
        Page form = loginForm(browser);
        assertThat(form.body()).contains("formaction=\"/login/sms-sign-in\"", "Text me a sign-in code")
                .doesNotContain("Email me a sign-in code");

        Page ask = browser.submit(form, START, Map.of("username", username));
        assertThat(ask.status()).isEqualTo(200);
        assertThat(ask.body()).contains("Enter the code we texted you", CodeSignInEndpoints.SMS_SENT,
                "action=\"" + CODE + "\"", "action=\"/login/sms-sign-in/resend\"");
        Page signedIn = browser.submit(ask, CODE, Map.of("code", textedCode("+15550701234")));

        assertThat(signedIn.redirectsTo(HostedUiFixture.CALLBACK)).isTrue();
        AuthorizationCode stored = pool.redeemed(signedIn.locationParameters().get("code"));
        assertThat(stored.username()).isEqualTo(username);
        assertThat(stored.amr()).containsExactly("otp");
    }

    @Test
    void aNameWithoutAnAccountOrANumberNotVerifiedGetsTheSamePageAndNoText() {
        String unverified = userWithPhone("+15550702222", false);
        TestBrowser stranger = browser();
        Page decoy = stranger.submit(loginForm(stranger), START, Map.of("username", MailedHostedPool.unique("nobody")));
        TestBrowser browser = browser();
        Page notVerified = browser.submit(loginForm(browser), START, Map.of("username", unverified));

        assertThat(decoy.status()).isEqualTo(notVerified.status()).isEqualTo(200);
        assertThat(decoy.body()).contains(CodeSignInEndpoints.SMS_SENT).doesNotContain("+*");
        assertThat(notVerified.body()).contains(CodeSignInEndpoints.SMS_SENT);
        assertThat(texts("+15550702222")).isEmpty();
        Page refused = browser.submit(notVerified, CODE, Map.of("code", "12345678"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains(CodeSignInEndpoints.SMS_REFUSED);
    }

    @Test
    void aWrongCodeAndAReplayAreRefusedAlike() {
        String username = userWithPhone("+15550703333", true);
        TestBrowser browser = browser();
        Page ask = browser.submit(loginForm(browser), START, Map.of("username", username));
        String code = textedCode("+15550703333");

        Page wrong = browser.submit(ask, CODE, Map.of("code", code.equals("00000000") ? "11111111" : "00000000"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains(CodeSignInEndpoints.SMS_REFUSED);
        assertThat(browser.submit(ask, CODE, Map.of("code", code)).redirectsTo(HostedUiFixture.CALLBACK)).isTrue();

        TestBrowser other = browser();
        Page again = other.submit(loginForm(other), START, Map.of("username", username));
        Page replay = other.submit(again, CODE, Map.of("code", code));
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.header("Location")).isEmpty();
    }

    @Test
    void aPoolThatDoesNotAllowSmsOtpHasNoButtonAndRefusesThePost() {
        MailedHostedPool plain = MailedHostedPool.create(backend);
        String app = plain.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_AUTH));
        TestBrowser browser = new TestBrowser(plain.server.endpoint());
        Page form = browser.get(MailedHostedPool.hosted("/login", app, "t-2"));
        assertThat(form.body()).doesNotContain("Text me a sign-in code");

        Page refused = browser.submit(form, START, Map.of("username", "anyone"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Sign-in with a texted code is not enabled for this app.");
    }
}
