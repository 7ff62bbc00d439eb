package dev.cognate.hostedui;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.cognate.testing.Backend;
import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestBrowser.Page;
import dev.cognate.testing.TestServer;
import dev.cognate.testing.TotpTestCodes;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType;

/**
 * The hosted TOTP pages over plain HTTP on both backends, in a pool that requires MFA: the first
 * sign-in enrols an authenticator app (its key as a QR code and as text), later ones ask for its
 * code; and each attack on that step refused.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class HostedTotpTest {
    static final Pattern SECRET = Pattern.compile("id=\"secret\" type=\"text\" readonly value=\"([A-Z2-7]+)\"");
    static final Pattern QR = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");

    @Parameter
    Backend backend;

    HostedUiFixture fixture;
    String clientId;
    String username;

    @BeforeEach
    void setUp() {
        fixture = HostedUiFixture.on(TestServer.shared(backend));
        fixture.cognito.setUserPoolMfaConfig(r -> r.userPoolId(fixture.poolId).mfaConfiguration(UserPoolMfaType.ON)
                .softwareTokenMfaConfiguration(s -> s.enabled(true)));
        clientId = fixture.client();
        username = fixture.confirmedUser("otp-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private Page passwordProven(TestBrowser browser) {
        Page toLogin = browser.get(fixture.authorize(clientId, "state", "t-1"));
        Page form = browser.get(toLogin.location());
        Page answer = browser.submit(form, "/login", Map.of("username", username, "password", HostedUiFixture.PASSWORD));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Location")).isEmpty();
        return answer;
    }

    private static String secretOn(Page page) {
        Matcher m = SECRET.matcher(page.body());
        assertThat(m.find()).as("the key is shown as text").isTrue();
        return m.group(1);
    }

    /** Enrols the user's authenticator on the hosted page; its key. */
    private String enrolled() {
        TestBrowser browser = fixture.browser();
        Page setup = passwordProven(browser);
        String secret = secretOn(setup);
        Page done = browser.submit(setup, "/login/totp-setup", Map.of("code", TotpTestCodes.at(secret, Instant.now())));
        assertThat(done.redirectsTo(HostedUiFixture.CALLBACK)).isTrue();
        return secret;
    }

    @Test
    void theFirstSignInEnrolsAnAuthenticatorAndLaterOnesAskForItsCode() throws Exception {
        TestBrowser browser = fixture.browser();
        Page setup = passwordProven(browser);
        assertThat(setup.body()).contains("Set up an authenticator app", "action=\"/login/totp-setup\"");
        String secret = secretOn(setup);

        Matcher qr = QR.matcher(setup.body());
        assertThat(qr.find()).isTrue();
        assertThat(decodedQr(qr.group(1))).startsWith("otpauth://totp/").contains(":" + username + "?secret=" + secret)
                .contains("&issuer=");

        Page wrong = browser.submit(setup, "/login/totp-setup", Map.of("code", "000000".equals(
                TotpTestCodes.at(secret, Instant.now())) ? "111111" : "000000"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.header("Location")).isEmpty();
        assertThat(secretOn(wrong)).isEqualTo(secret);

        Page done = browser.submit(setup, "/login/totp-setup", Map.of("code", TotpTestCodes.at(secret, Instant.now())));
        assertThat(done.redirectsTo(HostedUiFixture.CALLBACK)).isTrue();
        assertThat(fixture.redeemed(done.locationParameters().get("code")).username()).isEqualTo(username);

        TestBrowser later = fixture.browser();
        Page ask = passwordProven(later);
        assertThat(ask.body()).contains("Enter your authenticator code", "action=\"/login/totp\"").doesNotContain("secret");
        // The next time step: the enrolment used this one.
        Page signedIn = later.submit(ask, "/login/totp", Map.of("code", TotpTestCodes.at(secret, Instant.now().plusSeconds(30))));
        assertThat(signedIn.redirectsTo(HostedUiFixture.CALLBACK)).isTrue();
        assertThat(signedIn.locationParameters()).containsEntry("state", "t-1");
    }

    @Test
    void totpReplayIsRefused() {
        String secret = enrolled();
        Instant next = Instant.now().plusSeconds(30);
        TestBrowser first = fixture.browser();
        Page ask = passwordProven(first);
        assertThat(first.submit(ask, "/login/totp", Map.of("code", TotpTestCodes.at(secret, next)))
                .redirectsTo(HostedUiFixture.CALLBACK)).isTrue();

        TestBrowser second = fixture.browser();
        Page again = passwordProven(second);
        Page replay = second.submit(again, "/login/totp", Map.of("code", TotpTestCodes.at(secret, next)));
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.header("Location")).isEmpty();
        assertThat(replay.body()).contains("This code was used already.");
    }

    @Test
    void totpBruteForceIsThrottled() {
        String secret = enrolled();
        TestBrowser browser = fixture.browser();
        Page ask = passwordProven(browser);
        String right = TotpTestCodes.at(secret, Instant.now().plusSeconds(30));
        int throttledAfter = -1;
        for (int guess = 0; guess < 30 && throttledAfter < 0; guess++) {
            String wrong = "%06d".formatted(guess);
            if (wrong.equals(right) || wrong.equals(TotpTestCodes.at(secret, Instant.now()))
                    || wrong.equals(TotpTestCodes.at(secret, Instant.now().minusSeconds(30)))) {
                continue;
            }
            Page answer = browser.submit(ask, "/login/totp", Map.of("code", wrong));
            assertThat(answer.header("Location")).isEmpty();
            if (answer.status() == 429) {
                throttledAfter = guess;
            }
        }
        assertThat(throttledAfter).as("wrong codes are throttled").isBetween(1, 10);
        Page refused = browser.submit(ask, "/login/totp", Map.of("code", right));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isPresent();
        assertThat(refused.header("Location")).isEmpty();
    }

    @Test
    void skippingTheMfaStepIsRefused() {
        String secret = enrolled();
        TestBrowser browser = fixture.browser();
        Page ask = passwordProven(browser);
        // The enrolment's door does not open the code step, nor does asking the app's authorize again.
        Page setup = browser.submit(ask, "/login/totp-setup", Map.of("code", TotpTestCodes.at(secret, Instant.now())));
        assertThat(setup.status()).isEqualTo(400);
        assertThat(setup.header("Location")).isEmpty();
        Page authorize = browser.get(fixture.authorize(clientId, "state", "t-2"));
        assertThat(authorize.location()).startsWith("/login?");

        // Without a password first, the code pages refuse outright.
        TestBrowser stranger = fixture.browser();
        Page toLogin = stranger.get(fixture.authorize(clientId));
        Page form = stranger.get(toLogin.location());
        Page answer = stranger.submit(form, "/login/totp", Map.of("code", TotpTestCodes.at(secret, Instant.now())));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("Location")).isEmpty();
        assertThat(stranger.submit(form, "/login/totp-setup", Map.of("code", "123456")).header("Location")).isEmpty();
    }

    @Test
    void aTotpStepOfAnotherBrowserIsRefused() {
        String secret = enrolled();
        TestBrowser victim = fixture.browser();
        Page ask = passwordProven(victim);
        TestBrowser attacker = fixture.browser();
        Page own = attacker.get(attacker.get(fixture.authorize(clientId)).location());
        Map<String, String> fields = new java.util.HashMap<>(ask.hiddenFields());
        fields.put("_csrf", own.hiddenFields().get("_csrf"));
        fields.put("code", TotpTestCodes.at(secret, Instant.now().plusSeconds(30)));
        Page answer = attacker.post("/login/totp", fields);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("This sign-in has expired");
    }

    /**
     * The QR code's text. The image is drawn, not photographed: read as a pure code (ZXing's finder
     * search misreads about one drawn code in sixty, which a camera's reader never sees).
     */
    private static String decodedQr(String base64Png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64Png)));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels))),
                java.util.Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }
}
