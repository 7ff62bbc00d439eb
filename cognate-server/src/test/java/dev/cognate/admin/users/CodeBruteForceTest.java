package dev.cognate.admin.users;

import static dev.cognate.admin.users.MailedPool.PASSWORD;
import static dev.cognate.admin.users.MailedPool.code;
import static dev.cognate.admin.users.MailedPool.email;
import static dev.cognate.admin.users.MailedPool.newMailTo;
import static dev.cognate.admin.users.MailedPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AliasAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyFailedAttemptsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/**
 * Code brute force against the codes that hand over an account: a password-reset code
 * (ConfirmForgotPassword) and the code that puts a new e-mail address in place
 * (VerifyUserAttribute). Five wrong guesses burn the code; the right one is then refused too.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class CodeBruteForceTest {
    @Parameter
    Backend backend;

    @Test
    void codeBruteForceOnAPasswordResetCodeBurnsItAfterFiveWrongGuesses() {
        MailedPool pool = MailedPool.create(backend);
        String client = pool.client();
        String victim = uniqueName("victim");
        pool.confirmedUser(client, victim, email(victim));
        pool.cognito.forgotPassword(r -> r.clientId(client).username(victim));
        String code = code(newMailTo(email(victim), 1));

        for (String guess : wrongGuesses(code, 5)) {
            assertThatThrownBy(() -> pool.cognito.confirmForgotPassword(r -> r.clientId(client).username(victim)
                    .confirmationCode(guess).password("Attacker-Choice-1")))
                    .isInstanceOf(CodeMismatchException.class);
        }
        assertThatThrownBy(() -> pool.cognito.confirmForgotPassword(r -> r.clientId(client).username(victim)
                .confirmationCode(code).password("Attacker-Choice-1")))
                .isInstanceOf(TooManyFailedAttemptsException.class);
        assertThat(pool.signIn(client, victim, PASSWORD).authenticationResult()).isNotNull();
    }

    @Test
    void codeBruteForceOnAPendingEmailBurnsItAndTheOldAddressStays() {
        MailedPool pool = MailedPool.create(backend, r -> r.aliasAttributes(AliasAttributeType.EMAIL)
                .userAttributeUpdateSettings(s -> s.attributesRequireVerificationBeforeUpdate(VerifiedAttributeType.EMAIL)));
        String client = pool.client();
        String alice = uniqueName("alice");
        pool.confirmedUser(client, alice, email(alice));
        String token = pool.signIn(client, alice, PASSWORD).authenticationResult().accessToken();
        String newAddress = email(uniqueName("alice-new"));
        pool.cognito.updateUserAttributes(r -> r.accessToken(token).userAttributes(a -> a.name("email").value(newAddress)));
        String code = code(newMailTo(newAddress, 0));

        for (String guess : wrongGuesses(code, 5)) {
            assertThatThrownBy(() -> pool.cognito.verifyUserAttribute(r -> r.accessToken(token).attributeName("email")
                    .code(guess)))
                    .isInstanceOf(CodeMismatchException.class);
        }
        assertThatThrownBy(() -> pool.cognito.verifyUserAttribute(r -> r.accessToken(token).attributeName("email")
                .code(code)))
                .isInstanceOf(TooManyFailedAttemptsException.class);
        assertThat(pool.attribute(alice, "email")).isEqualTo(email(alice));
        assertThat(pool.attribute(alice, "email_verified")).isEqualTo("true");
    }

    private static List<String> wrongGuesses(String code, int count) {
        List<String> guesses = new ArrayList<>();
        for (int i = 0; guesses.size() < count; i++) {
            String guess = "%06d".formatted(i);
            if (!guess.equals(code)) {
                guesses.add(guess);
            }
        }
        return guesses;
    }
}
