package dev.cognate.admin.users;

import static dev.cognate.admin.users.MailedPool.PASSWORD;
import static dev.cognate.admin.users.MailedPool.SMTP;
import static dev.cognate.admin.users.MailedPool.code;
import static dev.cognate.admin.users.MailedPool.email;
import static dev.cognate.admin.users.MailedPool.mailsTo;
import static dev.cognate.admin.users.MailedPool.newMailTo;
import static dev.cognate.admin.users.MailedPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeDeliveryDetailsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExpiredCodeException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PreventUserExistenceErrorTypes;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyFailedAttemptsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException;

/** The attacks on sign-up, confirmation and password reset (security.md), each turned away. */
@ParameterizedClass
@EnumSource(Backend.class)
class NativeUserAttacksTest {
    @Parameter
    Backend backend;

    @Test
    void userEnumerationThroughForgotPasswordWithExistenceErrorsPrevented() {
        MailedPool pool = MailedPool.create(backend, r -> r.usernameAttributes(UsernameAttributeType.EMAIL));
        String client = pool.client();
        String known = email(uniqueName("known"));
        pool.cognito.signUp(r -> r.clientId(client).username(known).password(PASSWORD));
        pool.cognito.confirmSignUp(r -> r.clientId(client).username(known).confirmationCode(MailedPool.codeMailedTo(known)));
        String unknown = email(uniqueName("unknown"));

        CodeDeliveryDetailsType forKnown = pool.cognito.forgotPassword(r -> r.clientId(client).username(known))
                .codeDeliveryDetails();
        CodeDeliveryDetailsType forUnknown = pool.cognito.forgotPassword(r -> r.clientId(client).username(unknown))
                .codeDeliveryDetails();

        assertThat(forUnknown.deliveryMedium()).isEqualTo(forKnown.deliveryMedium());
        assertThat(forUnknown.attributeName()).isEqualTo(forKnown.attributeName());
        assertThat(forUnknown.destination()).isEqualTo("u***@e***");
        assertThat(forKnown.destination()).isEqualTo("k***@e***");
        assertThat(pool.cognito.forgotPassword(r -> r.clientId(client).username(unknown)).codeDeliveryDetails())
                .isEqualTo(forUnknown);
        assertThat(mailsTo(unknown)).isEmpty();
    }

    @Test
    void userEnumerationThroughResendConfirmationCodeWithExistenceErrorsPrevented() {
        MailedPool pool = MailedPool.create(backend);
        String client = pool.client();
        String known = uniqueName("known");
        pool.signUp(client, known, email(known));
        String unknown = uniqueName("unknown");

        CodeDeliveryDetailsType forKnown = pool.cognito.resendConfirmationCode(r -> r.clientId(client).username(known))
                .codeDeliveryDetails();
        CodeDeliveryDetailsType forUnknown = pool.cognito.resendConfirmationCode(r -> r.clientId(client).username(unknown))
                .codeDeliveryDetails();

        assertThat(forUnknown.deliveryMedium()).isEqualTo(forKnown.deliveryMedium());
        assertThat(forUnknown.attributeName()).isEqualTo(forKnown.attributeName());
        assertThat(forUnknown.destination()).matches(".\\*\\*\\*@.\\*\\*\\*");
    }

    @Test
    void userEnumerationThroughConfirmSignUpWithExistenceErrorsPrevented() {
        MailedPool pool = MailedPool.create(backend);
        String client = pool.client();
        String known = uniqueName("known");
        pool.signUp(client, known, email(known));
        String code = MailedPool.codeMailedTo(email(known));
        String wrong = code.equals("000000") ? "111111" : "000000";

        CognitoIdentityProviderException forKnown = refusal(() -> pool.cognito.confirmSignUp(r -> r.clientId(client)
                .username(known).confirmationCode(wrong)));
        CognitoIdentityProviderException forUnknown = refusal(() -> pool.cognito.confirmSignUp(r -> r.clientId(client)
                .username(uniqueName("unknown")).confirmationCode(wrong)));

        assertThat(forUnknown).isInstanceOf(CodeMismatchException.class);
        assertThat(forUnknown.getClass()).isEqualTo(forKnown.getClass());
        assertThat(forUnknown.awsErrorDetails().errorMessage()).isEqualTo(forKnown.awsErrorDetails().errorMessage());
    }

    @Test
    void userEnumerationThroughConfirmForgotPasswordAndConfirmSignUpWithExistenceErrorsPrevented() {
        MailedPool pool = MailedPool.create(backend);
        String client = pool.client();
        String known = uniqueName("known");
        pool.confirmedUser(client, known, email(known));
        String unknown = uniqueName("unknown");

        for (String name : List.of(known, unknown)) {
            assertThat(refusal(() -> pool.cognito.confirmForgotPassword(r -> r.clientId(client).username(name)
                    .confirmationCode("123456").password("Any-Password-1"))))
                    .isInstanceOf(CodeMismatchException.class)
                    .hasMessageContaining("Invalid verification code provided, please try again.");
            assertThat(refusal(() -> pool.cognito.confirmSignUp(r -> r.clientId(client).username(name)
                    .confirmationCode("123456"))))
                    .isInstanceOf(CodeMismatchException.class)
                    .hasMessageContaining("Invalid verification code provided, please try again.");
            assertThat(pool.cognito.resendConfirmationCode(r -> r.clientId(client).username(name)).codeDeliveryDetails()
                    .deliveryMediumAsString()).isEqualTo("EMAIL");
        }
    }

    /**
     * SignUp names a taken username (Cognito does so whatever PreventUserExistenceErrors says,
     * as a new user must learn the name is taken); what must not happen is that the attempt
     * touches the existing user: no mail to its address, no new password, no change of state.
     */
    @Test
    void userEnumerationThroughSignUpRevealsOnlyWhatCognitoDoesAndTouchesNoExistingUser() {
        MailedPool pool = MailedPool.create(backend);
        String client = pool.client();
        String victim = uniqueName("victim");
        pool.confirmedUser(client, victim, email(victim));
        int mails = mailsTo(email(victim)).size();

        assertThatThrownBy(() -> pool.cognito.signUp(r -> r.clientId(client).username(victim).password("Attacker-Pass-1")
                .userAttributes(a -> a.name("email").value(email(victim)))))
                .isInstanceOf(UsernameExistsException.class).hasMessageContaining("User already exists");

        assertThat(mailsTo(email(victim))).hasSize(mails);
        assertThat(pool.status(victim)).isEqualTo(UserStatusType.CONFIRMED);
        assertThat(pool.signIn(client, victim, PASSWORD).authenticationResult()).isNotNull();
        assertThatThrownBy(() -> pool.signIn(client, victim, "Attacker-Pass-1")).isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void codeBruteForceBurnsTheCodeAfterFiveWrongGuesses() {
        MailedPool pool = MailedPool.create(backend);
        String client = pool.client();
        String target = uniqueName("target");
        pool.signUp(client, target, email(target));
        String code = MailedPool.codeMailedTo(email(target));
        List<String> guesses = wrongGuesses(code, 5);

        for (String guess : guesses) {
            assertThatThrownBy(() -> pool.cognito.confirmSignUp(r -> r.clientId(client).username(target).confirmationCode(guess)))
                    .isInstanceOf(CodeMismatchException.class);
        }
        assertThatThrownBy(() -> pool.cognito.confirmSignUp(r -> r.clientId(client).username(target).confirmationCode(code)))
                .isInstanceOf(TooManyFailedAttemptsException.class);
        assertThat(pool.status(target)).isEqualTo(UserStatusType.UNCONFIRMED);

        pool.cognito.resendConfirmationCode(r -> r.clientId(client).username(target));
        String fresh = code(newMailTo(email(target), 1));
        pool.cognito.confirmSignUp(r -> r.clientId(client).username(target).confirmationCode(fresh));
        assertThat(pool.status(target)).isEqualTo(UserStatusType.CONFIRMED);
    }

    @Test
    void codeBruteForceInParallelGetsNoMoreThanFiveGuesses() throws Exception {
        MailedPool pool = MailedPool.create(backend);
        String client = pool.client();
        String target = uniqueName("target");
        pool.signUp(client, target, email(target));
        String code = MailedPool.codeMailedTo(email(target));
        List<String> guesses = wrongGuesses(code, 16);

        List<CognitoIdentityProviderException> refusals = inParallel(guesses.stream()
                .<Callable<CognitoIdentityProviderException>>map(guess -> () -> refusal(() -> pool.cognito.confirmSignUp(r -> r
                        .clientId(client).username(target).confirmationCode(guess))))
                .toList());

        assertThat(refusals.stream().filter(e -> e instanceof CodeMismatchException).count()).isLessThanOrEqualTo(5);
        assertThat(refusals.stream().filter(e -> e instanceof TooManyFailedAttemptsException).count()).isGreaterThanOrEqualTo(11);
        assertThatThrownBy(() -> pool.cognito.confirmSignUp(r -> r.clientId(client).username(target).confirmationCode(code)))
                .isInstanceOf(TooManyFailedAttemptsException.class);
    }

    @Test
    void codeReplayOfAUsedResetCodeIsRefused() {
        MailedPool pool = MailedPool.create(backend);
        String client = pool.client();
        String alice = uniqueName("alice");
        pool.confirmedUser(client, alice, email(alice));
        pool.cognito.forgotPassword(r -> r.clientId(client).username(alice));
        String code = code(newMailTo(email(alice), 1));
        pool.cognito.confirmForgotPassword(r -> r.clientId(client).username(alice).confirmationCode(code)
                .password("First-Choice-1"));

        String legacy = pool.client(r -> r.preventUserExistenceErrors(PreventUserExistenceErrorTypes.LEGACY));
        assertThatThrownBy(() -> pool.cognito.confirmForgotPassword(r -> r.clientId(legacy).username(alice)
                .confirmationCode(code).password("Attacker-Choice-1")))
                .isInstanceOf(ExpiredCodeException.class);
        assertThatThrownBy(() -> pool.cognito.confirmForgotPassword(r -> r.clientId(client).username(alice)
                .confirmationCode(code).password("Attacker-Choice-1")))
                .isInstanceOf(CodeMismatchException.class);
        assertThat(pool.signIn(client, alice, "First-Choice-1").authenticationResult()).isNotNull();
    }

    @Test
    void codeReplayRacingTheOwnerLetsExactlyOneUseTheCode() throws Exception {
        MailedPool pool = MailedPool.create(backend);
        String client = pool.client();
        String alice = uniqueName("alice");
        pool.confirmedUser(client, alice, email(alice));
        pool.cognito.forgotPassword(r -> r.clientId(client).username(alice));
        String code = code(newMailTo(email(alice), 1));

        List<Callable<CognitoIdentityProviderException>> uses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String password = "Racer-Number-" + i;
            uses.add(() -> refusal(() -> pool.cognito.confirmForgotPassword(r -> r.clientId(client).username(alice)
                    .confirmationCode(code).password(password))));
        }
        List<CognitoIdentityProviderException> results = inParallel(uses);

        assertThat(results.stream().filter(e -> e == null).count()).isEqualTo(1);
        // The losers are refused, as a used code (or, when they lost the race for a guess, as spent guesses).
        assertThat(results.stream().filter(e -> e != null)).allMatch(e -> e instanceof CodeMismatchException
                || e instanceof TooManyFailedAttemptsException);
    }

    @Test
    void confirmingAnotherUsersAccountWithOnesOwnCodeFails() {
        MailedPool pool = MailedPool.create(backend);
        String client = pool.client();
        String attacker = uniqueName("attacker");
        String victim = uniqueName("victim");
        pool.signUp(client, attacker, email(attacker));
        pool.signUp(client, victim, "someone-else-" + email(victim));
        String attackersCode = MailedPool.codeMailedTo(email(attacker));

        assertThatThrownBy(() -> pool.cognito.confirmSignUp(r -> r.clientId(client).username(victim)
                .confirmationCode(attackersCode)))
                .isInstanceOf(CodeMismatchException.class);
        assertThat(pool.status(victim)).isEqualTo(UserStatusType.UNCONFIRMED);
        pool.cognito.confirmSignUp(r -> r.clientId(client).username(attacker).confirmationCode(attackersCode));
        assertThat(pool.status(victim)).isEqualTo(UserStatusType.UNCONFIRMED);
    }

    @Test
    void headerInjectionThroughAttributesIntoMailHeaders() throws Exception {
        MailedPool pool = MailedPool.create(backend, r -> r.emailVerificationSubject("Code for {username}\r\nBcc: attacker@evil.test")
                .emailVerificationMessage("Your code {####}"));
        String client = pool.client();
        String name = uniqueName("victim");
        int before = SMTP.getReceivedMessages().length;

        assertThatThrownBy(() -> pool.cognito.signUp(r -> r.clientId(client).username(uniqueName("inject")).password(PASSWORD)
                .userAttributes(a -> a.name("email").value("victim@example.com\r\nBcc: attacker@evil.test"))))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> pool.cognito.signUp(r -> r.clientId(client).username("inject\r\nBcc: attacker@evil.test")
                .password(PASSWORD).userAttributes(a -> a.name("email").value(email(name)))))
                .isInstanceOf(InvalidParameterException.class);

        pool.signUp(client, name, email(name));
        MimeMessage mail = newMailTo(email(name), 0);

        assertThat(mail.getSubject()).doesNotContain("\r", "\n");
        assertThat(mail.getHeader("Bcc")).isNull();
        assertThat(mailsTo("attacker@evil.test")).isEmpty();
        // Exactly one copy was delivered: an injected Bcc would have made GreenMail deliver a second.
        SMTP.waitForIncomingEmail(200, before + 2);
        assertThat(SMTP.getReceivedMessages().length - before).isEqualTo(1);
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

    /** The exception the call ended with, or null when it succeeded. */
    private static CognitoIdentityProviderException refusal(Runnable call) {
        try {
            call.run();
            return null;
        } catch (CognitoIdentityProviderException e) {
            return e;
        }
    }

    private static <T> List<T> inParallel(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
