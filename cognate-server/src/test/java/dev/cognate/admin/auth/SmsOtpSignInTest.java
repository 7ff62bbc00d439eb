package dev.cognate.admin.auth;

import static dev.cognate.admin.auth.SignInPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.store.DeliveryMedium;
import dev.cognate.store.OutboxStore;
import dev.cognate.store.jdbc.JdbcOutboxStore;
import dev.cognate.testing.Backend;
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
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType;

/**
 * USER_AUTH's texted first factor (SMS_OTP) through the AWS SDK on both backends: a code to the
 * user's verified number is the whole sign-in (amr otp); a number not verified, a user with MFA
 * on, or a name without a user gets no text, and the answer for a name without a user looks like
 * one that got it; the code is bound to its purpose and number.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class SmsOtpSignInTest {
    private static final Pattern CODE = Pattern.compile("(\\d{8})");

    @Parameter
    Backend backend;

    SignInPool pool;
    String clientId;

    @BeforeEach
    void createPool() {
        pool = SignInPool.on(MailedSignIns.server(backend), r -> r.policies(p -> p.signInPolicy(s -> s
                .allowedFirstAuthFactors(AuthFactorType.PASSWORD, AuthFactorType.SMS_OTP))));
        clientId = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_AUTH,
                ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH))
                .clientId();
    }

    /** A confirmed user with {@code phone}, verified or not. */
    String userWithPhone(String phone, boolean verified) {
        String username = pool.confirmedUser(uniqueName("texted"));
        pool.cognito.adminUpdateUserAttributes(r -> r.userPoolId(pool.poolId).username(username).userAttributes(
                a -> a.name("phone_number").value(phone), a -> a.name("phone_number_verified").value(String.valueOf(verified))));
        return username;
    }

    InitiateAuthResponse preferSms(String username) {
        return pool.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_AUTH)
                .authParameters(Map.of("USERNAME", username, "PREFERRED_CHALLENGE", "SMS_OTP")));
    }

    RespondToAuthChallengeResponse answer(InitiateAuthResponse challenge, String username, String code) {
        return pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId).challengeName(ChallengeNameType.SMS_OTP)
                .session(challenge.session()).challengeResponses(Map.of("USERNAME", username, "SMS_OTP_CODE", code)));
    }

    List<OutboxStore.Entry> texts(String phone) {
        return new JdbcOutboxStore(pool.server.server().database().jdbi(), new dev.cognate.crypto.SecretBox(dev.cognate.testing.TestServer.MASTER_KEY))
                .newest(pool.poolId, MailedSignIns.clock(backend).instant(), 50).stream()
                .filter(e -> e.medium() == DeliveryMedium.SMS && e.destination().equals(phone)).toList();
    }

    String textedCode(String phone) {
        List<OutboxStore.Entry> texts = texts(phone);
        assertThat(texts).isNotEmpty();
        Matcher matcher = CODE.matcher(texts.getFirst().body());
        assertThat(matcher.find()).as(texts.getFirst().body()).isTrue();
        return matcher.group(1);
    }

    @Test
    void aCodeTextedToAVerifiedNumberIsTheWholeSignIn() throws Exception {
        String user = userWithPhone("+15550601234", true);

        InitiateAuthResponse challenge = preferSms(user);
        assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.SMS_OTP);
        assertThat(challenge.challengeParameters()).containsEntry("CODE_DELIVERY_DELIVERY_MEDIUM", "SMS")
                .containsEntry("CODE_DELIVERY_DESTINATION", "+*******1234").containsEntry("USERNAME", user);
        String code = textedCode("+15550601234");
        String wrong = code.equals("00000000") ? "11111111" : "00000000";
        assertThatThrownBy(() -> answer(challenge, user, wrong)).isInstanceOf(CodeMismatchException.class);
        RespondToAuthChallengeResponse signedIn = answer(challenge, user, code);

        assertThat(pool.verify(signedIn.authenticationResult().idToken()).getStringListClaim("amr"))
                .containsExactly("otp");
        assertThatThrownBy(() -> answer(challenge, user, code)).isInstanceOf(NotAuthorizedException.class);
        assertThat(pool.cognito.getUserAuthFactors(r -> r.accessToken(signedIn.authenticationResult().accessToken()))
                .configuredUserAuthFactorsAsStrings()).contains("SMS_OTP");
    }

    @Test
    void aNumberNotVerifiedIsNotOfferedAndGetsNoText() {
        String user = userWithPhone("+15550602222", false);

        InitiateAuthResponse select = preferSms(user);

        assertThat(select.challengeName()).isEqualTo(ChallengeNameType.SELECT_CHALLENGE);
        assertThat(select.availableChallengesAsStrings()).doesNotContain("SMS_OTP");
        assertThat(texts("+15550602222")).isEmpty();
    }

    @Test
    void namesWithoutAUserAreOfferedSmsOtpAsUsersAreAndAnsweredAsAWrongCode() {
        List<InitiateAuthResponse> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 24; i++) {
            answers.add(preferSms(uniqueName("nobody")));
        }
        // some names look like users with a verified number, some like users without: the offer tells nothing
        assertThat(answers).anyMatch(a -> a.challengeName() == ChallengeNameType.SMS_OTP)
                .anyMatch(a -> a.challengeName() == ChallengeNameType.SELECT_CHALLENGE);
        InitiateAuthResponse offered = answers.stream().filter(a -> a.challengeName() == ChallengeNameType.SMS_OTP)
                .findFirst().orElseThrow();
        String nobody = offered.challengeParameters().get("USERNAME");

        assertThat(offered.challengeParameters().get("CODE_DELIVERY_DESTINATION")).matches("\\+\\*{7}\\d{4}")
                .isEqualTo(preferSms(nobody).challengeParameters().get("CODE_DELIVERY_DESTINATION"));
        assertThatThrownBy(() -> answer(offered, nobody, "12345678")).isInstanceOf(CodeMismatchException.class);
    }

    @Test
    void aUserWhoAskedForTooManyCodesIsAnsweredAsIfTextedAndNothingIsSent() {
        String user = userWithPhone("+15550605555", true);
        for (int i = 0; i < 5; i++) {
            preferSms(user);
        }
        int sent = texts("+15550605555").size();

        InitiateAuthResponse sixth = preferSms(user);

        assertThat(sixth.challengeName()).isEqualTo(ChallengeNameType.SMS_OTP);
        assertThat(sixth.challengeParameters()).containsEntry("CODE_DELIVERY_DESTINATION", "+*******5555");
        assertThat(texts("+15550605555")).hasSize(sent);
    }

    @Test
    void aUserWithMfaOnIsNotOfferedACodeAlone() {
        pool.cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId).mfaConfiguration(UserPoolMfaType.OPTIONAL)
                .smsMfaConfiguration(s -> s.smsConfiguration(c -> c.snsCallerArn("arn:aws:iam::123456789012:role/sms"))));
        String user = userWithPhone("+15550603333", true);
        pool.cognito.adminSetUserMFAPreference(r -> r.userPoolId(pool.poolId).username(user)
                .smsMfaSettings(s -> s.enabled(true)));

        InitiateAuthResponse select = preferSms(user);

        assertThat(select.challengeName()).isEqualTo(ChallengeNameType.SELECT_CHALLENGE);
        assertThat(select.availableChallengesAsStrings()).containsExactly("PASSWORD", "PASSWORD_SRP");
        assertThat(texts("+15550603333")).isEmpty();
    }

    @Test
    void anMfaCodeDoesNotAnswerTheFirstFactorNorTheOtherWayRound() {
        pool.cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId).mfaConfiguration(UserPoolMfaType.OPTIONAL)
                .smsMfaConfiguration(s -> s.smsAuthenticationMessage("Your code is {####}.")
                        .smsConfiguration(c -> c.snsCallerArn("arn:aws:iam::123456789012:role/sms"))));
        String user = userWithPhone("+15550604444", true);
        InitiateAuthResponse firstFactor = preferSms(user);
        String firstFactorCode = textedCode("+15550604444");

        assertThatThrownBy(() -> pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.SMS_MFA).session(firstFactor.session())
                .challengeResponses(Map.of("USERNAME", user, "SMS_MFA_CODE", firstFactorCode))))
                .isInstanceOf(NotAuthorizedException.class);
        assertThat(answer(firstFactor, user, firstFactorCode).authenticationResult()).isNotNull();
    }
}
