package dev.cognate.admin.auth;

import static dev.cognate.admin.auth.SignInPool.PASSWORD;
import static dev.cognate.admin.auth.SignInPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import dev.cognate.testing.MovableClock;
import dev.cognate.testing.TotpTestCodes;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType;

/**
 * E-mail codes as the second factor through the AWS SDK on both backends: the pool's
 * EmailMfaConfiguration (its words in the mail), the user's EmailMfaSettings (theirs and the
 * admin's), EMAIL_OTP after a password, SELECT_MFA_TYPE for a user with TOTP and e-mail codes on
 * and neither preferred, and the amr of an MFA sign-in.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class EmailOtpMfaTest {
    @Parameter
    Backend backend;

    MovableClock clock;
    SignInPool pool;
    String clientId;

    @BeforeEach
    void createPool() {
        clock = MailedSignIns.clock(backend);
        pool = SignInPool.on(MailedSignIns.server(backend), r -> { });
        clientId = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH,
                ExplicitAuthFlowsType.ALLOW_ADMIN_USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH))
                .clientId();
        pool.cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId).mfaConfiguration(UserPoolMfaType.OPTIONAL)
                .softwareTokenMfaConfiguration(s -> s.enabled(true))
                .emailMfaConfiguration(e -> e.subject("Your code").message("Sign in with {####} now.")));
    }

    static String email(String username) {
        return username + "@example.com";
    }

    /** A confirmed user with e-mail codes on (preferred or not); returns an access token. */
    String emailMfaUser(String username, boolean preferred) {
        pool.confirmedUser(username);
        String accessToken = pool.tokens(clientId, username).accessToken();
        pool.cognito.setUserMFAPreference(r -> r.accessToken(accessToken)
                .emailMfaSettings(e -> e.enabled(true).preferredMfa(preferred)));
        return accessToken;
    }

    /** Turns TOTP on for the user, not preferred; returns the secret. */
    String addTotp(String accessToken) {
        String secret = pool.cognito.associateSoftwareToken(r -> r.accessToken(accessToken)).secretCode();
        pool.cognito.verifySoftwareToken(r -> r.accessToken(accessToken)
                .userCode(TotpTestCodes.at(secret, clock.instant().minus(Duration.ofSeconds(30)))));
        pool.cognito.setUserMFAPreference(r -> r.accessToken(accessToken)
                .softwareTokenMfaSettings(s -> s.enabled(true).preferredMfa(false)));
        return secret;
    }

    @Test
    void aPasswordSignInOfAUserWithEmailMfaAsksForTheMailedCode() throws Exception {
        String alice = uniqueName("alice");
        emailMfaUser(alice, true);
        int seen = MailedSignIns.mailsTo(email(alice)).size();
        InitiateAuthResponse challenge = pool.signIn(clientId, alice, PASSWORD);
        assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.EMAIL_OTP);
        assertThat(challenge.challengeParameters()).containsEntry("CODE_DELIVERY_DELIVERY_MEDIUM", "EMAIL")
                .containsEntry("CODE_DELIVERY_DESTINATION", "a***@e***");
        var mail = MailedSignIns.newMailTo(email(alice), seen);
        assertThat(mail.getSubject()).isEqualTo("Your code");
        String code = MailedSignIns.nextCode(email(alice), seen);
        assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(mail)).contains("Sign in with " + code + " now.");
        RespondToAuthChallengeResponse signedIn = pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.EMAIL_OTP).session(challenge.session())
                .challengeResponses(Map.of("USERNAME", alice, "EMAIL_OTP_CODE", code)));
        assertThat(pool.verify(signedIn.authenticationResult().idToken()).getStringListClaim("amr"))
                .containsExactly("pwd", "otp", "mfa");
        var user = pool.cognito.getUser(r -> r.accessToken(signedIn.authenticationResult().accessToken()));
        assertThat(user.userMFASettingList()).containsExactly("EMAIL_OTP");
        assertThat(user.preferredMfaSetting()).isEqualTo("EMAIL_OTP");
    }

    @Test
    void anAdminTurnsEmailMfaOnAndOff() {
        String bob = pool.confirmedUser(uniqueName("bob"));
        pool.cognito.adminSetUserMFAPreference(r -> r.userPoolId(pool.poolId).username(bob)
                .emailMfaSettings(e -> e.enabled(true)));
        var view = pool.cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(bob));
        assertThat(view.userMFASettingList()).containsExactly("EMAIL_OTP");
        assertThat(view.preferredMfaSetting()).isNull();
        assertThat(pool.signIn(clientId, bob, PASSWORD).challengeName()).isEqualTo(ChallengeNameType.EMAIL_OTP);
        pool.cognito.adminSetUserMFAPreference(r -> r.userPoolId(pool.poolId).username(bob)
                .emailMfaSettings(e -> e.enabled(false)));
        assertThat(pool.signIn(clientId, bob, PASSWORD).authenticationResult()).isNotNull();
    }

    @Test
    void emailMfaCannotBeTurnedOnInAPoolThatDoesNotOfferIt() {
        SignInPool plain = SignInPool.on(MailedSignIns.server(backend), r -> { });
        String carol = plain.confirmedUser(uniqueName("carol"));
        assertThatThrownBy(() -> plain.cognito.adminSetUserMFAPreference(r -> r.userPoolId(plain.poolId).username(carol)
                .emailMfaSettings(e -> e.enabled(true))))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void bothFactorsPreferredAtOnceIsRefused() {
        String dave = uniqueName("dave");
        String accessToken = emailMfaUser(dave, false);
        addTotp(accessToken);
        assertThatThrownBy(() -> pool.cognito.setUserMFAPreference(r -> r.accessToken(accessToken)
                .emailMfaSettings(e -> e.enabled(true).preferredMfa(true))
                .softwareTokenMfaSettings(s -> s.enabled(true).preferredMfa(true))))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void withTwoFactorsAndNonePreferredTheUserSelectsOne() throws Exception {
        String erin = uniqueName("erin");
        String secret = addTotp(emailMfaUser(erin, false));
        InitiateAuthResponse select = pool.signIn(clientId, erin, PASSWORD);
        assertThat(select.challengeName()).isEqualTo(ChallengeNameType.SELECT_MFA_TYPE);
        assertThat(select.challengeParameters()).containsEntry("MFAS_CAN_CHOOSE", "[\"SOFTWARE_TOKEN_MFA\",\"EMAIL_OTP\"]");
        RespondToAuthChallengeResponse totp = pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.SELECT_MFA_TYPE).session(select.session())
                .challengeResponses(Map.of("USERNAME", erin, "ANSWER", "SOFTWARE_TOKEN_MFA")));
        assertThat(totp.challengeName()).isEqualTo(ChallengeNameType.SOFTWARE_TOKEN_MFA);
        RespondToAuthChallengeResponse signedIn = pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.SOFTWARE_TOKEN_MFA).session(totp.session())
                .challengeResponses(Map.of("USERNAME", erin, "SOFTWARE_TOKEN_MFA_CODE",
                        TotpTestCodes.at(secret, clock.instant()))));
        assertThat(pool.verify(signedIn.authenticationResult().idToken()).getStringListClaim("amr"))
                .containsExactly("pwd", "otp", "mfa");
    }

    @Test
    void selectMfaTypeAnsweredWithEmailOtpMailsTheCode() {
        String frank = uniqueName("frank");
        addTotp(emailMfaUser(frank, false));
        InitiateAuthResponse select = pool.signIn(clientId, frank, PASSWORD);
        int seen = MailedSignIns.mailsTo(email(frank)).size();
        RespondToAuthChallengeResponse challenge = pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.SELECT_MFA_TYPE).session(select.session())
                .challengeResponses(Map.of("USERNAME", frank, "ANSWER", "EMAIL_OTP")));
        assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.EMAIL_OTP);
        String code = MailedSignIns.nextCode(email(frank), seen);
        assertThat(pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.EMAIL_OTP).session(challenge.session())
                .challengeResponses(Map.of("USERNAME", frank, "EMAIL_OTP_CODE", code))).authenticationResult())
                .isNotNull();
    }

    @Test
    void selectMfaTypeRefusesAFactorTheUserHasNotOn() {
        String gina = uniqueName("gina");
        addTotp(emailMfaUser(gina, false));
        InitiateAuthResponse select = pool.signIn(clientId, gina, PASSWORD);
        assertThatThrownBy(() -> pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.SELECT_MFA_TYPE).session(select.session())
                .challengeResponses(Map.of("USERNAME", gina, "ANSWER", "SMS_MFA"))))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void thePreferredFactorIsAskedWithoutAChoice() {
        String hank = uniqueName("hank");
        String accessToken = emailMfaUser(hank, true);
        addTotp(accessToken);
        assertThat(pool.signIn(clientId, hank, PASSWORD).challengeName()).isEqualTo(ChallengeNameType.EMAIL_OTP);
        pool.cognito.setUserMFAPreference(r -> r.accessToken(accessToken)
                .softwareTokenMfaSettings(s -> s.enabled(true).preferredMfa(true)));
        assertThat(pool.signIn(clientId, hank, PASSWORD).challengeName()).isEqualTo(ChallengeNameType.SOFTWARE_TOKEN_MFA);
        var factors = pool.cognito.getUserAuthFactors(r -> r.accessToken(accessToken));
        assertThat(factors.preferredMfaSetting()).isEqualTo("SOFTWARE_TOKEN_MFA");
        assertThat(factors.userMFASettingList()).containsExactly("SOFTWARE_TOKEN_MFA", "EMAIL_OTP");
    }
}
