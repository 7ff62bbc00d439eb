package dev.cognate.admin.auth;

import static dev.cognate.admin.auth.SignInPool.PASSWORD;
import static dev.cognate.admin.auth.SignInPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import dev.cognate.testing.MovableClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFactorType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExpiredCodeException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType;

/**
 * The attacks on e-mail codes and the sessions of choice-based and MFA sign-ins, each named
 * after the attack: a session answered twice, a session answered for another user, guessing a
 * code, replaying a used code, a code used after it expired.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class ChoiceSignInAttacksTest {
    @Parameter
    Backend backend;

    MovableClock clock;
    SignInPool pool;
    String clientId;

    @BeforeEach
    void createPool() {
        clock = MailedSignIns.clock(backend);
        pool = SignInPool.on(MailedSignIns.server(backend), r -> r.policies(p -> p.signInPolicy(s -> s
                .allowedFirstAuthFactors(AuthFactorType.PASSWORD, AuthFactorType.EMAIL_OTP))));
        clientId = pool.client(r -> r.authSessionValidity(15).explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_AUTH,
                ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)).clientId();
        pool.cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId).mfaConfiguration(UserPoolMfaType.OPTIONAL)
                .emailMfaConfiguration(e -> e.subject("Your code").message("Your code is {####}.")));
    }

    static String email(String username) {
        return username + "@example.com";
    }

    /** A USER_AUTH EMAIL_OTP challenge for the user, and the code mailed for it. */
    record Challenge(InitiateAuthResponse response, String code) {}

    Challenge emailCodeChallenge(String username) {
        int seen = MailedSignIns.mailsTo(email(username)).size();
        InitiateAuthResponse challenge = pool.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_AUTH)
                .authParameters(Map.of("USERNAME", username, "PREFERRED_CHALLENGE", "EMAIL_OTP")));
        return new Challenge(challenge, MailedSignIns.nextCode(email(username), seen));
    }

    RespondToAuthChallengeResponse answer(String session, String username, String code) {
        return pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId).challengeName(ChallengeNameType.EMAIL_OTP)
                .session(session).challengeResponses(Map.of("USERNAME", username, "EMAIL_OTP_CODE", code)));
    }

    static String wrong(String code) {
        return code.equals("00000000") ? "11111111" : "00000000";
    }

    @Test
    void emailOtpSessionReuseIsRefused() {
        String alice = pool.confirmedUser(uniqueName("alice"));
        Challenge challenge = emailCodeChallenge(alice);
        assertThat(answer(challenge.response().session(), alice, challenge.code()).authenticationResult()).isNotNull();
        // the answered session again, with the code of a later sign-in
        Challenge later = emailCodeChallenge(alice);
        assertThatThrownBy(() -> answer(challenge.response().session(), alice, later.code()))
                .isInstanceOf(NotAuthorizedException.class);
        assertThat(answer(later.response().session(), alice, later.code()).authenticationResult()).isNotNull();
    }

    @Test
    void mfaSessionReuseIsRefused() {
        String alice = pool.confirmedUser(uniqueName("alice"));
        pool.cognito.adminSetUserMFAPreference(r -> r.userPoolId(pool.poolId).username(alice)
                .emailMfaSettings(e -> e.enabled(true).preferredMfa(true)));
        int seen = MailedSignIns.mailsTo(email(alice)).size();
        InitiateAuthResponse challenge = pool.signIn(clientId, alice, PASSWORD);
        assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.EMAIL_OTP);
        String code = MailedSignIns.nextCode(email(alice), seen);
        assertThat(answer(challenge.session(), alice, code).authenticationResult()).isNotNull();
        // a second sign-in's fresh code with the first sign-in's session
        int again = MailedSignIns.mailsTo(email(alice)).size();
        pool.signIn(clientId, alice, PASSWORD);
        String next = MailedSignIns.nextCode(email(alice), again);
        assertThatThrownBy(() -> answer(challenge.session(), alice, next)).isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void aUserWithMfaOnCannotSignInWithAnEmailedCodeAlone() {
        String alice = pool.confirmedUser(uniqueName("alice"));
        Challenge before = emailCodeChallenge(alice);
        pool.cognito.adminSetUserMFAPreference(r -> r.userPoolId(pool.poolId).username(alice)
                .emailMfaSettings(e -> e.enabled(true).preferredMfa(true)));
        assertThatThrownBy(() -> answer(before.response().session(), alice, before.code()))
                .as("a code sent before MFA was turned on").isInstanceOf(NotAuthorizedException.class);
        InitiateAuthResponse now = pool.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_AUTH)
                .authParameters(Map.of("USERNAME", alice, "PREFERRED_CHALLENGE", "EMAIL_OTP")));
        assertThat(now.challengeName()).isEqualTo(ChallengeNameType.SELECT_CHALLENGE);
        assertThat(now.availableChallengesAsStrings()).containsExactly("PASSWORD", "PASSWORD_SRP");
    }

    @Test
    void selectChallengeSessionReuseIsRefused() {
        String alice = pool.confirmedUser(uniqueName("alice"));
        InitiateAuthResponse select = pool.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_AUTH)
                .authParameters(Map.of("USERNAME", alice)));
        var selectAnswer = Map.of("USERNAME", alice, "ANSWER", "PASSWORD", "PASSWORD", PASSWORD);
        assertThat(pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.SELECT_CHALLENGE).session(select.session())
                .challengeResponses(selectAnswer)).authenticationResult()).isNotNull();
        assertThatThrownBy(() -> pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.SELECT_CHALLENGE).session(select.session())
                .challengeResponses(selectAnswer))).isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void aChallengeAnsweredForAnotherUserIsRefused() {
        String alice = pool.confirmedUser(uniqueName("alice"));
        String bob = pool.confirmedUser(uniqueName("bob"));
        Challenge alices = emailCodeChallenge(alice);
        Challenge bobs = emailCodeChallenge(bob);
        // Alice's session with Bob's name and Bob's code: refused, and Bob's code stays unused
        assertThatThrownBy(() -> answer(alices.response().session(), bob, bobs.code()))
                .isInstanceOf(NotAuthorizedException.class);
        assertThat(answer(bobs.response().session(), bob, bobs.code()).authenticationResult()).isNotNull();
    }

    @Test
    void aSelectChallengeAnsweredForAnotherUserIsRefused() {
        String alice = pool.confirmedUser(uniqueName("alice"));
        String bob = pool.confirmedUser(uniqueName("bob"));
        InitiateAuthResponse select = pool.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_AUTH)
                .authParameters(Map.of("USERNAME", alice)));
        assertThatThrownBy(() -> pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.SELECT_CHALLENGE).session(select.session())
                .challengeResponses(Map.of("USERNAME", bob, "ANSWER", "PASSWORD", "PASSWORD", PASSWORD))))
                .isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void emailOtpBruteForceIsThrottled() {
        String alice = pool.confirmedUser(uniqueName("alice"));
        Challenge challenge = emailCodeChallenge(alice);
        String session = challenge.response().session();
        for (int guess = 0; guess < 5; guess++) {
            assertThatThrownBy(() -> answer(session, alice, wrong(challenge.code())))
                    .isInstanceOf(CodeMismatchException.class);
        }
        // the code's guesses are used up: even the right code no longer signs in
        assertThatThrownBy(() -> answer(session, alice, challenge.code())).isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void emailOtpMailBombingIsLimitedAndTheLimitIsAnsweredAsIfMailed() throws Exception {
        String alice = pool.confirmedUser(uniqueName("alice"));
        for (int sent = 0; sent < 5; sent++) {
            emailCodeChallenge(alice);
        }
        int seen = MailedSignIns.mailsTo(email(alice)).size();

        // a name without a user is never limited: a limit answered as such would tell who exists
        InitiateAuthResponse sixth = pool.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_AUTH)
                .authParameters(Map.of("USERNAME", alice, "PREFERRED_CHALLENGE", "EMAIL_OTP")));

        assertThat(sixth.challengeName()).isEqualTo(ChallengeNameType.EMAIL_OTP);
        assertThat(sixth.challengeParameters()).containsEntry("CODE_DELIVERY_DESTINATION", "a***@e***");
        // mail goes out in order: once a reset code has arrived, a sixth sign-in code would have too
        String signInSubject = MailedSignIns.mailsTo(email(alice)).get(seen - 1).getSubject();
        pool.cognito.adminResetUserPassword(r -> r.userPoolId(pool.poolId).username(alice));
        assertThat(MailedSignIns.newMailTo(email(alice), seen).getSubject()).as("the next mail is the reset code's")
                .isNotEqualTo(signInSubject);
    }

    @Test
    void emailOtpReplayIsRefused() {
        String alice = pool.confirmedUser(uniqueName("alice"));
        Challenge first = emailCodeChallenge(alice);
        assertThat(answer(first.response().session(), alice, first.code()).authenticationResult()).isNotNull();
        // the used code in a new sign-in's session
        InitiateAuthResponse second = pool.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_AUTH)
                .authParameters(Map.of("USERNAME", alice, "PREFERRED_CHALLENGE", "EMAIL_OTP")));
        assertThatThrownBy(() -> answer(second.session(), alice, first.code())).isInstanceOf(CodeMismatchException.class);
    }

    @Test
    void anExpiredEmailOtpIsRefused() {
        String alice = pool.confirmedUser(uniqueName("alice"));
        Challenge challenge = emailCodeChallenge(alice);
        clock.advance(Duration.ofMinutes(3).plusSeconds(1));
        assertThatThrownBy(() -> answer(challenge.response().session(), alice, challenge.code()))
                .isInstanceOf(ExpiredCodeException.class);
    }

    @Test
    void anEmailCodeDoesNotSkipANewPasswordRequired() {
        String carol = pool.newUser(uniqueName("carol"));
        int seen = MailedSignIns.mailsTo(email(carol)).size();
        InitiateAuthResponse challenge = pool.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_AUTH)
                .authParameters(Map.of("USERNAME", carol, "PREFERRED_CHALLENGE", "EMAIL_OTP")));
        assertThat(challenge.challengeName()).as("answered like anyone's, but nothing is sent")
                .isEqualTo(ChallengeNameType.EMAIL_OTP);
        // answered as a wrong code is, so the answer does not tell a user who got no code from one who did
        assertThatThrownBy(() -> answer(challenge.session(), carol, "12345678")).isInstanceOf(CodeMismatchException.class);
        assertThat(MailedSignIns.mailsTo(email(carol))).hasSize(seen);
    }

    @Test
    void aCodeFromAnotherUsersMailSignsNobodyIn() {
        String alice = pool.confirmedUser(uniqueName("alice"));
        String bob = pool.confirmedUser(uniqueName("bob"));
        Challenge alices = emailCodeChallenge(alice);
        Challenge bobs = emailCodeChallenge(bob);
        if (!alices.code().equals(bobs.code())) {
            assertThatThrownBy(() -> answer(alices.response().session(), alice, bobs.code()))
                    .isInstanceOf(CodeMismatchException.class);
        }
    }

    @Test
    void theDecoyAddressOfANameWithoutAUserDoesNotChangeWithTheNamesCaseWhereCaseDoesNotCount() {
        SignInPool insensitive = SignInPool.on(MailedSignIns.server(backend), r -> r
                .usernameConfiguration(c -> c.caseSensitive(false))
                .policies(p -> p.signInPolicy(s -> s.allowedFirstAuthFactors(AuthFactorType.PASSWORD, AuthFactorType.EMAIL_OTP))));
        String client = insensitive.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_AUTH)).clientId();
        String nobody = "nobody-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        // a user's "Alice" and "alice" show one address; a name without a user must too, or two asks tell them apart
        Map<String, String> lower = insensitive.cognito.initiateAuth(r -> r.clientId(client).authFlow(AuthFlowType.USER_AUTH)
                .authParameters(Map.of("USERNAME", nobody, "PREFERRED_CHALLENGE", "EMAIL_OTP"))).challengeParameters();
        Map<String, String> upper = insensitive.cognito.initiateAuth(r -> r.clientId(client).authFlow(AuthFlowType.USER_AUTH)
                .authParameters(Map.of("USERNAME", nobody.toUpperCase(java.util.Locale.ROOT), "PREFERRED_CHALLENGE",
                        "EMAIL_OTP"))).challengeParameters();
        assertThat(upper.get("CODE_DELIVERY_DESTINATION")).isEqualTo(lower.get("CODE_DELIVERY_DESTINATION"))
                .matches(".\\*\\*\\*@.\\*\\*\\*");
    }
}
