package dev.cognate.admin.auth;

import static dev.cognate.admin.auth.SignInPool.PASSWORD;
import static dev.cognate.admin.auth.SignInPool.TEMPORARY_PASSWORD;
import static dev.cognate.admin.auth.SignInPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.cognate.testing.Backend;
import dev.cognate.testing.SrpTestClient;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminInitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;

/**
 * USER_SRP_AUTH through the AWS SDK for Java v2 with a Java SRP client ({@link SrpTestClient}):
 * InitiateAuth and AdminInitiateAuth, the PASSWORD_VERIFIER answer, NEW_PASSWORD_REQUIRED after
 * it, and the verifier following every way a password is set.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class SrpSignInTest {
    @Parameter
    Backend backend;

    SignInPool pool;
    String clientId;

    @BeforeEach
    void createPool() {
        pool = SignInPool.create(backend);
        clientId = srpClient(false).clientId();
    }

    UserPoolClientType srpClient(boolean secret) {
        return pool.client(r -> r.generateSecret(secret).explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH,
                ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH));
    }

    InitiateAuthResponse begin(SrpTestClient srp, String username) {
        return pool.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_SRP_AUTH)
                .authParameters(Map.of("USERNAME", username, "SRP_A", srp.srpA())));
    }

    RespondToAuthChallengeResponse signIn(String username, String password) {
        SrpTestClient srp = new SrpTestClient();
        InitiateAuthResponse challenge = begin(srp, username);
        return pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.PASSWORD_VERIFIER).session(challenge.session())
                .challengeResponses(srp.claim(pool.poolId, password, challenge.challengeParameters())));
    }

    @Test
    void srpSignInAnswersPasswordVerifierThenTokensAnAppVerifies() throws Exception {
        String alice = pool.confirmedUser(uniqueName("alice"));
        SrpTestClient srp = new SrpTestClient();
        InitiateAuthResponse challenge = begin(srp, alice);
        assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.PASSWORD_VERIFIER);
        assertThat(challenge.challengeParameters()).containsOnlyKeys("SALT", "SECRET_BLOCK", "SRP_B", "USERNAME",
                "USER_ID_FOR_SRP").containsEntry("USER_ID_FOR_SRP", alice).containsEntry("USERNAME", alice);
        assertThat(challenge.authenticationResult()).isNull();

        RespondToAuthChallengeResponse signedIn = pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.PASSWORD_VERIFIER)
                .challengeResponses(srp.claim(pool.poolId, PASSWORD, challenge.challengeParameters())));
        JWTClaimsSet id = pool.verify(signedIn.authenticationResult().idToken());
        assertThat(id.getStringClaim("cognito:username")).isEqualTo(alice);
        assertThat(id.getAudience()).containsExactly(clientId);
        JWTClaimsSet access = pool.verify(signedIn.authenticationResult().accessToken());
        assertThat(access.getStringClaim("client_id")).isEqualTo(clientId);
        assertThat(pool.refresh(clientId, signedIn.authenticationResult().refreshToken()).authenticationResult()
                .accessToken()).isNotBlank();
    }

    @Test
    void adminInitiateAuthTakesUserSrpAuthToo() throws Exception {
        String alice = pool.confirmedUser(uniqueName("alice"));
        SrpTestClient srp = new SrpTestClient();
        AdminInitiateAuthResponse challenge = pool.cognito.adminInitiateAuth(r -> r.userPoolId(pool.poolId)
                .clientId(clientId).authFlow(AuthFlowType.USER_SRP_AUTH)
                .authParameters(Map.of("USERNAME", alice, "SRP_A", srp.srpA())));
        assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.PASSWORD_VERIFIER);
        var signedIn = pool.cognito.adminRespondToAuthChallenge(r -> r.userPoolId(pool.poolId).clientId(clientId)
                .challengeName(ChallengeNameType.PASSWORD_VERIFIER)
                .challengeResponses(srp.claim(pool.poolId, PASSWORD, challenge.challengeParameters())));
        assertThat(pool.verify(signedIn.authenticationResult().idToken()).getStringClaim("cognito:username"))
                .isEqualTo(alice);
    }

    @Test
    void aWrongPasswordReadsLikeOneThroughUserPasswordAuth() {
        String alice = pool.confirmedUser(uniqueName("alice"));
        assertThatThrownBy(() -> signIn(alice, "Wrong-Password-1"))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Incorrect username or password.");
    }

    @Test
    void anUnknownUserGetsAChallengeThatReadsLikeARealOneAndTheSameRefusal() {
        String nobody = uniqueName("nobody");
        InitiateAuthResponse first = begin(new SrpTestClient(), nobody);
        InitiateAuthResponse second = begin(new SrpTestClient(), nobody);
        assertThat(first.challengeName()).isEqualTo(ChallengeNameType.PASSWORD_VERIFIER);
        assertThat(first.challengeParameters().get("SALT")).as("the same salt every time, like a real user's")
                .isEqualTo(second.challengeParameters().get("SALT"));
        assertThatThrownBy(() -> signIn(nobody, PASSWORD))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Incorrect username or password.");
    }

    @Test
    void aTemporaryPasswordLeadsToNewPasswordRequiredWhoseAnswerSetsTheSrpVerifier() {
        String bob = pool.newUser(uniqueName("bob"));
        RespondToAuthChallengeResponse required = signIn(bob, TEMPORARY_PASSWORD);
        assertThat(required.challengeName()).isEqualTo(ChallengeNameType.NEW_PASSWORD_REQUIRED);
        var answered = pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.NEW_PASSWORD_REQUIRED).session(required.session())
                .challengeResponses(Map.of("USERNAME", bob, "NEW_PASSWORD", "Brand-New-Pass-2")));
        assertThat(answered.authenticationResult().accessToken()).isNotBlank();

        assertThat(signIn(bob, "Brand-New-Pass-2").authenticationResult().accessToken()).isNotBlank();
        assertThatThrownBy(() -> signIn(bob, TEMPORARY_PASSWORD)).isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void adminSetUserPasswordReplacesTheVerifier() {
        String alice = pool.confirmedUser(uniqueName("alice"));
        pool.cognito.adminSetUserPassword(r -> r.userPoolId(pool.poolId).username(alice).password("Second-Pass-3")
                .permanent(true));
        assertThat(signIn(alice, "Second-Pass-3").authenticationResult().accessToken()).isNotBlank();
        assertThatThrownBy(() -> signIn(alice, PASSWORD)).isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void aUserWhosePasswordPredatesSrpGetsItsVerifierAtItsNextPasswordSignIn() {
        String carol = pool.confirmedUser(uniqueName("carol"));
        pool.server.server().database().jdbi().useHandle(h -> h.createUpdate(
                "DELETE FROM srp_verifiers WHERE pool_id = :pool AND username = :username")
                .bind("pool", pool.poolId).bind("username", carol).execute());
        assertThatThrownBy(() -> signIn(carol, PASSWORD))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Incorrect username or password.");

        assertThat(pool.tokens(clientId, carol).accessToken()).isNotBlank();
        assertThat(signIn(carol, PASSWORD).authenticationResult().accessToken()).isNotBlank();
    }

    @Test
    void aClientWithASecretSendsSecretHashWithBothSteps() throws Exception {
        String alice = pool.confirmedUser(uniqueName("alice"));
        UserPoolClientType client = srpClient(true);
        String hash = SignInPool.secretHash(client.clientSecret(), alice, client.clientId());
        SrpTestClient srp = new SrpTestClient();
        assertThatThrownBy(() -> pool.cognito.initiateAuth(r -> r.clientId(client.clientId())
                .authFlow(AuthFlowType.USER_SRP_AUTH).authParameters(Map.of("USERNAME", alice, "SRP_A", srp.srpA()))))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("is configured with secret but SECRET_HASH was not received");
        InitiateAuthResponse challenge = pool.cognito.initiateAuth(r -> r.clientId(client.clientId())
                .authFlow(AuthFlowType.USER_SRP_AUTH)
                .authParameters(Map.of("USERNAME", alice, "SRP_A", srp.srpA(), "SECRET_HASH", hash)));
        Map<String, String> claim = new HashMap<>(srp.claim(pool.poolId, PASSWORD, challenge.challengeParameters()));
        claim.put("SECRET_HASH", hash);
        assertThat(pool.cognito.respondToAuthChallenge(r -> r.clientId(client.clientId())
                .challengeName(ChallengeNameType.PASSWORD_VERIFIER).challengeResponses(claim))
                .authenticationResult().idToken()).isNotBlank();
    }

    @Test
    void aClientWithoutUserSrpAuthIsRefused() {
        String passwordOnly = pool.publicClient();
        assertThatThrownBy(() -> pool.cognito.initiateAuth(r -> r.clientId(passwordOnly)
                .authFlow(AuthFlowType.USER_SRP_AUTH)
                .authParameters(Map.of("USERNAME", "anyone", "SRP_A", new SrpTestClient().srpA()))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("USER_SRP_AUTH flow not enabled for this client");
    }
}
