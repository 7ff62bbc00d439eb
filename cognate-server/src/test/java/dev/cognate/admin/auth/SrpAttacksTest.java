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
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyRequestsException;

/** The attacks on USER_SRP_AUTH, each test named after the attack it turns away. */
@ParameterizedClass
@EnumSource(Backend.class)
class SrpAttacksTest {
    @Parameter
    Backend backend;

    SignInPool pool;
    String clientId;
    String alice;

    @BeforeEach
    void createPool() {
        pool = SignInPool.create(backend);
        clientId = srpClient();
        alice = pool.confirmedUser(uniqueName("alice"));
    }

    String srpClient() {
        return pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH,
                ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH)).clientId();
    }

    Map<String, String> challenge(String client, String username, String srpA) {
        return pool.cognito.initiateAuth(r -> r.clientId(client).authFlow(AuthFlowType.USER_SRP_AUTH)
                .authParameters(Map.of("USERNAME", username, "SRP_A", srpA))).challengeParameters();
    }

    RespondToAuthChallengeResponse answer(String client, Map<String, String> claim) {
        return pool.cognito.respondToAuthChallenge(r -> r.clientId(client)
                .challengeName(ChallengeNameType.PASSWORD_VERIFIER).challengeResponses(claim));
    }

    void refusedLikeAWrongPassword(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Incorrect username or password.");
    }

    @Test
    void srpWithAZeroPublicValueIsRefused() {
        assertThatThrownBy(() -> challenge(clientId, alice, "0")).isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("Invalid SRP_A value.");
    }

    @Test
    void srpWithAEqualToNIsRefused() {
        assertThatThrownBy(() -> challenge(clientId, alice, SrpTestClient.multipleOfN(1)))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void srpWithAEqualTo2NIsRefused() {
        assertThatThrownBy(() -> challenge(clientId, alice, SrpTestClient.multipleOfN(2)))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void srpWithAPublicValueThatIsNotHexIsRefusedWithoutA500() {
        assertThatThrownBy(() -> challenge(clientId, alice, "-12zz")).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> challenge(clientId, alice, "f".repeat(5000))).isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void aTamperedSecretBlockIsRefused() {
        SrpTestClient srp = new SrpTestClient();
        Map<String, String> challenge = new HashMap<>(challenge(clientId, alice, srp.srpA()));
        byte[] block = Base64.getDecoder().decode(challenge.get("SECRET_BLOCK"));
        block[block.length / 2] ^= 1;
        challenge.put("SECRET_BLOCK", Base64.getEncoder().encodeToString(block));
        refusedLikeAWrongPassword(() -> answer(clientId, srp.claim(pool.poolId, PASSWORD, challenge)));
    }

    @Test
    void aSecretBlockThatIsNotBase64IsRefused() {
        SrpTestClient srp = new SrpTestClient();
        Map<String, String> claim = new HashMap<>(srp.claim(pool.poolId, PASSWORD, challenge(clientId, alice, srp.srpA())));
        claim.put("PASSWORD_CLAIM_SECRET_BLOCK", "%%% not base64 %%%");
        refusedLikeAWrongPassword(() -> answer(clientId, claim));
    }

    @Test
    void aClaimForAnotherUserIsRefused() {
        String mallory = pool.confirmedUser(uniqueName("mallory"));
        SrpTestClient srp = new SrpTestClient();
        Map<String, String> claim = new HashMap<>(srp.claim(pool.poolId, PASSWORD, challenge(clientId, mallory, srp.srpA())));
        claim.put("USERNAME", alice);
        refusedLikeAWrongPassword(() -> answer(clientId, claim));
        assertThat(answer(clientId, srp.claim(pool.poolId, PASSWORD, challenge(clientId, mallory, srp.srpA())))
                .authenticationResult()).as("mallory's own claim").isNotNull();
    }

    @Test
    void aSecretBlockIssuedToAnotherClientIsRefused() {
        String otherClient = srpClient();
        SrpTestClient srp = new SrpTestClient();
        Map<String, String> claim = srp.claim(pool.poolId, PASSWORD, challenge(clientId, alice, srp.srpA()));
        refusedLikeAWrongPassword(() -> answer(otherClient, claim));
    }

    @Test
    void aTimestampFarInThePastIsRefused() {
        SrpTestClient srp = new SrpTestClient();
        String stale = SrpTestClient.timestamp(Instant.now().minus(Duration.ofMinutes(20)));
        refusedLikeAWrongPassword(() -> answer(clientId,
                srp.claim(pool.poolId, PASSWORD, challenge(clientId, alice, srp.srpA()), stale)));
    }

    @Test
    void aTimestampFarInTheFutureIsRefused() {
        SrpTestClient srp = new SrpTestClient();
        String ahead = SrpTestClient.timestamp(Instant.now().plus(Duration.ofMinutes(20)));
        refusedLikeAWrongPassword(() -> answer(clientId,
                srp.claim(pool.poolId, PASSWORD, challenge(clientId, alice, srp.srpA()), ahead)));
    }

    @Test
    void aTimestampInAnotherFormatIsRefused() {
        SrpTestClient srp = new SrpTestClient();
        refusedLikeAWrongPassword(() -> answer(clientId,
                srp.claim(pool.poolId, PASSWORD, challenge(clientId, alice, srp.srpA()), Instant.now().toString())));
    }

    @Test
    void bruteForceOfWrongClaimsIsThrottledLikeWrongPasswords() {
        // The server's clock stands still, so the lockout cannot run out while a slow machine
        // computes the next claim (each costs 3072-bit exponentiations on both sides).
        try (TestServer server = TestServer.startWith(backend, new MovableClock(Instant.now()))) {
            pool = SignInPool.on(server, r -> { });
            clientId = srpClient();
            alice = pool.confirmedUser(uniqueName("alice"));
            guessClaimsUntilThrottled();
        }
    }

    private void guessClaimsUntilThrottled() {
        TooManyRequestsException throttled = null;
        int guesses = 0;
        while (throttled == null && guesses < SignInAttacksTest.MAX_GUESSES) {
            guesses++;
            SrpTestClient srp = new SrpTestClient();
            Map<String, String> claim = srp.claim(pool.poolId, "Guess-Password-" + guesses,
                    challenge(clientId, alice, srp.srpA()));
            CognitoIdentityProviderException e = catchThrowableOfType(CognitoIdentityProviderException.class,
                    () -> answer(clientId, claim));
            if (e instanceof TooManyRequestsException tooMany) {
                throttled = tooMany;
            } else {
                assertThat(e).isInstanceOf(NotAuthorizedException.class);
            }
        }
        assertThat(throttled).as("throttled within " + SignInAttacksTest.MAX_GUESSES + " guesses").isNotNull();
        assertThat(guesses).isGreaterThan(5);
        assertThat(throttled.awsErrorDetails().errorMessage())
                .matches("Too many failed sign-in attempts\\. Try again in \\d+ seconds?\\.");
        SrpTestClient srp = new SrpTestClient();
        Map<String, String> right = srp.claim(pool.poolId, PASSWORD, challenge(clientId, alice, srp.srpA()));
        assertThatThrownBy(() -> answer(clientId, right)).as("the right claim waits too")
                .isInstanceOf(TooManyRequestsException.class);
        assertThatThrownBy(() -> pool.signIn(clientId, alice, PASSWORD)).as("and so does the password")
                .isInstanceOf(TooManyRequestsException.class);
    }
}
