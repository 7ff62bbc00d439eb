package dev.cognate.admin.auth;

import static dev.cognate.admin.auth.SignInPool.PASSWORD;
import static dev.cognate.admin.auth.SignInPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cognate.testing.Backend;
import dev.cognate.testing.MovableClock;
import dev.cognate.testing.SrpTestClient;
import dev.cognate.testing.TestServer;
import dev.cognate.testing.TotpTestCodes;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.EnableSoftwareTokenMfaException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExpiredCodeException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SoftwareTokenMfaNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyRequestsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifySoftwareTokenResponseType;

/**
 * TOTP as the second factor through the AWS SDK: association and verification, the user's
 * preference (theirs and the admin's), SOFTWARE_TOKEN_MFA after a password or an SRP proof,
 * MFA_SETUP in a pool where MFA is ON, and the attacks (a code replayed in its window, an MFA
 * session used twice, a challenge answered for another user, guessing codes). The node's clock
 * stands still unless the test moves it, so codes never straddle a step.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class SoftwareTokenMfaTest {
    private static final Map<Backend, TestServer> SERVERS = new EnumMap<>(Backend.class);
    private static final Map<Backend, MovableClock> CLOCKS = new EnumMap<>(Backend.class);

    @Parameter
    Backend backend;

    MovableClock clock;
    SignInPool pool;
    String clientId;

    @BeforeEach
    void createPool() {
        synchronized (SERVERS) {
            // the real time, to the start of a 30-second step plus 10 s (SigV4 wants the node's clock near the caller's)
            CLOCKS.computeIfAbsent(backend, b -> new MovableClock(
                    Instant.ofEpochSecond(Instant.now().getEpochSecond() / 30 * 30 + 10)));
            clock = CLOCKS.get(backend);
            SERVERS.computeIfAbsent(backend, b -> TestServer.startWith(b, clock));
        }
        pool = SignInPool.on(SERVERS.get(backend), r -> { });
        clientId = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH,
                ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)).clientId();
    }

    @AfterAll
    static void stopServers() {
        synchronized (SERVERS) {
            SERVERS.values().forEach(TestServer::close);
            SERVERS.clear();
            CLOCKS.clear();
        }
    }

    String code(String secret, int stepsFromNow) {
        return TotpTestCodes.at(secret, clock.instant().plus(Duration.ofSeconds(30L * stepsFromNow)));
    }

    /** A confirmed user with TOTP verified (with the previous step's code) and enabled; returns the secret. */
    String totpUser(String username) {
        pool.confirmedUser(username);
        String accessToken = pool.tokens(clientId, username).accessToken();
        String secret = pool.cognito.associateSoftwareToken(r -> r.accessToken(accessToken)).secretCode();
        assertThat(secret).matches("[A-Z2-7]{32}");
        assertThat(pool.cognito.verifySoftwareToken(r -> r.accessToken(accessToken).userCode(code(secret, -1))
                .friendlyDeviceName("phone")).status()).isEqualTo(VerifySoftwareTokenResponseType.SUCCESS);
        pool.cognito.setUserMFAPreference(r -> r.accessToken(accessToken)
                .softwareTokenMfaSettings(s -> s.enabled(true).preferredMfa(true)));
        return secret;
    }

    RespondToAuthChallengeResponse answer(String session, String username, String code) {
        return pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.SOFTWARE_TOKEN_MFA).session(session)
                .challengeResponses(Map.of("USERNAME", username, "SOFTWARE_TOKEN_MFA_CODE", code)));
    }

    @Test
    void aPasswordSignInOfAUserWithTotpAsksForTheCodeThenGivesTokens() throws Exception {
        String alice = uniqueName("alice");
        String secret = totpUser(alice);
        InitiateAuthResponse challenge = pool.signIn(clientId, alice, PASSWORD);
        assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.SOFTWARE_TOKEN_MFA);
        assertThat(challenge.authenticationResult()).isNull();
        assertThat(challenge.session()).isNotBlank();
        RespondToAuthChallengeResponse signedIn = answer(challenge.session(), alice, code(secret, 0));
        assertThat(pool.verify(signedIn.authenticationResult().idToken()).getStringClaim("cognito:username"))
                .isEqualTo(alice);
        var user = pool.cognito.getUser(r -> r.accessToken(signedIn.authenticationResult().accessToken()));
        assertThat(user.userMFASettingList()).containsExactly("SOFTWARE_TOKEN_MFA");
        assertThat(user.preferredMfaSetting()).isEqualTo("SOFTWARE_TOKEN_MFA");
        var adminView = pool.cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(alice));
        assertThat(adminView.userMFASettingList()).containsExactly("SOFTWARE_TOKEN_MFA");
    }

    @Test
    void anAdminDeletesTheTokenOfAUserWhoLostTheirAuthenticatorAndTheNextSignInAsksForNoCode() {
        String alice = uniqueName("alice");
        totpUser(alice);
        assertThat(pool.signIn(clientId, alice, PASSWORD).challengeName()).isEqualTo(ChallengeNameType.SOFTWARE_TOKEN_MFA);
        pool.cognito.adminDeleteSoftwareToken(r -> r.userPoolId(pool.poolId).username(alice));
        String accessToken = pool.signIn(clientId, alice, PASSWORD).authenticationResult().accessToken();
        assertThat(pool.cognito.getUser(r -> r.accessToken(accessToken)).userMFASettingList()).isNullOrEmpty();
        assertThatThrownBy(() -> pool.cognito.adminDeleteSoftwareToken(r -> r.userPoolId(pool.poolId).username(alice)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(pool.cognito.associateSoftwareToken(r -> r.accessToken(accessToken)).secretCode())
                .as("a new authenticator can be set up").isNotBlank();
    }

    @Test
    void anSrpSignInOfAUserWithTotpAsksForTheCodeAfterPasswordVerifier() throws Exception {
        String alice = uniqueName("alice");
        String secret = totpUser(alice);
        SrpTestClient srp = new SrpTestClient();
        InitiateAuthResponse verifier = pool.cognito.initiateAuth(r -> r.clientId(clientId)
                .authFlow(AuthFlowType.USER_SRP_AUTH).authParameters(Map.of("USERNAME", alice, "SRP_A", srp.srpA())));
        RespondToAuthChallengeResponse mfa = pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.PASSWORD_VERIFIER).challengeResponses(srp.claim(pool.poolId, PASSWORD,
                        verifier.challengeParameters(), SrpTestClient.timestamp(clock.instant()))));
        assertThat(mfa.challengeName()).isEqualTo(ChallengeNameType.SOFTWARE_TOKEN_MFA);
        assertThat(answer(mfa.session(), alice, code(secret, 0)).authenticationResult().accessToken()).isNotBlank();
    }

    @Test
    void aUserWithoutTotpEnabledIsNotAsked() {
        String bob = pool.confirmedUser(uniqueName("bob"));
        String accessToken = pool.tokens(clientId, bob).accessToken();
        String secret = pool.cognito.associateSoftwareToken(r -> r.accessToken(accessToken)).secretCode();
        pool.cognito.verifySoftwareToken(r -> r.accessToken(accessToken).userCode(code(secret, 0)));
        assertThat(pool.signIn(clientId, bob, PASSWORD).authenticationResult()).as("verified, not enabled").isNotNull();
        pool.cognito.adminSetUserMFAPreference(r -> r.userPoolId(pool.poolId).username(bob)
                .softwareTokenMfaSettings(s -> s.enabled(true)));
        assertThat(pool.signIn(clientId, bob, PASSWORD).challengeName()).isEqualTo(ChallengeNameType.SOFTWARE_TOKEN_MFA);
        pool.cognito.adminSetUserMFAPreference(r -> r.userPoolId(pool.poolId).username(bob)
                .softwareTokenMfaSettings(s -> s.enabled(false)));
        assertThat(pool.signIn(clientId, bob, PASSWORD).authenticationResult()).as("disabled again").isNotNull();
    }

    @Test
    void enablingTotpBeforeVerifyingItIsRefused() {
        String carol = pool.confirmedUser(uniqueName("carol"));
        String accessToken = pool.tokens(clientId, carol).accessToken();
        pool.cognito.associateSoftwareToken(r -> r.accessToken(accessToken));
        assertThatThrownBy(() -> pool.cognito.setUserMFAPreference(r -> r.accessToken(accessToken)
                .softwareTokenMfaSettings(s -> s.enabled(true))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("User has not verified software token mfa");
        assertThatThrownBy(() -> pool.cognito.verifySoftwareToken(r -> r.accessToken(accessToken).userCode("000000")))
                .isInstanceOf(EnableSoftwareTokenMfaException.class);
    }

    @Test
    void aWrongCodeIsACodeMismatch() {
        String alice = uniqueName("alice");
        String secret = totpUser(alice);
        String session = pool.signIn(clientId, alice, PASSWORD).session();
        String wrong = code(secret, 0).equals("123456") ? "654321" : "123456";
        assertThatThrownBy(() -> answer(session, alice, wrong)).isInstanceOf(CodeMismatchException.class)
                .hasMessageStartingWith("Invalid code received for user");
        assertThat(answer(session, alice, code(secret, 0)).authenticationResult()).as("the session survives a typo")
                .isNotNull();
    }

    @Test
    void totpReplayWithinItsWindowIsRefused() {
        String alice = uniqueName("alice");
        String secret = totpUser(alice);
        String used = code(secret, 0);
        assertThat(answer(pool.signIn(clientId, alice, PASSWORD).session(), alice, used).authenticationResult()).isNotNull();
        String again = pool.signIn(clientId, alice, PASSWORD).session();
        assertThatThrownBy(() -> answer(again, alice, used)).isInstanceOf(ExpiredCodeException.class)
                .hasMessageStartingWith("Your software token has already been used once.");
        assertThatThrownBy(() -> answer(again, alice, code(secret, -1))).as("nor an older step")
                .isInstanceOf(ExpiredCodeException.class);
    }

    @Test
    void mfaSessionReuseIsRefused() {
        String alice = uniqueName("alice");
        String secret = totpUser(alice);
        String session = pool.signIn(clientId, alice, PASSWORD).session();
        assertThat(answer(session, alice, code(secret, 0)).authenticationResult()).isNotNull();
        assertThatThrownBy(() -> answer(session, alice, code(secret, 1)))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Invalid session for the user, session is expired.");
    }

    @Test
    void anMfaSessionExpires() {
        String alice = uniqueName("alice");
        String secret = totpUser(alice);
        String session = pool.signIn(clientId, alice, PASSWORD).session();
        clock.advance(Duration.ofMinutes(4));
        assertThatThrownBy(() -> answer(session, alice, code(secret, 0)))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Invalid session for the user, session is expired.");
    }

    @Test
    void aChallengeAnsweredForAnotherUserIsRefused() {
        String alice = uniqueName("alice");
        totpUser(alice);
        String mallory = uniqueName("mallory");
        String mallorySecret = totpUser(mallory);
        String alicesSession = pool.signIn(clientId, alice, PASSWORD).session();
        assertThatThrownBy(() -> answer(alicesSession, mallory, code(mallorySecret, 0)))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Invalid session for the user, session is expired.");
        assertThatThrownBy(() -> answer(alicesSession, alice, code(mallorySecret, 0))).as("mallory's code for alice")
                .isInstanceOf(CodeMismatchException.class);
    }

    @Test
    void guessingCodesIsThrottledLikeGuessingPasswords() {
        String alice = uniqueName("alice");
        String secret = totpUser(alice);
        String session = pool.signIn(clientId, alice, PASSWORD).session();
        TooManyRequestsException throttled = null;
        for (int guess = 0; guess < SignInAttacksTest.MAX_GUESSES && throttled == null; guess++) {
            String wrong = String.format("%06d", guess);
            if (wrong.equals(code(secret, 0)) || wrong.equals(code(secret, 1)) || wrong.equals(code(secret, -1))) {
                continue;
            }
            CognitoIdentityProviderException e = catchThrowableOfType(CognitoIdentityProviderException.class,
                    () -> answer(session, alice, wrong));
            if (e instanceof TooManyRequestsException tooMany) {
                throttled = tooMany;
            } else {
                assertThat(e).isInstanceOf(CodeMismatchException.class);
            }
        }
        assertThat(throttled).isNotNull();
        assertThatThrownBy(() -> answer(session, alice, code(secret, 0))).as("even the right code waits")
                .isInstanceOf(TooManyRequestsException.class);
        String fresh = pool.signIn(clientId, alice, PASSWORD).session();
        assertThatThrownBy(() -> answer(fresh, alice, "999999")).as("the right password gives no fresh guesses")
                .isInstanceOf(TooManyRequestsException.class);
    }

    @Test
    void inAPoolWithMfaOnAUserSetsTotpUpDuringSignIn() throws Exception {
        pool = SignInPool.on(SERVERS.get(backend), r -> r.mfaConfiguration(UserPoolMfaType.ON));
        clientId = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH)).clientId();
        String dave = pool.confirmedUser(uniqueName("dave"));
        InitiateAuthResponse setup = pool.signIn(clientId, dave, PASSWORD);
        assertThat(setup.challengeName()).isEqualTo(ChallengeNameType.MFA_SETUP);
        assertThat(setup.challengeParameters()).containsEntry("MFAS_CAN_SETUP", "[\"SOFTWARE_TOKEN_MFA\"]");

        var associated = pool.cognito.associateSoftwareToken(r -> r.session(setup.session()));
        assertThatThrownBy(() -> pool.cognito.associateSoftwareToken(r -> r.session(setup.session())))
                .as("the set-up session is used once").isInstanceOf(NotAuthorizedException.class);
        String typo = code(associated.secretCode(), 0).equals("111111") ? "222222" : "111111";
        assertThatThrownBy(() -> pool.cognito.verifySoftwareToken(r -> r.session(associated.session()).userCode(typo)))
                .isInstanceOf(EnableSoftwareTokenMfaException.class);
        var verified = pool.cognito.verifySoftwareToken(r -> r.session(associated.session())
                .userCode(code(associated.secretCode(), 0)));
        assertThat(verified.status()).isEqualTo(VerifySoftwareTokenResponseType.SUCCESS);
        var signedIn = pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.MFA_SETUP).session(verified.session())
                .challengeResponses(Map.of("USERNAME", dave)));
        assertThat(pool.verify(signedIn.authenticationResult().idToken()).getStringClaim("cognito:username"))
                .isEqualTo(dave);
        assertThatThrownBy(() -> pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.MFA_SETUP).session(verified.session())
                .challengeResponses(Map.of("USERNAME", dave)))).isInstanceOf(NotAuthorizedException.class);

        InitiateAuthResponse next = pool.signIn(clientId, dave, PASSWORD);
        assertThat(next.challengeName()).isEqualTo(ChallengeNameType.SOFTWARE_TOKEN_MFA);
        assertThat(answer(next.session(), dave, code(associated.secretCode(), 1)).authenticationResult()).isNotNull();
    }

    @Test
    void anMfaSetupSessionOfADeletedUserCannotEnrolOrSignInTheRecreatedUser() {
        pool = SignInPool.on(SERVERS.get(backend), r -> r.mfaConfiguration(UserPoolMfaType.ON));
        clientId = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH)).clientId();
        String dave = pool.confirmedUser(uniqueName("dave"));
        String unused = pool.signIn(clientId, dave, PASSWORD).session();
        var associated = pool.cognito.associateSoftwareToken(
                r -> r.session(pool.signIn(clientId, dave, PASSWORD).session()));
        var toVerify = pool.cognito.associateSoftwareToken(
                r -> r.session(pool.signIn(clientId, dave, PASSWORD).session()));
        var verified = pool.cognito.verifySoftwareToken(r -> r.session(toVerify.session())
                .userCode(code(toVerify.secretCode(), 0)));
        String associatedSession = associated.session();
        String secret = associated.secretCode();

        pool.cognito.adminDeleteUser(r -> r.userPoolId(pool.poolId).username(dave));
        pool.cognito.adminCreateUser(r -> r.userPoolId(pool.poolId).username(dave).temporaryPassword("Others-Temporary-9")
                .messageAction(MessageActionType.SUPPRESS));
        pool.cognito.adminSetUserPassword(r -> r.userPoolId(pool.poolId).username(dave).password("Others-Password-9")
                .permanent(true));

        assertThatThrownBy(() -> pool.cognito.associateSoftwareToken(r -> r.session(unused)))
                .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Invalid session for the user");
        assertThatThrownBy(() -> pool.cognito.verifySoftwareToken(r -> r.session(associatedSession)
                .userCode(code(secret, 0)))).isInstanceOf(NotAuthorizedException.class);
        assertThatThrownBy(() -> pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.MFA_SETUP).session(verified.session())
                .challengeResponses(Map.of("USERNAME", dave))))
                .as("no tokens of the recreated user without their password")
                .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Invalid session for the user");
        assertThat(pool.cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(dave)).userMFASettingList())
                .isNullOrEmpty();
        assertThat(pool.signIn(clientId, dave, "Others-Password-9").challengeName())
                .as("the recreated user still sets up their own factor").isEqualTo(ChallengeNameType.MFA_SETUP);
    }

    @Test
    void anMfaSessionOfADeletedUserDoesNotSignInTheRecreatedUser() {
        String alice = uniqueName("alice");
        totpUser(alice);
        String session = pool.signIn(clientId, alice, PASSWORD).session();
        pool.cognito.adminDeleteUser(r -> r.userPoolId(pool.poolId).username(alice));
        String secret = totpUser(alice);
        assertThatThrownBy(() -> answer(session, alice, code(secret, 0)))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Invalid session for the user, session is expired.");
    }

    @Test
    void aPoolWhoseFactorsLeaveSoftwareTokensOutRefusesToAssociateOrVerifyAKey() {
        pool.cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId).mfaConfiguration(UserPoolMfaType.OPTIONAL)
                .emailMfaConfiguration(e -> e.subject("Your code").message("Sign in with {####} now.")));
        String erin = pool.confirmedUser(uniqueName("erin"));
        String accessToken = pool.tokens(clientId, erin).accessToken();
        assertThatThrownBy(() -> pool.cognito.associateSoftwareToken(r -> r.accessToken(accessToken)))
                .isInstanceOf(SoftwareTokenMfaNotFoundException.class)
                .hasMessageContaining("Software Token MFA has not been enabled by the userPool.");
        assertThatThrownBy(() -> pool.cognito.verifySoftwareToken(r -> r.accessToken(accessToken).userCode("123456")))
                .isInstanceOf(SoftwareTokenMfaNotFoundException.class);

        pool.cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId).mfaConfiguration(UserPoolMfaType.OFF));
        assertThatThrownBy(() -> pool.cognito.associateSoftwareToken(r -> r.accessToken(accessToken)))
                .as("MFA turned off").isInstanceOf(SoftwareTokenMfaNotFoundException.class);

        pool.cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId).mfaConfiguration(UserPoolMfaType.OPTIONAL)
                .softwareTokenMfaConfiguration(s -> s.enabled(true)));
        assertThat(pool.cognito.associateSoftwareToken(r -> r.accessToken(accessToken)).secretCode())
                .matches("[A-Z2-7]{32}");
    }

    @Test
    void aPoolRequiringMfaWithTextMessagesOnlyStillSetsUpAnAuthenticatorApp() {
        pool = SignInPool.on(SERVERS.get(backend), r -> { });
        clientId = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH)).clientId();
        pool.cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId).mfaConfiguration(UserPoolMfaType.ON)
                .smsMfaConfiguration(s -> s.smsAuthenticationMessage("Your code is {####}")
                        .smsConfiguration(c -> c.snsCallerArn("arn:aws:iam::000000000000:role/sns-caller"))));
        String finn = pool.confirmedUser(uniqueName("finn"));
        InitiateAuthResponse setup = pool.signIn(clientId, finn, PASSWORD);
        assertThat(setup.challengeName()).isEqualTo(ChallengeNameType.MFA_SETUP);
        assertThat(setup.challengeParameters()).containsEntry("MFAS_CAN_SETUP", "[\"SOFTWARE_TOKEN_MFA\"]");

        var associated = pool.cognito.associateSoftwareToken(r -> r.session(setup.session()));
        var verified = pool.cognito.verifySoftwareToken(r -> r.session(associated.session())
                .userCode(code(associated.secretCode(), 0)));
        assertThat(verified.status()).isEqualTo(VerifySoftwareTokenResponseType.SUCCESS);
    }
}
