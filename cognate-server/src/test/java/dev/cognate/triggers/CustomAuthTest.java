package dev.cognate.triggers;

import static dev.cognate.triggers.TriggerFixture.PASSWORD;
import static dev.cognate.triggers.TriggerFixture.json;
import static dev.cognate.triggers.TriggerFixture.respond;
import static dev.cognate.triggers.TriggerFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognate.testing.LambdaEndpoint;
import dev.cognate.testing.SrpTestClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NewDeviceMetadataType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserLambdaValidationException;

/**
 * CUSTOM_AUTH with DefineAuthChallenge, CreateAuthChallenge and VerifyAuthChallengeResponse
 * (the functions below follow Cognito's documented examples), with and without SRP_A first.
 */
class CustomAuthTest {
    final TriggerFixture f = TriggerFixture.shared();

    /** Cognito's example: SRP_A -> PASSWORD_VERIFIER -> CUSTOM_CHALLENGE -> tokens; three wrong answers fail. */
    static LambdaEndpoint.Answer define(ObjectNode event) {
        JsonNode session = event.path("request").path("session");
        JsonNode last = session.isEmpty() ? null : session.get(session.size() - 1);
        if (last == null) {
            return respond(event, "{\"challengeName\": \"CUSTOM_CHALLENGE\", \"issueTokens\": false, \"failAuthentication\": false}");
        }
        String name = last.path("challengeName").asText();
        boolean passed = last.path("challengeResult").asBoolean();
        if (name.equals("SRP_A")) {
            return respond(event, "{\"challengeName\": \"PASSWORD_VERIFIER\", \"issueTokens\": false, \"failAuthentication\": false}");
        }
        if (name.equals("PASSWORD_VERIFIER") && passed || name.equals("CUSTOM_CHALLENGE") && !passed && session.size() < 3) {
            return respond(event, "{\"challengeName\": \"CUSTOM_CHALLENGE\", \"issueTokens\": false, \"failAuthentication\": false}");
        }
        if (name.equals("CUSTOM_CHALLENGE") && passed) {
            return respond(event, "{\"issueTokens\": true, \"failAuthentication\": false}");
        }
        return respond(event, "{\"issueTokens\": false, \"failAuthentication\": true}");
    }

    record Functions(String define, String create, String verify) {}

    Functions functions() {
        return new Functions(f.lambda.function(unique("define"), CustomAuthTest::define),
                f.lambda.function(unique("create"), event -> respond(event, """
                        {"publicChallengeParameters": {"question": "6 x 7"}, "privateChallengeParameters": {"answer": "42"},
                         "challengeMetadata": "MATH"}""")),
                f.lambda.function(unique("verify"), event -> respond(event, "{\"answerCorrect\": %s}".formatted(
                        event.path("request").path("challengeAnswer").asText().equals(
                                event.path("request").path("privateChallengeParameters").path("answer").asText())))));
    }

    String pool(Functions fn) {
        return f.pool(t -> t.defineAuthChallenge(fn.define()).createAuthChallenge(fn.create())
                .verifyAuthChallengeResponse(fn.verify()));
    }

    String customClient(String poolId) {
        return f.cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("custom").explicitAuthFlows(
                ExplicitAuthFlowsType.ALLOW_CUSTOM_AUTH, ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH,
                ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)).userPoolClient().clientId();
    }

    @Test
    void customAuthAsksTheThreeTriggersWithTheDocumentedEventsAndIssuesTokens() {
        Functions fn = functions();
        String poolId = pool(fn);
        String clientId = customClient(poolId);
        String uma = f.confirmedUser(poolId, unique("uma"));
        String sub = f.sub(poolId, uma);

        InitiateAuthResponse challenge = f.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.CUSTOM_AUTH)
                .authParameters(Map.of("USERNAME", uma)).clientMetadata(Map.of("app", "kiosk")));

        assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.CUSTOM_CHALLENGE);
        assertThat(challenge.challengeParameters()).isEqualTo(Map.of("question", "6 x 7", "USERNAME", uma));
        assertThat(challenge.session()).isNotBlank();
        String attributes = """
                {"sub": "%s", "email": "%s@example.com", "email_verified": "true", "cognito:user_status": "CONFIRMED"}"""
                .formatted(sub, uma);
        String common = """
                "region": "us-east-1", "userPoolId": "%s", "userName": "%s",
                "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "%s"}""".formatted(poolId, uma, clientId);
        assertThat(f.lambda.onlyEventOf(fn.define())).isEqualTo(json("""
                {"version": "1", "triggerSource": "DefineAuthChallenge_Authentication", %s,
                 "request": {"userAttributes": %s, "session": [], "clientMetadata": {"app": "kiosk"}, "userNotFound": false},
                 "response": {"challengeName": null, "issueTokens": null, "failAuthentication": null}}"""
                .formatted(common, attributes)));
        assertThat(f.lambda.onlyEventOf(fn.create())).isEqualTo(json("""
                {"version": "1", "triggerSource": "CreateAuthChallenge_Authentication", %s,
                 "request": {"userAttributes": %s, "challengeName": "CUSTOM_CHALLENGE", "session": [],
                             "clientMetadata": {"app": "kiosk"}, "userNotFound": false},
                 "response": {"publicChallengeParameters": null, "privateChallengeParameters": null, "challengeMetadata": null}}"""
                .formatted(common, attributes)));

        RespondToAuthChallengeResponse tokens = answer(clientId, uma, challenge.session(), "42");

        assertThat(tokens.authenticationResult().accessToken()).isNotBlank();
        assertThat(f.lambda.onlyEventOf(fn.verify())).isEqualTo(json("""
                {"version": "1", "triggerSource": "VerifyAuthChallengeResponse_Authentication", %s,
                 "request": {"userAttributes": %s, "privateChallengeParameters": {"answer": "42"}, "challengeAnswer": "42",
                             "clientMetadata": {"step": "answer"}, "userNotFound": false},
                 "response": {"answerCorrect": null}}""".formatted(common, attributes)));
        assertThat(f.lambda.invocationsOf(fn.define()).getLast().event().path("request").path("session")).isEqualTo(json("""
                [{"challengeName": "CUSTOM_CHALLENGE", "challengeResult": true, "challengeMetadata": "MATH"}]"""));
    }

    @Test
    void customAuthIsPostAuthenticatedOnceItsChallengesArePassedAndNotBefore() {
        Functions fn = functions();
        String post = f.lambda.passThrough(unique("post-auth"));
        String poolId = f.pool(t -> t.defineAuthChallenge(fn.define()).createAuthChallenge(fn.create())
                .verifyAuthChallengeResponse(fn.verify()).postAuthentication(post));
        String clientId = customClient(poolId);
        String ike = f.confirmedUser(poolId, unique("ike"));
        String session = customSession(clientId, ike);
        RespondToAuthChallengeResponse again = answer(clientId, ike, session, "41");
        assertThat(f.lambda.invocationsOf(post)).isEmpty();

        answer(clientId, ike, again.session(), "42");

        JsonNode event = f.lambda.onlyEventOf(post);
        assertThat(event.path("triggerSource").asText()).isEqualTo("PostAuthentication_Authentication");
        assertThat(event.path("request").path("clientMetadata")).isEqualTo(json("{\"step\": \"answer\"}"));
    }

    @Test
    void aWrongAnswerIsAnotherChallengeAndTheFunctionEndsTheSignInAfterThree() {
        Functions fn = functions();
        String poolId = pool(fn);
        String clientId = customClient(poolId);
        String vic = f.confirmedUser(poolId, unique("vic"));
        String session = customSession(clientId, vic);

        RespondToAuthChallengeResponse again = answer(clientId, vic, session, "41");
        assertThat(again.challengeName()).isEqualTo(ChallengeNameType.CUSTOM_CHALLENGE);
        RespondToAuthChallengeResponse third = answer(clientId, vic, again.session(), "40");
        assertThatThrownBy(() -> answer(clientId, vic, third.session(), "39"))
                .isInstanceOfSatisfying(NotAuthorizedException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Incorrect username or password."));
        assertThat(f.lambda.invocationsOf(fn.define()).getLast().event().path("request").path("session").size()).isEqualTo(3);
    }

    @Test
    void customChallengeSessionReplayIsRefused() {
        Functions fn = functions();
        String poolId = pool(fn);
        String clientId = customClient(poolId);
        String wes = f.confirmedUser(poolId, unique("wes"));
        String session = customSession(clientId, wes);
        answer(clientId, wes, session, "42");

        assertThatThrownBy(() -> answer(clientId, wes, session, "42")).isInstanceOf(NotAuthorizedException.class);
        assertThat(f.lambda.invocationsOf(fn.verify())).hasSize(1);
    }

    @Test
    void aCustomChallengeOfADeletedUserDoesNotSignInTheUserCreatedAgainUnderTheSameName() {
        Functions fn = functions();
        String poolId = pool(fn);
        String clientId = customClient(poolId);
        String wes = f.confirmedUser(poolId, unique("wes"));
        String session = customSession(clientId, wes);
        f.cognito.adminDeleteUser(r -> r.userPoolId(poolId).username(wes));
        f.confirmedUser(poolId, wes);

        assertThatThrownBy(() -> answer(clientId, wes, session, "42"))
                .isInstanceOfSatisfying(NotAuthorizedException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .startsWith("Invalid session for the user"));
        assertThat(f.lambda.invocationsOf(fn.verify())).isEmpty();
    }

    @Test
    void aSessionIsBoundToItsClientAndItsUser() {
        Functions fn = functions();
        String poolId = pool(fn);
        String clientId = customClient(poolId);
        String otherClient = customClient(poolId);
        String xia = f.confirmedUser(poolId, unique("xia"));
        String yan = f.confirmedUser(poolId, unique("yan"));
        String session = customSession(clientId, xia);

        assertThatThrownBy(() -> answer(otherClient, xia, session, "42")).isInstanceOf(NotAuthorizedException.class);
        String second = customSession(clientId, xia);
        assertThatThrownBy(() -> answer(clientId, yan, second, "42")).isInstanceOf(NotAuthorizedException.class);
        assertThat(f.lambda.invocationsOf(fn.verify())).isEmpty();
    }

    @Test
    void srpAFirstProvesThePasswordThenTheCustomChallengesFollow() {
        Functions fn = functions();
        String poolId = pool(fn);
        String clientId = customClient(poolId);
        String zoe = f.confirmedUser(poolId, unique("zoe"));
        SrpTestClient srp = new SrpTestClient();

        InitiateAuthResponse verifier = f.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.CUSTOM_AUTH)
                .authParameters(Map.of("USERNAME", zoe, "SRP_A", srp.srpA(), "CHALLENGE_NAME", "SRP_A")));
        assertThat(verifier.challengeName()).isEqualTo(ChallengeNameType.PASSWORD_VERIFIER);
        assertThat(verifier.session()).isNotBlank();
        assertThat(f.lambda.onlyEventOf(fn.define()).path("request").path("session")).isEqualTo(json("""
                [{"challengeName": "SRP_A", "challengeResult": true, "challengeMetadata": null}]"""));

        RespondToAuthChallengeResponse custom = f.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.PASSWORD_VERIFIER).session(verifier.session())
                .challengeResponses(srp.claim(poolId, PASSWORD, verifier.challengeParameters())));
        assertThat(custom.challengeName()).isEqualTo(ChallengeNameType.CUSTOM_CHALLENGE);
        assertThat(answer(clientId, zoe, custom.session(), "42").authenticationResult().idToken()).isNotBlank();

        List<JsonNode> sessions = f.lambda.invocationsOf(fn.define()).stream()
                .map(i -> i.event().path("request").path("session")).toList();
        assertThat(sessions.getLast()).isEqualTo(json("""
                [{"challengeName": "SRP_A", "challengeResult": true, "challengeMetadata": null},
                 {"challengeName": "PASSWORD_VERIFIER", "challengeResult": true, "challengeMetadata": null},
                 {"challengeName": "CUSTOM_CHALLENGE", "challengeResult": true, "challengeMetadata": "MATH"}]"""));
    }

    @Test
    void aWrongPasswordAfterSrpAEndsTheSignInBeforeAnyCustomChallenge() {
        Functions fn = functions();
        String poolId = pool(fn);
        String clientId = customClient(poolId);
        String ada = f.confirmedUser(poolId, unique("ada"));
        SrpTestClient srp = new SrpTestClient();
        InitiateAuthResponse verifier = f.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.CUSTOM_AUTH)
                .authParameters(Map.of("USERNAME", ada, "SRP_A", srp.srpA(), "CHALLENGE_NAME", "SRP_A")));

        assertThatThrownBy(() -> f.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.PASSWORD_VERIFIER).session(verifier.session())
                .challengeResponses(srp.claim(poolId, "Wrong-Horse-9", verifier.challengeParameters()))))
                .isInstanceOf(NotAuthorizedException.class);
        assertThat(f.lambda.invocationsOf(fn.create())).isEmpty();
    }

    @Test
    void withoutDefineAuthChallengeCustomAuthIsCognitosInvalidParameter() {
        String poolId = f.pool(t -> {});
        String clientId = customClient(poolId);
        String bea = f.confirmedUser(poolId, unique("bea"));

        assertThatThrownBy(() -> f.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.CUSTOM_AUTH)
                .authParameters(Map.of("USERNAME", bea))))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Custom auth lambda trigger is not configured for the user pool."));
    }

    @Test
    void aDefineAuthChallengeErrorIsCognitosError() {
        String define = f.lambda.function(unique("define-error"), event ->
                new LambdaEndpoint.Answer.FunctionError("Error", "no challenges today"));
        String poolId = f.pool(t -> t.defineAuthChallenge(define));
        String clientId = customClient(poolId);
        String cy = f.confirmedUser(poolId, unique("cy"));

        assertThatThrownBy(() -> f.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.CUSTOM_AUTH)
                .authParameters(Map.of("USERNAME", cy))))
                .isInstanceOfSatisfying(UserLambdaValidationException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("DefineAuthChallenge failed with error no challenges today."));
    }

    /** The Session of a CUSTOM_AUTH sign-in begun for {@code username}. */
    private String customSession(String clientId, String username) {
        return f.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.CUSTOM_AUTH)
                .authParameters(Map.of("USERNAME", username))).session();
    }

    @Test
    void aCustomSignInNamingItsConfirmedDeviceProvesTheDeviceAndIsHandedNoNewOne() throws Exception {
        Functions fn = functions();
        String poolId = f.cognito.createUserPool(r -> r.poolName(unique("custom-devices"))
                .deviceConfiguration(d -> d.challengeRequiredOnNewDevice(true).deviceOnlyRememberedOnUserPrompt(false))
                .lambdaConfig(t -> t.defineAuthChallenge(fn.define()).createAuthChallenge(fn.create())
                        .verifyAuthChallengeResponse(fn.verify()))).userPool().id();
        String clientId = customClient(poolId);
        String uma = f.confirmedUser(poolId, unique("uma"));
        InitiateAuthResponse first = f.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.CUSTOM_AUTH)
                .authParameters(Map.of("USERNAME", uma)));
        AuthenticationResultType firstTokens = answer(clientId, uma, first.session(), "42").authenticationResult();
        NewDeviceMetadataType handedOut = firstTokens.newDeviceMetadata();
        assertThat(handedOut).isNotNull();
        SrpTestClient.DeviceSecret device = SrpTestClient.deviceSecret(handedOut.deviceGroupKey(), handedOut.deviceKey());
        f.cognito.confirmDevice(r -> r.accessToken(firstTokens.accessToken()).deviceKey(device.deviceKey())
                .deviceSecretVerifierConfig(v -> v.passwordVerifier(device.passwordVerifier()).salt(device.salt())));

        InitiateAuthResponse second = f.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.CUSTOM_AUTH)
                .authParameters(Map.of("USERNAME", uma, "DEVICE_KEY", device.deviceKey())));
        RespondToAuthChallengeResponse answered = answer(clientId, uma, second.session(), "42");

        assertThat(answered.challengeName()).isEqualTo(ChallengeNameType.DEVICE_SRP_AUTH);
        SrpTestClient srp = new SrpTestClient();
        RespondToAuthChallengeResponse verifier = f.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.DEVICE_SRP_AUTH).session(answered.session())
                .challengeResponses(Map.of("USERNAME", uma, "DEVICE_KEY", device.deviceKey(), "SRP_A", srp.srpA())));
        AuthenticationResultType tokens = f.cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.DEVICE_PASSWORD_VERIFIER).session(verifier.session())
                .challengeResponses(srp.deviceClaim(device, uma, verifier.challengeParameters()))).authenticationResult();
        assertThat(tokens.newDeviceMetadata()).isNull();
        assertThat(com.nimbusds.jwt.JWTParser.parse(tokens.accessToken()).getJWTClaimsSet().getStringClaim("device_key"))
                .isEqualTo(device.deviceKey());
    }

    @Test
    void aCustomSignInNamingADeviceTheUserDoesNotHaveIsToldItDoesNotExist() {
        Functions fn = functions();
        String poolId = f.cognito.createUserPool(r -> r.poolName(unique("custom-devices"))
                .deviceConfiguration(d -> d.challengeRequiredOnNewDevice(false))
                .lambdaConfig(t -> t.defineAuthChallenge(fn.define()).createAuthChallenge(fn.create())
                        .verifyAuthChallengeResponse(fn.verify()))).userPool().id();
        String clientId = customClient(poolId);
        String uma = f.confirmedUser(poolId, unique("uma"));
        InitiateAuthResponse challenge = f.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.CUSTOM_AUTH)
                .authParameters(Map.of("USERNAME", uma, "DEVICE_KEY", "us-east-1_" + java.util.UUID.randomUUID())));

        assertThatThrownBy(() -> answer(clientId, uma, challenge.session(), "42"))
                .isInstanceOf(software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException.class)
                .hasMessageContaining("Device does not exist.");
    }

    private RespondToAuthChallengeResponse answer(String clientId, String username, String session, String answer) {
        Map<String, String> responses = new HashMap<>(Map.of("USERNAME", username, "ANSWER", answer));
        return f.cognito.respondToAuthChallenge(r -> r.clientId(clientId).challengeName(ChallengeNameType.CUSTOM_CHALLENGE)
                .session(session).challengeResponses(responses).clientMetadata(Map.of("step", "answer")));
    }
}
