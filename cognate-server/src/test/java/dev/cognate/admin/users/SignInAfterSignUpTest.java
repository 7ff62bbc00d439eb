package dev.cognate.admin.users;

import static dev.cognate.admin.users.MailedPool.PASSWORD;
import static dev.cognate.admin.users.MailedPool.codeMailedTo;
import static dev.cognate.admin.users.MailedPool.email;
import static dev.cognate.admin.users.MailedPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import java.util.Map;
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
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;

/**
 * Signing a user in right after sign-up, as Cognito does it for choice-based sign-in: SignUp
 * answers a Session, ConfirmSignUp answers another, and InitiateAuth with USER_AUTH takes that one
 * as the user's first factor (the confirmation code), once. And SignUp without a password where
 * the pool lets users sign in with a code alone.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class SignInAfterSignUpTest {
    @Parameter
    Backend backend;

    MailedPool pool;
    String client;

    void passwordlessPool() {
        pool = MailedPool.create(backend, r -> r.policies(p -> p.signInPolicy(s -> s
                .allowedFirstAuthFactors(AuthFactorType.PASSWORD, AuthFactorType.EMAIL_OTP))));
        client = userAuthClient();
    }

    String userAuthClient() {
        return pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_AUTH,
                ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH));
    }

    /** Signs {@code name} up (with a password, or none) and confirms it; ConfirmSignUp's Session. */
    String signedUpAndConfirmed(String name, String password) {
        String signUpSession = pool.cognito.signUp(r -> r.clientId(client).username(name).password(password)
                .userAttributes(a -> a.name("email").value(email(name)))).session();
        assertThat(signUpSession).isNotBlank();
        String code = codeMailedTo(email(name));
        return pool.cognito.confirmSignUp(r -> r.clientId(client).username(name).confirmationCode(code)
                .session(signUpSession)).session();
    }

    InitiateAuthResponse signInWith(String clientId, String name, String session) {
        return pool.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_AUTH)
                .authParameters(Map.of("USERNAME", name)).session(session));
    }

    @Test
    void aConfirmedUserIsSignedInWithConfirmSignUpsSessionAndNoSecondCode() {
        passwordlessPool();
        String ada = uniqueName("ada");
        String session = signedUpAndConfirmed(ada, PASSWORD);
        int mails = MailedPool.mailsTo(email(ada)).size();

        InitiateAuthResponse signedIn = signInWith(client, ada, session);

        assertThat(signedIn.authenticationResult().accessToken()).isNotBlank();
        assertThat(signedIn.authenticationResult().refreshToken()).isNotBlank();
        assertThat(pool.cognito.getUser(r -> r.accessToken(signedIn.authenticationResult().accessToken())).username())
                .isEqualTo(ada);
        assertThat(MailedPool.mailsTo(email(ada))).as("no further code").hasSize(mails);
    }

    @Test
    void sessionReplayTheSessionSignsInOnceOnly() {
        passwordlessPool();
        String ada = uniqueName("ada");
        String session = signedUpAndConfirmed(ada, PASSWORD);
        signInWith(client, ada, session);

        assertThatThrownBy(() -> signInWith(client, ada, session)).isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void sessionTheftTheSessionSignsInOnlyItsOwnUserAtItsOwnClient() {
        passwordlessPool();
        String ada = uniqueName("ada");
        String bob = uniqueName("bob");
        String adaSession = signedUpAndConfirmed(ada, PASSWORD);
        signedUpAndConfirmed(bob, PASSWORD);
        String otherClient = userAuthClient();

        assertThatThrownBy(() -> signInWith(client, bob, adaSession)).isInstanceOf(NotAuthorizedException.class);
        assertThatThrownBy(() -> signInWith(otherClient, ada, adaSession)).isInstanceOf(NotAuthorizedException.class);
        assertThat(signInWith(client, ada, adaSession).authenticationResult()).isNotNull();
    }

    @Test
    void sessionReplaySignUpsOwnSessionIsNoSignInEvenOnceTheUserIsConfirmed() {
        passwordlessPool();
        String ada = uniqueName("ada");
        String signUpSession = pool.cognito.signUp(r -> r.clientId(client).username(ada).password(PASSWORD)
                .userAttributes(a -> a.name("email").value(email(ada)))).session();
        pool.cognito.adminConfirmSignUp(r -> r.userPoolId(pool.poolId).username(ada));

        assertThatThrownBy(() -> signInWith(client, ada, signUpSession)).isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void sessionReplayAChoiceSessionIsNoSignUpSession() {
        passwordlessPool();
        String ada = uniqueName("ada");
        signedUpAndConfirmed(ada, PASSWORD);
        String choice = signInWith(client, ada, null).session();

        assertThatThrownBy(() -> signInWith(client, ada, choice)).isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void aUserDisabledSinceConfirmingIsNotSignedIn() {
        passwordlessPool();
        String ada = uniqueName("ada");
        String session = signedUpAndConfirmed(ada, PASSWORD);
        pool.cognito.adminDisableUser(r -> r.userPoolId(pool.poolId).username(ada));

        assertThatThrownBy(() -> signInWith(client, ada, session)).isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void aUserDeletedAndSignedUpAgainUnderTheNameIsNotTheSessionsUser() {
        passwordlessPool();
        String ada = uniqueName("ada");
        String session = signedUpAndConfirmed(ada, PASSWORD);
        pool.cognito.adminDeleteUser(r -> r.userPoolId(pool.poolId).username(ada));
        pool.cognito.adminCreateUser(r -> r.userPoolId(pool.poolId).username(ada).messageAction("SUPPRESS")
                .temporaryPassword("Temporary-Pass-1"));
        pool.cognito.adminSetUserPassword(r -> r.userPoolId(pool.poolId).username(ada).password(PASSWORD).permanent(true));

        assertThatThrownBy(() -> signInWith(client, ada, session)).isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void userEnumerationConfirmSignUpAnswersAWrongSessionAsAWrongCode() {
        passwordlessPool();
        String ada = uniqueName("ada");
        pool.cognito.signUp(r -> r.clientId(client).username(ada).password(PASSWORD)
                .userAttributes(a -> a.name("email").value(email(ada))));
        String made = "x".repeat(40);

        // the client prevents user existence errors (Cognate's default for new clients, as Cognito's)
        assertThatThrownBy(() -> pool.cognito.confirmSignUp(r -> r.clientId(client).username(ada)
                .confirmationCode("123456").session(made))).isInstanceOf(CodeMismatchException.class);
        assertThatThrownBy(() -> pool.cognito.confirmSignUp(r -> r.clientId(client).username(uniqueName("nobody"))
                .confirmationCode("123456").session(made))).isInstanceOf(CodeMismatchException.class);
    }

    @Test
    void signUpsOwnSessionIsNoSignInForAUserNotConfirmed() {
        passwordlessPool();
        String ada = uniqueName("ada");
        String signUpSession = pool.cognito.signUp(r -> r.clientId(client).username(ada).password(PASSWORD)
                .userAttributes(a -> a.name("email").value(email(ada)))).session();

        assertThatThrownBy(() -> signInWith(client, ada, signUpSession)).isInstanceOf(NotAuthorizedException.class);
        assertThat(pool.status(ada)).isEqualTo(UserStatusType.UNCONFIRMED);
    }

    @Test
    void confirmSignUpRefusesTheSignUpSessionOfAnotherUser() {
        passwordlessPool();
        String ada = uniqueName("ada");
        String bob = uniqueName("bob");
        String adaSession = pool.cognito.signUp(r -> r.clientId(client).username(ada).password(PASSWORD)
                .userAttributes(a -> a.name("email").value(email(ada)))).session();
        pool.cognito.signUp(r -> r.clientId(client).username(bob).password(PASSWORD)
                .userAttributes(a -> a.name("email").value(email(bob))));
        String bobsCode = codeMailedTo(email(bob));

        // refused as a wrong code is: the client hides who exists
        assertThatThrownBy(() -> pool.cognito.confirmSignUp(r -> r.clientId(client).username(bob)
                .confirmationCode(bobsCode).session(adaSession))).isInstanceOf(CodeMismatchException.class);
        assertThat(pool.status(bob)).isEqualTo(UserStatusType.UNCONFIRMED);
    }

    @Test
    void aClientThatCannotUseUserAuthGetsNoSession() {
        pool = MailedPool.create(backend);
        client = pool.client();
        String ada = uniqueName("ada");
        assertThat(pool.cognito.signUp(r -> r.clientId(client).username(ada).password(PASSWORD)
                .userAttributes(a -> a.name("email").value(email(ada)))).session()).isNull();
        String code = codeMailedTo(email(ada));
        assertThat(pool.cognito.confirmSignUp(r -> r.clientId(client).username(ada).confirmationCode(code)).session())
                .isNull();
    }

    @Test
    void aPoolThatRequiresMfaAsksForItsSetUpAfterTheSession() {
        pool = MailedPool.create(backend, r -> r.mfaConfiguration(UserPoolMfaType.ON));
        pool.cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId).mfaConfiguration(UserPoolMfaType.ON)
                .softwareTokenMfaConfiguration(s -> s.enabled(true)));
        client = userAuthClient();
        String ada = uniqueName("ada");
        String session = signedUpAndConfirmed(ada, PASSWORD);

        InitiateAuthResponse next = signInWith(client, ada, session);

        assertThat(next.authenticationResult()).isNull();
        assertThat(next.challengeName()).isEqualTo(ChallengeNameType.MFA_SETUP);
    }

    @Test
    void aUserSignsUpWithoutAPasswordWhereACodeAloneSignsIn() {
        passwordlessPool();
        String ada = uniqueName("ada");
        String session = pool.cognito.signUp(r -> r.clientId(client).username(ada)
                .userAttributes(a -> a.name("email").value(email(ada)))).session();
        String code = codeMailedTo(email(ada));
        String confirmed = pool.cognito.confirmSignUp(r -> r.clientId(client).username(ada).confirmationCode(code)
                .session(session)).session();

        assertThat(signInWith(client, ada, confirmed).authenticationResult().accessToken()).isNotBlank();
        assertThatThrownBy(() -> pool.signIn(client, ada, PASSWORD)).isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void noPasswordIsRefusedForAUserWhoCouldNotSignInWithACode() {
        passwordlessPool();
        assertThatThrownBy(() -> pool.cognito.signUp(r -> r.clientId(client).username(uniqueName("ada"))
                .userAttributes(a -> a.name("name").value("Ada"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("password is required");

        pool = MailedPool.create(backend, r -> r.mfaConfiguration(UserPoolMfaType.ON).policies(p -> p.signInPolicy(s -> s
                .allowedFirstAuthFactors(AuthFactorType.PASSWORD, AuthFactorType.EMAIL_OTP))));
        client = userAuthClient();
        String bob = uniqueName("bob");
        assertThatThrownBy(() -> pool.cognito.signUp(r -> r.clientId(client).username(bob)
                .userAttributes(a -> a.name("email").value(email(bob)))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("password is required");
    }

    @Test
    void aPasswordIsStillRequiredWhereOnlyPasswordsSignIn() {
        pool = MailedPool.create(backend);
        client = pool.client();
        String ada = uniqueName("ada");
        assertThatThrownBy(() -> pool.cognito.signUp(r -> r.clientId(client).username(ada)
                .userAttributes(a -> a.name("email").value(email(ada)))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("password");
    }
}
