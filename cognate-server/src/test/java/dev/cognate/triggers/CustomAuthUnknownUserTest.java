package dev.cognate.triggers;

import static dev.cognate.triggers.TriggerFixture.json;
import static dev.cognate.triggers.TriggerFixture.respond;
import static dev.cognate.triggers.TriggerFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognate.testing.SrpTestClient;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PreventUserExistenceErrorTypes;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;

/**
 * CUSTOM_AUTH for a name no user has. With PreventUserExistenceErrors ENABLED Cognito asks the
 * functions with {@code request.userNotFound: true} so they can pose a decoy challenge, and the
 * app cannot tell the difference; with LEGACY it answers UserNotFoundException.
 */
class CustomAuthUnknownUserTest {
    final TriggerFixture f = TriggerFixture.shared();

    /** Functions that pose the same question to anyone, as Cognito recommends, and judge every answer honestly. */
    CustomAuthTest.Functions sameForEveryone() {
        return new CustomAuthTest.Functions(f.lambda.function(unique("define"), CustomAuthTest::define),
                f.lambda.function(unique("create"), event -> respond(event, """
                        {"publicChallengeParameters": {"question": "6 x 7"}, "privateChallengeParameters": {"answer": "42"},
                         "challengeMetadata": "MATH"}""")),
                f.lambda.function(unique("verify"), event -> respond(event, "{\"answerCorrect\": %s}".formatted(
                        event.path("request").path("challengeAnswer").asText().equals("42")))));
    }

    String pool(CustomAuthTest.Functions fn) {
        return f.pool(t -> t.defineAuthChallenge(fn.define()).createAuthChallenge(fn.create())
                .verifyAuthChallengeResponse(fn.verify()));
    }

    String client(String poolId, PreventUserExistenceErrorTypes prevent) {
        return f.cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("custom").explicitAuthFlows(
                ExplicitAuthFlowsType.ALLOW_CUSTOM_AUTH, ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH,
                ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH).preventUserExistenceErrors(prevent)).userPoolClient().clientId();
    }

    @Test
    void anUnknownNameIsAskedAboutWithUserNotFoundAndNoAttributes() {
        CustomAuthTest.Functions fn = sameForEveryone();
        String poolId = pool(fn);
        String clientId = client(poolId, PreventUserExistenceErrorTypes.ENABLED);
        String ghost = unique("ghost");

        InitiateAuthResponse challenge = begin(clientId, ghost);

        assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.CUSTOM_CHALLENGE);
        assertThat(challenge.challengeParameters()).isEqualTo(Map.of("question", "6 x 7", "USERNAME", ghost));
        assertThat(f.lambda.onlyEventOf(fn.define())).isEqualTo(json("""
                {"version": "1", "triggerSource": "DefineAuthChallenge_Authentication", "region": "us-east-1",
                 "userPoolId": "%s", "userName": "%s",
                 "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "%s"},
                 "request": {"userAttributes": {}, "session": [], "clientMetadata": {}, "userNotFound": true},
                 "response": {"challengeName": null, "issueTokens": null, "failAuthentication": null}}"""
                .formatted(poolId, ghost, clientId)));
        JsonNode create = f.lambda.onlyEventOf(fn.create()).path("request");
        assertThat(create.path("userNotFound").asBoolean()).isTrue();
        assertThat(create.path("userAttributes")).isEqualTo(json("{}"));

        RespondToAuthChallengeResponse again = answer(clientId, ghost, challenge.session(), "41");
        assertThat(again.challengeName()).isEqualTo(ChallengeNameType.CUSTOM_CHALLENGE);
        assertThat(again.challengeParameters()).containsEntry("USERNAME", ghost);
    }

    @Test
    void customAuthNeverIssuesTokensForANameNoUserHas() {
        CustomAuthTest.Functions fn = sameForEveryone();
        String poolId = pool(fn);
        String clientId = client(poolId, PreventUserExistenceErrorTypes.ENABLED);
        String ghost = unique("ghost");
        InitiateAuthResponse challenge = begin(clientId, ghost);

        // the decoy is answered right and DefineAuthChallenge says issueTokens: still no one to sign in
        assertThatThrownBy(() -> answer(clientId, ghost, challenge.session(), "42"))
                .isInstanceOfSatisfying(NotAuthorizedException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Incorrect username or password."));
        JsonNode verify = f.lambda.onlyEventOf(fn.verify()).path("request");
        assertThat(verify.path("userNotFound").asBoolean()).isTrue();
        assertThat(f.lambda.invocationsOf(fn.define()).getLast().event().path("request").path("userNotFound").asBoolean())
                .isTrue();
    }

    @Test
    void customAuthDoesNotRevealWhetherAUserExists() {
        CustomAuthTest.Functions fn = sameForEveryone();
        String poolId = pool(fn);
        String clientId = client(poolId, PreventUserExistenceErrorTypes.ENABLED);
        String real = f.confirmedUser(poolId, unique("real"));
        String ghost = unique("ghost");

        InitiateAuthResponse forReal = begin(clientId, real);
        InitiateAuthResponse forGhost = begin(clientId, ghost);

        assertThat(forGhost.challengeName()).isEqualTo(forReal.challengeName());
        assertThat(forGhost.challengeParameters().keySet()).isEqualTo(forReal.challengeParameters().keySet());
        RespondToAuthChallengeResponse realAgain = answer(clientId, real, forReal.session(), "41");
        RespondToAuthChallengeResponse ghostAgain = answer(clientId, ghost, forGhost.session(), "41");
        assertThat(ghostAgain.challengeName()).isEqualTo(realAgain.challengeName());
        assertThat(ghostAgain.challengeParameters().keySet()).isEqualTo(realAgain.challengeParameters().keySet());
        String realMessage = refusal(clientId, real, answer(clientId, real, realAgain.session(), "40").session());
        String ghostMessage = refusal(clientId, ghost, answer(clientId, ghost, ghostAgain.session(), "40").session());
        assertThat(ghostMessage).isEqualTo(realMessage).isEqualTo("Incorrect username or password.");
        // the user's events say userNotFound false: the functions, not the app, learn the difference
        assertThat(f.lambda.invocationsOf(fn.define()).stream().map(i -> i.event().path("request").path("userNotFound"))
                .distinct().map(JsonNode::asBoolean)).containsExactlyInAnyOrder(true, false);
    }

    @Test
    void anUnknownNamesSessionCannotSignInARealUser() {
        CustomAuthTest.Functions fn = sameForEveryone();
        String poolId = pool(fn);
        String clientId = client(poolId, PreventUserExistenceErrorTypes.ENABLED);
        String real = f.confirmedUser(poolId, unique("real"));
        InitiateAuthResponse forGhost = begin(clientId, unique("ghost"));

        assertThatThrownBy(() -> answer(clientId, real, forGhost.session(), "42")).isInstanceOf(NotAuthorizedException.class);
        assertThat(f.lambda.invocationsOf(fn.verify())).isEmpty();
    }

    @Test
    void srpAFirstForAnUnknownNameGetsADecoyVerifierAndEndsAtThePassword() {
        CustomAuthTest.Functions fn = sameForEveryone();
        String poolId = pool(fn);
        String clientId = client(poolId, PreventUserExistenceErrorTypes.ENABLED);
        String ghost = unique("ghost");
        SrpTestClient srp = new SrpTestClient();

        InitiateAuthResponse verifier = f.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.CUSTOM_AUTH)
                .authParameters(Map.of("USERNAME", ghost, "SRP_A", srp.srpA(), "CHALLENGE_NAME", "SRP_A")));

        assertThat(verifier.challengeName()).isEqualTo(ChallengeNameType.PASSWORD_VERIFIER);
        assertThat(verifier.challengeParameters()).containsKeys("SALT", "SECRET_BLOCK", "SRP_B", "USER_ID_FOR_SRP");
        assertThat(f.lambda.onlyEventOf(fn.define()).path("request").path("userNotFound").asBoolean()).isTrue();
        assertThatThrownBy(() -> f.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.PASSWORD_VERIFIER).session(verifier.session())
                .challengeResponses(srp.claim(poolId, TriggerFixture.PASSWORD, verifier.challengeParameters()))))
                .isInstanceOfSatisfying(NotAuthorizedException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Incorrect username or password."));
        assertThat(f.lambda.invocationsOf(fn.create())).isEmpty();
    }

    @Test
    void withLegacyErrorsAnUnknownNameIsUserNotFoundAndNoFunctionIsAsked() {
        CustomAuthTest.Functions fn = sameForEveryone();
        String poolId = pool(fn);
        String clientId = client(poolId, PreventUserExistenceErrorTypes.LEGACY);
        String real = f.confirmedUser(poolId, unique("real"));

        assertThatThrownBy(() -> begin(clientId, unique("ghost"))).isInstanceOf(UserNotFoundException.class);
        assertThat(f.lambda.invocationsOf(fn.define())).isEmpty();

        begin(clientId, real);
        // userNotFound is populated only where PreventUserExistenceErrors is ENABLED
        assertThat(f.lambda.onlyEventOf(fn.define()).path("request").has("userNotFound")).isFalse();
        assertThat(f.lambda.onlyEventOf(fn.create()).path("request").has("userNotFound")).isFalse();
    }

    private InitiateAuthResponse begin(String clientId, String username) {
        return f.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.CUSTOM_AUTH)
                .authParameters(Map.of("USERNAME", username)));
    }

    private String refusal(String clientId, String username, String session) {
        try {
            answer(clientId, username, session, "39");
        } catch (NotAuthorizedException e) {
            return e.awsErrorDetails().errorMessage();
        }
        throw new AssertionError("the third wrong answer was not refused");
    }

    private RespondToAuthChallengeResponse answer(String clientId, String username, String session, String answer) {
        Map<String, String> responses = new HashMap<>(Map.of("USERNAME", username, "ANSWER", answer));
        return f.cognito.respondToAuthChallenge(r -> r.clientId(clientId).challengeName(ChallengeNameType.CUSTOM_CHALLENGE)
                .session(session).challengeResponses(responses));
    }
}
