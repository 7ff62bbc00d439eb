package dev.cognate.admin.auth;

import static dev.cognate.admin.auth.SignInPool.PASSWORD;
import static dev.cognate.admin.auth.SignInPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType;

/**
 * MFA_SETUP in a pool that requires MFA and offers e-mail codes (EmailMfaConfiguration): a user
 * with a verified address may set up EMAIL_OTP instead of an authenticator app, as Amplify's
 * confirmSignIn does it: MFA_SETUP answered with EMAIL (the address), then the EMAIL_OTP
 * challenge with the code mailed there; the code turns e-mail MFA on and ends the sign-in.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class EmailMfaSetupTest {
    @Parameter
    Backend backend;

    SignInPool pool;
    String clientId;

    @BeforeEach
    void createPool() {
        pool = SignInPool.on(MailedSignIns.server(backend), r -> { });
        clientId = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH,
                ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)).clientId();
        pool.cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId).mfaConfiguration(UserPoolMfaType.ON)
                .softwareTokenMfaConfiguration(s -> s.enabled(true))
                .emailMfaConfiguration(e -> e.subject("Your code").message("Sign in with {####} now.")));
    }

    static String email(String username) {
        return username + "@example.com";
    }

    RespondToAuthChallengeResponse chooseEmail(InitiateAuthResponse setup, String username, String address) {
        return pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId).challengeName(ChallengeNameType.MFA_SETUP)
                .session(setup.session()).challengeResponses(Map.of("USERNAME", username, "EMAIL", address)));
    }

    RespondToAuthChallengeResponse answerCode(String session, String username, String code) {
        return pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId).challengeName(ChallengeNameType.EMAIL_OTP)
                .session(session).challengeResponses(Map.of("USERNAME", username, "EMAIL_OTP_CODE", code)));
    }

    @Test
    void aUserWithAVerifiedAddressSetsUpEmailCodesDuringSignIn() throws Exception {
        String ann = pool.confirmedUser(uniqueName("ann"));
        InitiateAuthResponse setup = pool.signIn(clientId, ann, PASSWORD);
        assertThat(setup.challengeName()).isEqualTo(ChallengeNameType.MFA_SETUP);
        assertThat(setup.challengeParameters()).containsEntry("MFAS_CAN_SETUP", "[\"SOFTWARE_TOKEN_MFA\",\"EMAIL_OTP\"]");

        int seen = MailedSignIns.mailsTo(email(ann)).size();
        RespondToAuthChallengeResponse code = chooseEmail(setup, ann, email(ann));
        assertThat(code.challengeName()).isEqualTo(ChallengeNameType.EMAIL_OTP);
        assertThat(code.challengeParameters()).containsEntry("CODE_DELIVERY_DELIVERY_MEDIUM", "EMAIL")
                .containsEntry("CODE_DELIVERY_DESTINATION", "a***@e***");
        RespondToAuthChallengeResponse signedIn = answerCode(code.session(), ann, MailedSignIns.nextCode(email(ann), seen));

        assertThat(pool.verify(signedIn.authenticationResult().idToken()).getStringListClaim("amr"))
                .containsExactly("pwd", "otp", "mfa");
        var user = pool.cognito.getUser(r -> r.accessToken(signedIn.authenticationResult().accessToken()));
        assertThat(user.userMFASettingList()).containsExactly("EMAIL_OTP");
        assertThat(pool.signIn(clientId, ann, PASSWORD).challengeName()).as("from now on, the e-mail code is owed")
                .isEqualTo(ChallengeNameType.EMAIL_OTP);
    }

    @Test
    void aUserWithoutAVerifiedAddressIsOfferedOnlyAnAuthenticatorApp() {
        String ben = uniqueName("ben");
        pool.cognito.adminCreateUser(r -> r.userPoolId(pool.poolId).username(ben).messageAction(MessageActionType.SUPPRESS)
                .userAttributes(a -> a.name("email").value(email(ben)), a -> a.name("email_verified").value("false")));
        pool.cognito.adminSetUserPassword(r -> r.userPoolId(pool.poolId).username(ben).password(PASSWORD).permanent(true));

        InitiateAuthResponse setup = pool.signIn(clientId, ben, PASSWORD);

        assertThat(setup.challengeParameters()).containsEntry("MFAS_CAN_SETUP", "[\"SOFTWARE_TOKEN_MFA\"]");
        assertThatThrownBy(() -> chooseEmail(setup, ben, email(ben))).isInstanceOf(InvalidParameterException.class);
        assertThat(MailedSignIns.mailsTo(email(ben))).isEmpty();
    }

    @Test
    void aPoolWithoutEmailMfaOffersOnlyAnAuthenticatorApp() {
        SignInPool plain = SignInPool.on(MailedSignIns.server(backend), r -> { });
        String plainClient = plain.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH)).clientId();
        plain.cognito.setUserPoolMfaConfig(r -> r.userPoolId(plain.poolId).mfaConfiguration(UserPoolMfaType.ON)
                .softwareTokenMfaConfiguration(s -> s.enabled(true)));
        String cal = plain.confirmedUser(uniqueName("cal"));

        assertThat(plain.signIn(plainClient, cal, PASSWORD).challengeParameters())
                .containsEntry("MFAS_CAN_SETUP", "[\"SOFTWARE_TOKEN_MFA\"]");
    }

    @Test
    void mfaSetupCannotSendTheCodeToAnotherAddress() {
        String dot = pool.confirmedUser(uniqueName("dot"));
        InitiateAuthResponse setup = pool.signIn(clientId, dot, PASSWORD);
        String attacker = uniqueName("attacker") + "@evil.example";

        assertThatThrownBy(() -> chooseEmail(setup, dot, attacker)).isInstanceOf(InvalidParameterException.class);

        assertThat(MailedSignIns.mailsTo(attacker)).isEmpty();
        assertThat(pool.cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(dot)).userMFASettingList())
                .isNullOrEmpty();
    }

    @Test
    void aWrongCodeTurnsNothingOnAndTheSetupSessionIsAnsweredOnce() throws Exception {
        String eli = pool.confirmedUser(uniqueName("eli"));
        InitiateAuthResponse setup = pool.signIn(clientId, eli, PASSWORD);
        int seen = MailedSignIns.mailsTo(email(eli)).size();
        RespondToAuthChallengeResponse code = chooseEmail(setup, eli, email(eli));
        String right = MailedSignIns.nextCode(email(eli), seen);

        assertThatThrownBy(() -> chooseEmail(setup, eli, email(eli))).as("the MFA_SETUP session is spent")
                .isInstanceOf(NotAuthorizedException.class);
        assertThatThrownBy(() -> answerCode(code.session(), eli, right.equals("00000000") ? "11111111" : "00000000"))
                .isInstanceOf(CodeMismatchException.class);
        assertThat(pool.cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(eli)).userMFASettingList())
                .isNullOrEmpty();

        RespondToAuthChallengeResponse signedIn = answerCode(code.session(), eli, right);
        assertThat(signedIn.authenticationResult().accessToken()).isNotBlank();
        assertThatThrownBy(() -> answerCode(code.session(), eli, right)).as("and so is the code's")
                .isInstanceOf(NotAuthorizedException.class);
    }
}
