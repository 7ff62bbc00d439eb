package dev.cognate.admin.users;

import static dev.cognate.admin.users.MailedPool.PASSWORD;
import static dev.cognate.admin.users.MailedPool.code;
import static dev.cognate.admin.users.MailedPool.email;
import static dev.cognate.admin.users.MailedPool.newMailTo;
import static dev.cognate.admin.users.MailedPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeDeliveryDetailsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExpiredCodeException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidPasswordException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LimitExceededException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PasswordResetRequiredException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PreventUserExistenceErrorTypes;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;

/** ForgotPassword, ConfirmForgotPassword, AdminResetUserPassword and ChangePassword through the AWS SDK. */
@ParameterizedClass
@EnumSource(Backend.class)
class PasswordRecoveryTest {
    static final String NEW_PASSWORD = "Battery-Staple-2";

    @Parameter
    Backend backend;

    MailedPool pool;
    String client;
    String alice;

    @BeforeEach
    void confirmedUser() {
        pool = MailedPool.create(backend);
        client = pool.client();
        alice = uniqueName("alice");
        pool.confirmedUser(client, alice, email(alice));
    }

    @Test
    void forgotPasswordMailsAResetCodeAndConfirmForgotPasswordSetsTheNewPassword() {
        CodeDeliveryDetailsType details = pool.cognito.forgotPassword(r -> r.clientId(client).username(alice))
                .codeDeliveryDetails();
        assertThat(details.destination()).isEqualTo("a***@e***");
        assertThat(details.deliveryMediumAsString()).isEqualTo("EMAIL");
        assertThat(details.attributeName()).isEqualTo("email");
        String code = code(newMailTo(email(alice), 1));

        pool.cognito.confirmForgotPassword(r -> r.clientId(client).username(alice).confirmationCode(code).password(NEW_PASSWORD));

        assertThat(pool.signIn(client, alice, NEW_PASSWORD).authenticationResult()).isNotNull();
        assertThatThrownBy(() -> pool.signIn(client, alice, PASSWORD)).isInstanceOf(NotAuthorizedException.class);
        assertThat(pool.status(alice)).isEqualTo(UserStatusType.CONFIRMED);
    }

    @Test
    void aNewPasswordAgainstThePolicyIsRefusedAndTheCodeStaysUsable() {
        pool.cognito.forgotPassword(r -> r.clientId(client).username(alice));
        String code = code(newMailTo(email(alice), 1));
        assertThatThrownBy(() -> pool.cognito.confirmForgotPassword(r -> r.clientId(client).username(alice)
                .confirmationCode(code).password("alllowercase1!")))
                .isInstanceOf(InvalidPasswordException.class)
                .hasMessageContaining("Password did not conform with policy: Password must have uppercase characters");
        pool.cognito.confirmForgotPassword(r -> r.clientId(client).username(alice).confirmationCode(code).password(NEW_PASSWORD));
    }

    @Test
    void confirmForgotPasswordErrors() {
        String legacy = pool.client(r -> r.preventUserExistenceErrors(PreventUserExistenceErrorTypes.LEGACY));
        assertThatThrownBy(() -> pool.cognito.confirmForgotPassword(r -> r.clientId(legacy).username(alice)
                .confirmationCode("123456").password(NEW_PASSWORD)))
                .isInstanceOf(ExpiredCodeException.class)
                .hasMessageContaining("Invalid code provided, please request a code again.");
        // With existence errors prevented, "no code" reads like an unknown user: a mismatch.
        assertThatThrownBy(() -> pool.cognito.confirmForgotPassword(r -> r.clientId(client).username(alice)
                .confirmationCode("123456").password(NEW_PASSWORD)))
                .isInstanceOf(CodeMismatchException.class);
        pool.cognito.forgotPassword(r -> r.clientId(client).username(alice));
        String code = code(newMailTo(email(alice), 1));
        String wrong = code.equals("000000") ? "111111" : "000000";
        assertThatThrownBy(() -> pool.cognito.confirmForgotPassword(r -> r.clientId(client).username(alice)
                .confirmationCode(wrong).password(NEW_PASSWORD)))
                .isInstanceOf(CodeMismatchException.class)
                .hasMessageContaining("Invalid verification code provided, please try again.");
        assertThatThrownBy(() -> pool.cognito.confirmForgotPassword(r -> r.clientId(legacy).username(uniqueName("nobody"))
                .confirmationCode(code).password(NEW_PASSWORD)))
                .isInstanceOf(UserNotFoundException.class)
                .hasMessageContaining("Username/client id combination not found.");
    }

    @Test
    void forgotPasswordErrors() {
        String legacy = pool.client(r -> r.preventUserExistenceErrors(PreventUserExistenceErrorTypes.LEGACY));
        assertThatThrownBy(() -> pool.cognito.forgotPassword(r -> r.clientId(legacy).username(uniqueName("nobody"))))
                .isInstanceOf(UserNotFoundException.class)
                .hasMessageContaining("Username/client id combination not found.");

        String unverified = uniqueName("unverified");
        pool.signUp(client, unverified, email(unverified));
        pool.cognito.adminConfirmSignUp(r -> r.userPoolId(pool.poolId).username(unverified));
        assertThatThrownBy(() -> pool.cognito.forgotPassword(r -> r.clientId(client).username(unverified)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Cannot reset password for the user as there is no registered/verified email or phone_number");

        String invited = uniqueName("invited");
        pool.cognito.adminCreateUser(r -> r.userPoolId(pool.poolId).username(invited).messageAction(MessageActionType.SUPPRESS)
                .temporaryPassword("Temporary-Pass-1")
                .userAttributes(a -> a.name("email").value(email(invited)), a -> a.name("email_verified").value("true")));
        assertThatThrownBy(() -> pool.cognito.forgotPassword(r -> r.clientId(client).username(invited)))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("User password cannot be reset in the current state.");
    }

    @Test
    void adminResetUserPasswordRequiresTheResetBeforeTheNextSignIn() {
        pool.cognito.adminResetUserPassword(r -> r.userPoolId(pool.poolId).username(alice));

        assertThat(pool.status(alice)).isEqualTo(UserStatusType.RESET_REQUIRED);
        assertThatThrownBy(() -> pool.signIn(client, alice, PASSWORD))
                .isInstanceOf(PasswordResetRequiredException.class)
                .hasMessageContaining("Password reset required for the user.");
        String code = code(newMailTo(email(alice), 1));
        pool.cognito.confirmForgotPassword(r -> r.clientId(client).username(alice).confirmationCode(code).password(NEW_PASSWORD));
        assertThat(pool.status(alice)).isEqualTo(UserStatusType.CONFIRMED);
        assertThat(pool.signIn(client, alice, NEW_PASSWORD).authenticationResult()).isNotNull();
        assertThatThrownBy(() -> pool.cognito.adminResetUserPassword(r -> r.userPoolId(pool.poolId).username("nobody")))
                .isInstanceOf(UserNotFoundException.class);
    }

    /** A stolen access token must not let its holder guess the password through ChangePassword. */
    @Test
    void passwordGuessingThroughChangePasswordIsThrottledLikeSignIn() {
        String token = pool.signIn(client, alice, PASSWORD).authenticationResult().accessToken();
        for (int i = 0; i < 5; i++) {
            String guess = "Guess-Number-" + i;
            assertThatThrownBy(() -> pool.cognito.changePassword(r -> r.accessToken(token).previousPassword(guess)
                    .proposedPassword(NEW_PASSWORD)))
                    .isInstanceOf(NotAuthorizedException.class);
        }
        // From now on each failure doubles the wait (1 s, 2 s, 4 s...): within a few guesses one is refused unheard.
        boolean throttled = false;
        for (int i = 0; i < 6 && !throttled; i++) {
            String guess = "More-Guesses-" + i;
            try {
                pool.cognito.changePassword(r -> r.accessToken(token).previousPassword(guess).proposedPassword(NEW_PASSWORD));
            } catch (LimitExceededException e) {
                assertThat(e.getMessage()).contains("Attempt limit exceeded, please try after some time.");
                throttled = true;
            } catch (NotAuthorizedException e) {
                // heard and refused: the wait had passed
            }
        }
        assertThat(throttled).isTrue();
        assertThatThrownBy(() -> pool.cognito.changePassword(r -> r.accessToken(token).previousPassword(PASSWORD)
                .proposedPassword(NEW_PASSWORD)))
                .isInstanceOf(LimitExceededException.class);
    }

    @Test
    void changePasswordWithTheAccessToken() {
        String token = pool.signIn(client, alice, PASSWORD).authenticationResult().accessToken();

        assertThatThrownBy(() -> pool.cognito.changePassword(r -> r.accessToken(token).previousPassword("Wrong-Pass-9")
                .proposedPassword(NEW_PASSWORD)))
                .isInstanceOf(NotAuthorizedException.class).hasMessageContaining("Incorrect username or password.");
        assertThatThrownBy(() -> pool.cognito.changePassword(r -> r.accessToken(token).previousPassword(PASSWORD)
                .proposedPassword("short")))
                .isInstanceOf(InvalidPasswordException.class)
                .hasMessageContaining("Password did not conform with policy: Password not long enough");
        assertThatThrownBy(() -> pool.cognito.changePassword(r -> r.accessToken("not.a.token").previousPassword(PASSWORD)
                .proposedPassword(NEW_PASSWORD)))
                .isInstanceOf(NotAuthorizedException.class);

        pool.cognito.changePassword(r -> r.accessToken(token).previousPassword(PASSWORD).proposedPassword(NEW_PASSWORD));

        assertThat(pool.signIn(client, alice, NEW_PASSWORD).authenticationResult()).isNotNull();
        assertThatThrownBy(() -> pool.signIn(client, alice, PASSWORD)).isInstanceOf(NotAuthorizedException.class);
    }
}
