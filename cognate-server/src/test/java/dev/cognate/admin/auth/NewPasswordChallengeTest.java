package dev.cognate.admin.auth;

import static dev.cognate.admin.auth.SignInPool.PASSWORD;
import static dev.cognate.admin.auth.SignInPool.TEMPORARY_PASSWORD;
import static dev.cognate.admin.auth.SignInPool.secretHash;
import static dev.cognate.admin.auth.SignInPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.cognate.testing.Backend;
import dev.cognate.testing.RawAdminRequest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminInitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminRespondToAuthChallengeResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidPasswordException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;

/** NEW_PASSWORD_REQUIRED through the AWS SDK: the challenge, its answer, and the sessions it refuses. */
@ParameterizedClass
@EnumSource(Backend.class)
class NewPasswordChallengeTest {
    static final String NEW_PASSWORD = "Brand-New-Pass-2";

    @Parameter
    Backend backend;

    SignInPool pool;
    String clientId;
    String bob;

    @BeforeEach
    void createPool() {
        pool = SignInPool.create(backend);
        clientId = pool.publicClient();
        bob = pool.newUser(uniqueName("bob"));
    }

    private RespondToAuthChallengeResponse respond(String client, String session, Map<String, String> responses) {
        return pool.cognito.respondToAuthChallenge(r -> r.clientId(client).challengeName(ChallengeNameType.NEW_PASSWORD_REQUIRED)
                .session(session).challengeResponses(responses));
    }

    @Test
    void theTemporaryPasswordLeadsToTheChallengeWithCognitosParameters() throws Exception {
        InitiateAuthResponse challenge = pool.signIn(clientId, bob, TEMPORARY_PASSWORD);

        assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.NEW_PASSWORD_REQUIRED);
        assertThat(challenge.session()).hasSizeBetween(20, 2048);
        assertThat(challenge.authenticationResult()).isNull();
        assertThat(challenge.challengeParameters()).containsEntry("USER_ID_FOR_SRP", bob)
                .containsEntry("requiredAttributes", "[]");
        JsonNode attributes = new ObjectMapper().readTree(challenge.challengeParameters().get("userAttributes"));
        assertThat(attributes.get("email").asText()).isEqualTo(bob + "@example.com");
        assertThat(attributes.get("email_verified").asText()).isEqualTo("true");
    }

    @Test
    void answeringWithAPasswordThatBreaksThePolicyIsRefusedAndTheSessionStaysUsable() throws Exception {
        String session = pool.signIn(clientId, bob, TEMPORARY_PASSWORD).session();

        assertThatThrownBy(() -> respond(clientId, session, Map.of("USERNAME", bob, "NEW_PASSWORD", "short")))
                .isInstanceOf(InvalidPasswordException.class)
                .hasMessageStartingWith("Password did not conform with policy: Password not long enough");
        assertThatThrownBy(() -> respond(clientId, session, Map.of("USERNAME", bob, "NEW_PASSWORD", "no-uppercase-1")))
                .isInstanceOf(InvalidPasswordException.class)
                .hasMessageStartingWith("Password did not conform with policy: Password must have uppercase characters");

        RespondToAuthChallengeResponse signedIn = respond(clientId, session, Map.of("USERNAME", bob, "NEW_PASSWORD", NEW_PASSWORD));
        assertThat(signedIn.challengeNameAsString()).isNull();
        JWTClaimsSet access = pool.verify(signedIn.authenticationResult().accessToken());
        assertThat(access.getStringClaim("username")).isEqualTo(bob);
        assertThat(access.getStringClaim("scope").split(" ")).contains("aws.cognito.signin.user.admin");
        assertThat(pool.verify(signedIn.authenticationResult().idToken()).getAudience()).containsExactly(clientId);
        assertThat(signedIn.authenticationResult().refreshToken()).isNotBlank();
    }

    @Test
    void afterTheAnswerTheUserIsConfirmedAndSignsInWithTheNewPasswordOnly() {
        String session = pool.signIn(clientId, bob, TEMPORARY_PASSWORD).session();
        respond(clientId, session, Map.of("USERNAME", bob, "NEW_PASSWORD", NEW_PASSWORD));

        assertThat(pool.cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(bob)).userStatus())
                .isEqualTo(UserStatusType.CONFIRMED);
        assertThat(pool.signIn(clientId, bob, NEW_PASSWORD).authenticationResult().accessToken()).isNotBlank();
        assertThatThrownBy(() -> pool.signIn(clientId, bob, TEMPORARY_PASSWORD))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Incorrect username or password.");
    }

    @Test
    void aNewPasswordChallengeOfADeletedUserDoesNotSetTheRecreatedUsersPassword() {
        String session = pool.signIn(clientId, bob, TEMPORARY_PASSWORD).session();
        pool.cognito.adminDeleteUser(r -> r.userPoolId(pool.poolId).username(bob));
        String othersTemporary = "Others-Temporary-9";
        pool.cognito.adminCreateUser(r -> r.userPoolId(pool.poolId).username(bob).temporaryPassword(othersTemporary)
                .messageAction(MessageActionType.SUPPRESS));

        assertThatThrownBy(() -> respond(clientId, session, Map.of("USERNAME", bob, "NEW_PASSWORD", NEW_PASSWORD)))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Invalid session for the user");
        assertThat(pool.cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(bob)).userStatus())
                .isEqualTo(UserStatusType.FORCE_CHANGE_PASSWORD);
        assertThatThrownBy(() -> pool.signIn(clientId, bob, NEW_PASSWORD)).as("the old session's password is not theirs")
                .isInstanceOf(NotAuthorizedException.class);
        assertThat(pool.signIn(clientId, bob, othersTemporary).challengeName())
                .isEqualTo(ChallengeNameType.NEW_PASSWORD_REQUIRED);
    }

    @Test
    void theSdkSendsRespondToAuthChallengeUnsignedAndItNeedsNoSignature() {
        String session = pool.signIn(clientId, bob, TEMPORARY_PASSWORD).session();
        RawAdminRequest.Response response = RawAdminRequest.to(pool.server, "RespondToAuthChallenge").unsigned()
                .body("""
                        {"ClientId":"%s","ChallengeName":"NEW_PASSWORD_REQUIRED","Session":"%s",
                         "ChallengeResponses":{"USERNAME":"%s","NEW_PASSWORD":"%s"}}"""
                        .formatted(clientId, session, bob, NEW_PASSWORD))
                .send();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("\"AuthenticationResult\"", "\"AccessToken\"");
    }

    @Test
    void adminInitiateAuthAndAdminRespondToAuthChallengeRunTheSameChallenge() throws Exception {
        AdminInitiateAuthResponse challenge = pool.cognito.adminInitiateAuth(r -> r.userPoolId(pool.poolId).clientId(clientId)
                .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH).authParameters(Map.of("USERNAME", bob, "PASSWORD", TEMPORARY_PASSWORD)));
        assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.NEW_PASSWORD_REQUIRED);

        AdminRespondToAuthChallengeResponse signedIn = pool.cognito.adminRespondToAuthChallenge(r -> r.userPoolId(pool.poolId)
                .clientId(clientId).challengeName(ChallengeNameType.NEW_PASSWORD_REQUIRED).session(challenge.session())
                .challengeResponses(Map.of("USERNAME", bob, "NEW_PASSWORD", NEW_PASSWORD)));
        assertThat(pool.verify(signedIn.authenticationResult().accessToken()).getStringClaim("username")).isEqualTo(bob);
    }

    @Test
    void aClientWithASecretAnswersWithTheSecretHash() throws Exception {
        UserPoolClientType client = pool.secretClient();
        String id = client.clientId();
        String hash = secretHash(client.clientSecret(), bob, id);
        String session = pool.cognito.initiateAuth(r -> r.clientId(id).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", bob, "PASSWORD", TEMPORARY_PASSWORD, "SECRET_HASH", hash))).session();

        assertThatThrownBy(() -> respond(id, session, Map.of("USERNAME", bob, "NEW_PASSWORD", NEW_PASSWORD)))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Client " + id + " is configured with secret but SECRET_HASH was not received");
        assertThat(respond(id, session, Map.of("USERNAME", bob, "NEW_PASSWORD", NEW_PASSWORD, "SECRET_HASH", hash))
                .authenticationResult().accessToken()).isNotBlank();
    }

    @Test
    void missingResponsesAreNamed() {
        String session = pool.signIn(clientId, bob, TEMPORARY_PASSWORD).session();
        assertThatThrownBy(() -> respond(clientId, session, Map.of("USERNAME", bob)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("Missing required parameter NEW_PASSWORD");
        assertThatThrownBy(() -> respond(clientId, session, Map.of("NEW_PASSWORD", NEW_PASSWORD)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("Missing required parameter USERNAME");
    }

    @Test
    void otherChallengesAreNotSupportedYet() {
        String session = pool.signIn(clientId, bob, TEMPORARY_PASSWORD).session();
        assertThatThrownBy(() -> pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.ADMIN_NO_SRP_AUTH).session(session)
                .challengeResponses(Map.of("USERNAME", bob, "PASSWORD", "Any-Password-1"))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("ADMIN_NO_SRP_AUTH challenge is not supported yet");
    }

    @Test
    void aNewPasswordSessionDoesNotAnswerATextedCode() {
        String session = pool.signIn(clientId, bob, TEMPORARY_PASSWORD).session();
        assertThatThrownBy(() -> pool.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.SMS_MFA).session(session)
                .challengeResponses(Map.of("USERNAME", bob, "SMS_MFA_CODE", "123456"))))
                .isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void aForgedSessionIsRefused() {
        assertThatThrownBy(() -> respond(clientId, "A".repeat(200), Map.of("USERNAME", bob, "NEW_PASSWORD", NEW_PASSWORD)))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Invalid session for the user, session is expired.");
    }

    @Test
    void aSessionIssuedToAnotherClientIsRefused() {
        String session = pool.signIn(clientId, bob, TEMPORARY_PASSWORD).session();
        String otherClient = pool.publicClient();
        assertThatThrownBy(() -> respond(otherClient, session, Map.of("USERNAME", bob, "NEW_PASSWORD", NEW_PASSWORD)))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Invalid session for the user, session is expired.");
    }

    @Test
    void aSessionAnsweredForAnotherUserIsRefused() {
        String carol = pool.newUser(uniqueName("carol"));
        String session = pool.signIn(clientId, bob, TEMPORARY_PASSWORD).session();
        assertThatThrownBy(() -> respond(clientId, session, Map.of("USERNAME", carol, "NEW_PASSWORD", NEW_PASSWORD)))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Invalid session for the user, session is expired.");
        assertThat(pool.cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(carol)).userStatus())
                .isEqualTo(UserStatusType.FORCE_CHANGE_PASSWORD);
    }

    @Test
    void anAnsweredSessionCannotBeReplayedToSetAnotherPassword() {
        String session = pool.signIn(clientId, bob, TEMPORARY_PASSWORD).session();
        respond(clientId, session, Map.of("USERNAME", bob, "NEW_PASSWORD", NEW_PASSWORD));

        assertThatThrownBy(() -> respond(clientId, session, Map.of("USERNAME", bob, "NEW_PASSWORD", "Attacker-Pass-9")))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Invalid session for the user, session is expired.");
        assertThat(pool.signIn(clientId, bob, NEW_PASSWORD).authenticationResult()).isNotNull();
    }

    @Test
    void aConfirmedUsersSignInNeverOffersTheChallenge() {
        String alice = pool.confirmedUser(uniqueName("alice"));
        assertThat(pool.signIn(clientId, alice, PASSWORD).challengeNameAsString()).isNull();
    }
}
