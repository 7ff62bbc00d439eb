package dev.cognate.hostedui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.store.AuthorizationCode;
import dev.cognate.store.AuthorizationCodeStore;
import dev.cognate.store.jdbc.JdbcSoftwareTokenStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestBrowser.Page;
import dev.cognate.testing.TotpTestCodes;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AliasAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType;

/**
 * MFA set-up on the hosted pages in a pool that requires MFA and offers e-mailed codes (the
 * API's MFA_SETUP with MFAS_CAN_SETUP SOFTWARE_TOKEN_MFA and EMAIL_OTP), on both backends: a
 * user with no factor chooses one after the password; e-mailed codes are set up at any address
 * the user proves with the code mailed there, which then becomes their verified e-mail; and each
 * attack on those steps is refused.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class HostedEmailMfaSetupTest {
    static final Pattern SIGN_IN_CODE = Pattern.compile("\\b(\\d{8})\\b");
    static final Pattern SECRET = Pattern.compile("id=\"secret\" type=\"text\" readonly value=\"([A-Z2-7]+)\"");

    @Parameter
    Backend backend;

    MailedHostedPool pool;
    String clientId;

    @BeforeEach
    void setUp() {
        pool = MailedHostedPool.create(backend, r -> r.aliasAttributes(AliasAttributeType.EMAIL));
        pool.cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId).mfaConfiguration(UserPoolMfaType.ON)
                .softwareTokenMfaConfiguration(s -> s.enabled(true))
                .emailMfaConfiguration(e -> e.subject("Your sign-in code").message("Sign in with {####} now.")));
        clientId = pool.client();
    }

    /** A confirmed user with a verified address and no second factor. */
    String userWithoutMfa() {
        String username = MailedHostedPool.unique("setup");
        pool.confirmedUser(username, username + "@example.com");
        return username;
    }

    /** Signs in with the password on the hosted page: the set-up choice that answers. */
    Page passwordProven(TestBrowser browser, String username) {
        Page form = browser.get(MailedHostedPool.hosted("/login", clientId, "s-1"));
        Page answer = browser.submit(form, "/login", Map.of("username", username, "password", MailedHostedPool.PASSWORD));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Location")).isEmpty();
        return answer;
    }

    /** From the password to the page that asks for an address. */
    Page askedForAddress(TestBrowser browser, String username) {
        Page choice = passwordProven(browser, username);
        Page address = browser.submit(choice, "/login/mfa-setup", Map.of("factor", "EMAIL_OTP"));
        assertThat(address.status()).isEqualTo(200);
        return address;
    }

    TestBrowser browser() {
        return new TestBrowser(pool.server.endpoint());
    }

    static String codeMailed(String address, int seen) {
        return MailedHostedPool.codeMailedTo(address, seen, SIGN_IN_CODE);
    }

    static int mails(String address) {
        return MailedHostedPool.mailsTo(address).size();
    }

    static String wrong(String right) {
        return right.equals("00000000") ? "11111111" : "00000000";
    }

    Map<String, String> attributes(String username) {
        Map<String, String> attributes = new HashMap<>();
        for (AttributeType a : pool.cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(username)).userAttributes()) {
            attributes.put(a.name(), a.value());
        }
        return attributes;
    }

    AuthorizationCode redeemed(String code) {
        return pool.redeemed(code);
    }

    @Test
    void aUserWithNoFactorChoosesWhatToSetUp() {
        String username = userWithoutMfa();
        Page choice = passwordProven(browser(), username);
        assertThat(choice.body()).contains("Set up a second step", "action=\"/login/mfa-setup\"",
                "value=\"SOFTWARE_TOKEN_MFA\"", "value=\"EMAIL_OTP\"");
        assertThat(choice.hiddenFields()).containsKeys("_csrf", "signin");
    }

    @Test
    void emailCodesAreSetUpAtANewAddressThatBecomesTheUsersVerifiedEmail() {
        String username = userWithoutMfa();
        TestBrowser browser = browser();
        Page address = askedForAddress(browser, username);
        assertThat(address.body()).contains("Set up e-mailed codes", "action=\"/login/email-setup\"",
                "value=\"" + username + "@example.com\"");

        String newAddress = MailedHostedPool.unique("new") + "@example.org";
        Page ask = browser.submit(address, "/login/email-setup", Map.of("email", newAddress));
        assertThat(ask.status()).isEqualTo(200);
        assertThat(ask.body()).contains("Enter the code we e-mailed you", "action=\"/login/email-setup/code\"",
                "action=\"/login/email-setup/resend\"");
        // Until the code comes back the user is unchanged.
        assertThat(attributes(username)).containsEntry("email", username + "@example.com");
        String code = codeMailed(newAddress, 0);

        Page signedIn = browser.submit(ask, "/login/email-setup/code", Map.of("code", code));
        assertThat(signedIn.redirectsTo(HostedUiFixture.CALLBACK)).isTrue();
        assertThat(signedIn.locationParameters()).containsEntry("state", "s-1");
        AuthorizationCode stored = redeemed(signedIn.locationParameters().get("code"));
        assertThat(stored.username()).isEqualTo(username);
        assertThat(stored.amr()).containsExactly("pwd", "otp", "mfa");
        assertThat(attributes(username)).containsEntry("email", newAddress).containsEntry("email_verified", "true");
        assertThat(pool.cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(username)).userMFASettingList())
                .containsExactly("EMAIL_OTP");

        // The next sign-in asks for a code mailed to that address.
        TestBrowser later = browser();
        int seen = mails(newAddress);
        Page next = passwordProven(later, username);
        assertThat(next.body()).contains("action=\"/login/email-code\"");
        String nextCode = codeMailed(newAddress, seen);
        assertThat(later.submit(next, "/login/email-code", Map.of("code", nextCode)).redirectsTo(HostedUiFixture.CALLBACK))
                .isTrue();
    }

    @Test
    void choosingTheAuthenticatorAppEnrolsIt() {
        String username = userWithoutMfa();
        TestBrowser browser = browser();
        Page choice = passwordProven(browser, username);
        Page setup = browser.submit(choice, "/login/mfa-setup", Map.of("factor", "SOFTWARE_TOKEN_MFA"));
        assertThat(setup.body()).contains("Set up an authenticator app", "action=\"/login/totp-setup\"");
        Matcher secret = SECRET.matcher(setup.body());
        assertThat(secret.find()).isTrue();

        Page done = browser.submit(setup, "/login/totp-setup",
                Map.of("code", TotpTestCodes.at(secret.group(1), Instant.now())));
        assertThat(done.redirectsTo(HostedUiFixture.CALLBACK)).isTrue();
        assertThat(pool.cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(username)).userMFASettingList())
                .containsExactly("SOFTWARE_TOKEN_MFA");
    }

    @Test
    void aPoolWithEmailCodesOnlyNeverOffersAnAuthenticatorApp() {
        pool.cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId).mfaConfiguration(UserPoolMfaType.ON)
                .emailMfaConfiguration(e -> e.subject("Your sign-in code").message("Sign in with {####} now.")));
        String username = userWithoutMfa();
        TestBrowser browser = browser();
        // No choice to make: the password leads straight to the address page.
        Page address = passwordProven(browser, username);
        assertThat(address.body()).contains("Set up e-mailed codes", "action=\"/login/email-setup\"")
                .doesNotContain("/login/mfa-setup", "SOFTWARE_TOKEN_MFA", "/login/totp-setup");

        Page forged = browser.submit(address, "/login/mfa-setup", Map.of("factor", "SOFTWARE_TOKEN_MFA"));
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.header("Location")).isEmpty();
        assertThat(forged.body()).contains("action=\"/login/email-setup\"").doesNotContain("otpauth://");
        Page forgedCode = browser.submit(address, "/login/totp-setup", Map.of("code", "123456"));
        assertThat(forgedCode.status()).isEqualTo(400);
        assertThat(forgedCode.header("Location")).isEmpty();
        assertThat(new JdbcSoftwareTokenStore(pool.server.server().database().jdbi()).find(pool.poolId, username))
                .as("no key associated").isEmpty();

        // The sign-in goes on with e-mailed codes.
        String own = username + "@example.com";
        int seen = mails(own);
        Page ask = browser.submit(forged, "/login/email-setup", Map.of("email", own));
        assertThat(ask.status()).isEqualTo(200);
        Page signedIn = browser.submit(ask, "/login/email-setup/code", Map.of("code", codeMailed(own, seen)));
        assertThat(signedIn.redirectsTo(HostedUiFixture.CALLBACK)).isTrue();
        assertThat(pool.cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(username)).userMFASettingList())
                .containsExactly("EMAIL_OTP");
    }

    @Test
    void anAuthenticatorAppChosenBeforeThePoolStoppedOfferingItIsNotEnrolled() {
        String username = userWithoutMfa();
        TestBrowser browser = browser();
        Page setup = browser.submit(passwordProven(browser, username), "/login/mfa-setup",
                Map.of("factor", "SOFTWARE_TOKEN_MFA"));
        Matcher secret = SECRET.matcher(setup.body());
        assertThat(secret.find()).isTrue();
        pool.cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId).mfaConfiguration(UserPoolMfaType.ON)
                .emailMfaConfiguration(e -> e.subject("Your sign-in code").message("Sign in with {####} now.")));

        Page refused = browser.submit(setup, "/login/totp-setup",
                Map.of("code", TotpTestCodes.at(secret.group(1), Instant.now())));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("Location")).isEmpty();
        assertThat(pool.cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(username)).userMFASettingList())
                .isNullOrEmpty();
    }

    @Test
    void anUnknownChoiceIsRefused() {
        TestBrowser browser = browser();
        Page choice = passwordProven(browser, userWithoutMfa());
        Page refused = browser.submit(choice, "/login/mfa-setup", Map.of("factor", "SMS_MFA"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Choose one of the ways below.", "action=\"/login/mfa-setup\"");
    }

    @Test
    void anInvalidAddressIsRefusedAndShownEscaped() {
        TestBrowser browser = browser();
        Page address = askedForAddress(browser, userWithoutMfa());
        Page refused = browser.submit(address, "/login/email-setup", Map.of("email", "\"><script>alert(1)</script>"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("Location")).isEmpty();
        assertThat(refused.body()).contains("Enter a valid e-mail address.").doesNotContain("<script>alert(1)");
        Page empty = browser.submit(address, "/login/email-setup", Map.of("email", " "));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body()).contains("Enter an e-mail address.");
    }

    @Test
    void anAddressTheMailerWouldDropIsRefused() {
        TestBrowser browser = browser();
        Page address = askedForAddress(browser, userWithoutMfa());
        for (String unsendable : new String[] {"a\u0000b@example.org", "a@example.org,b@example.org"}) {
            Page refused = browser.submit(address, "/login/email-setup", Map.of("email", unsendable));
            assertThat(refused.status()).as(unsendable).isEqualTo(400);
            assertThat(refused.body()).contains("Enter a valid e-mail address.");
        }
    }

    @Test
    void aUserDisabledDuringSetUpGoesNoFurther() {
        String username = userWithoutMfa();
        TestBrowser browser = browser();
        Page address = askedForAddress(browser, username);
        pool.cognito.adminDisableUser(r -> r.userPoolId(pool.poolId).username(username));
        String elsewhere = MailedHostedPool.unique("disabled") + "@example.org";
        Page refused = browser.submit(address, "/login/email-setup", Map.of("email", elsewhere));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("Location")).isEmpty();
        assertThat(mails(elsewhere)).isZero();
    }

    @Test
    void aHostedStepOfADeletedUserDoesNotContinueAsTheRecreatedUser() {
        String chose = userWithoutMfa();
        TestBrowser choosing = browser();
        Page choice = passwordProven(choosing, chose);
        String gaveAddress = userWithoutMfa();
        TestBrowser addressing = browser();
        Page address = askedForAddress(addressing, gaveAddress);
        for (String username : new String[] {chose, gaveAddress}) {
            pool.cognito.adminDeleteUser(r -> r.userPoolId(pool.poolId).username(username));
            pool.confirmedUser(username, MailedHostedPool.unique("recreated") + "@example.org");
        }

        Page enrol = choosing.submit(choice, "/login/mfa-setup", Map.of("factor", "SOFTWARE_TOKEN_MFA"));
        assertThat(enrol.status()).isEqualTo(400);
        assertThat(enrol.header("Location")).isEmpty();
        assertThat(enrol.body()).contains("Your sign-in took too long and has expired");
        assertThat(SECRET.matcher(enrol.body()).find()).as("no key is associated with the recreated user").isFalse();

        String elsewhere = MailedHostedPool.unique("taken-over") + "@example.org";
        Page mailed = addressing.submit(address, "/login/email-setup", Map.of("email", elsewhere));
        assertThat(mailed.status()).isEqualTo(400);
        assertThat(mailed.header("Location")).isEmpty();
        assertThat(mailed.body()).contains("Your sign-in took too long and has expired");
        assertThat(mails(elsewhere)).isZero();
        for (String username : new String[] {chose, gaveAddress}) {
            assertThat(pool.cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(username))
                    .userMFASettingList()).as(username).isNullOrEmpty();
        }
    }

    @Test
    void settingUpWithAnotherUsersVerifiedAddressDoesNotTakeIt() {
        String owner = userWithoutMfa();
        String ownersAddress = owner + "@example.com";
        String attacker = userWithoutMfa();
        TestBrowser browser = browser();
        Page address = askedForAddress(browser, attacker);
        int seen = mails(ownersAddress);
        Page ask = browser.submit(address, "/login/email-setup", Map.of("email", ownersAddress));
        // Nothing tells whose the address is before its code is known.
        assertThat(ask.status()).isEqualTo(200);
        assertThat(ask.body()).contains("Enter the code we e-mailed you");

        Page refused = browser.submit(ask, "/login/email-setup/code", Map.of("code", codeMailed(ownersAddress, seen)));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("Location")).isEmpty();
        assertThat(refused.body()).contains("An account with the given email already exists.",
                "action=\"/login/email-setup\"");
        assertThat(attributes(attacker)).containsEntry("email", attacker + "@example.com");
        assertThat(attributes(owner)).containsEntry("email", ownersAddress).containsEntry("email_verified", "true");
        assertThat(pool.cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(attacker)).userMFASettingList())
                .isNullOrEmpty();
    }

    @Test
    void aCodeMailedToOneAddressDoesNotSetUpAnother() {
        String username = userWithoutMfa();
        TestBrowser browser = browser();
        Page address = askedForAddress(browser, username);
        String first = MailedHostedPool.unique("first") + "@example.org";
        String second = MailedHostedPool.unique("second") + "@example.org";
        Page ask = browser.submit(address, "/login/email-setup", Map.of("email", first));
        String firstCode = codeMailed(first, 0);

        // The user corrects the address; the code of the first no longer counts.
        Page again = browser.submit(ask, "/login/email-setup", Map.of("email", second));
        assertThat(again.status()).isEqualTo(200);
        Page refused = browser.submit(again, "/login/email-setup/code", Map.of("code", firstCode));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("Location")).isEmpty();
        assertThat(attributes(username)).containsEntry("email", username + "@example.com");

        Page signedIn = browser.submit(again, "/login/email-setup/code", Map.of("code", codeMailed(second, 0)));
        assertThat(signedIn.redirectsTo(HostedUiFixture.CALLBACK)).isTrue();
        assertThat(attributes(username)).containsEntry("email", second);
    }

    @Test
    void emailSetupCodeBruteForceIsThrottled() {
        TestBrowser browser = browser();
        Page address = askedForAddress(browser, userWithoutMfa());
        String target = MailedHostedPool.unique("guess") + "@example.org";
        Page ask = browser.submit(address, "/login/email-setup", Map.of("email", target));
        String right = codeMailed(target, 0);
        assertThat(MailedHostedPool.wrongCodesUntilThrottled(browser, ask, "/login/email-setup/code", right))
                .as("wrong codes are throttled").isBetween(1, 10);
        Page refused = browser.submit(ask, "/login/email-setup/code", Map.of("code", right));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Location")).isEmpty();

        // Only a new code is checked again.
        Page resent = browser.submit(ask, "/login/email-setup/resend", Map.of());
        assertThat(resent.status()).isEqualTo(200);
        assertThat(browser.submit(resent, "/login/email-setup/code", Map.of("code", codeMailed(target, 1)))
                .redirectsTo(HostedUiFixture.CALLBACK)).isTrue();
    }

    @Test
    void skippingTheSetUpStepsIsRefused() {
        TestBrowser browser = browser();
        String username = userWithoutMfa();
        Page choice = passwordProven(browser, username);
        // Straight to the address, or to a code, without choosing e-mail first.
        for (String path : new String[] {"/login/email-setup", "/login/email-setup/code", "/login/email-setup/resend",
                "/login/totp-setup"}) {
            Page refused = browser.submit(choice, path, Map.of("email", username + "@example.com", "code", "12345678"));
            assertThat(refused.status()).as(path).isEqualTo(400);
            assertThat(refused.header("Location")).as(path).isEmpty();
        }
        assertThat(pool.cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(username)).userMFASettingList())
                .isNullOrEmpty();
    }

    @Test
    void anEmailSetupPostWithoutTheCsrfTokenIsRefused() {
        TestBrowser browser = browser();
        Page address = askedForAddress(browser, userWithoutMfa());
        Map<String, String> forged = new HashMap<>(address.hiddenFields());
        forged.remove("_csrf");
        forged.put("email", MailedHostedPool.unique("forged") + "@example.org");
        Page refused = browser.post("/login/email-setup", forged);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Location")).isEmpty();
    }

    @Test
    void aSetUpStepOfAnotherBrowserIsRefused() {
        TestBrowser victim = browser();
        Page address = askedForAddress(victim, userWithoutMfa());
        TestBrowser other = browser();
        Page refused = other.post("/login/email-setup", Map.of("signin", address.hiddenFields().get("signin"),
                "email", MailedHostedPool.unique("other") + "@example.org"));
        assertThat(refused.status()).isIn(400, 403);
        assertThat(refused.header("Location")).isEmpty();
    }
}
