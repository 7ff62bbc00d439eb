package dev.cognate.triggers;

import static dev.cognate.triggers.TriggerFixture.PASSWORD;
import static dev.cognate.triggers.TriggerFixture.claims;
import static dev.cognate.triggers.TriggerFixture.json;
import static dev.cognate.triggers.TriggerFixture.respond;
import static dev.cognate.triggers.TriggerFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.cognate.testing.LambdaEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidLambdaResponseException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PreTokenGenerationLambdaVersionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UnexpectedLambdaException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserLambdaValidationException;

/**
 * The pre token generation trigger through the AWS SDK: the events Cognito documents (V1_0 and
 * V2_0, each source), what a function's answer does to the tokens, what it cannot do, and how a
 * failing, hanging or garbled function ends.
 */
class PreTokenGenerationTest {
    final TriggerFixture f = TriggerFixture.shared();

    private AuthenticationResultType signIn(String clientId, String username) {
        return f.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", PASSWORD))).authenticationResult();
    }

    @Test
    void passwordSignInSendsTheV1EventCognitoDocumentsAndTheAnswerShapesTheIdToken() throws Exception {
        String function = f.lambda.function(unique("ptg-v1"), event -> respond(event, """
                {"claimsOverrideDetails": {
                   "claimsToAddOrOverride": {"tenant": "acme", "family_name": "Doe"},
                   "claimsToSuppress": ["email"],
                   "groupOverrideDetails": {"groupsToOverride": ["admins", "readers"],
                     "iamRolesToOverride": ["arn:aws:iam::123456789012:role/admin"],
                     "preferredRole": "arn:aws:iam::123456789012:role/admin"}}}"""));
        String poolId = f.pool(t -> t.preTokenGeneration(function));
        String clientId = f.client(poolId);
        String jane = f.confirmedUser(poolId, unique("jane"));

        AuthenticationResultType tokens = signIn(clientId, jane);

        JsonNode expected = json("""
                {"version": "1", "triggerSource": "TokenGeneration_Authentication", "region": "us-east-1",
                 "userPoolId": "%s", "userName": "%s",
                 "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "%s"},
                 "request": {"userAttributes": {"sub": "%s", "cognito:user_status": "CONFIRMED",
                                                "email_verified": "true", "email": "%s@example.com"},
                             "groupConfiguration": {"groupsToOverride": [], "iamRolesToOverride": [], "preferredRole": null}},
                 "response": {"claimsOverrideDetails": null}}""".formatted(poolId, jane, clientId, f.sub(poolId, jane), jane));
        assertThat(f.lambda.onlyEventOf(function)).isEqualTo(expected);
        assertThat(f.lambda.invocationsOf(function).get(0).invocationType()).isIn(null, "RequestResponse");

        JWTClaimsSet id = claims(tokens.idToken());
        assertThat(id.getStringClaim("tenant")).isEqualTo("acme");
        assertThat(id.getStringClaim("family_name")).isEqualTo("Doe");
        assertThat(id.getClaim("email")).isNull();
        assertThat(id.getStringListClaim("cognito:groups")).containsExactly("admins", "readers");
        assertThat(id.getStringListClaim("cognito:roles")).containsExactly("arn:aws:iam::123456789012:role/admin");
        assertThat(id.getStringClaim("cognito:preferred_role")).isEqualTo("arn:aws:iam::123456789012:role/admin");
        JWTClaimsSet access = claims(tokens.accessToken());
        assertThat(access.getClaim("tenant")).as("V1 changes the ID token only").isNull();
        assertThat(access.getStringListClaim("cognito:groups")).containsExactly("admins", "readers");
    }

    @Test
    void refreshAndTheNewPasswordChallengeAreTheirOwnSources() {
        String function = f.lambda.passThrough(unique("ptg-sources"));
        String poolId = f.pool(t -> t.preTokenGeneration(function));
        String clientId = f.client(poolId);
        String jane = f.confirmedUser(poolId, unique("jane"));
        String newcomer = unique("newcomer");
        f.cognito.adminCreateUser(r -> r.userPoolId(poolId).username(newcomer).temporaryPassword("Temporary-Pass-1")
                .messageAction(MessageActionType.SUPPRESS));

        String refreshToken = signIn(clientId, jane).refreshToken();
        f.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                .authParameters(Map.of("REFRESH_TOKEN", refreshToken)));
        var challenge = f.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", newcomer, "PASSWORD", "Temporary-Pass-1")));
        f.cognito.respondToAuthChallenge(r -> r.clientId(clientId).challengeName(ChallengeNameType.NEW_PASSWORD_REQUIRED)
                .session(challenge.session()).challengeResponses(Map.of("USERNAME", newcomer, "NEW_PASSWORD", "New-Passw0rd!"))
                .clientMetadata(Map.of("origin", "mobile")));

        List<JsonNode> events = f.lambda.invocationsOf(function).stream().map(LambdaEndpoint.Invocation::event).toList();
        assertThat(events).extracting(e -> e.path("triggerSource").asText()).containsExactly(
                "TokenGeneration_Authentication", "TokenGeneration_RefreshTokens", "TokenGeneration_NewPasswordChallenge");
        assertThat(events.get(1).path("userName").asText()).isEqualTo(jane);
        assertThat(events.get(2).path("userName").asText()).isEqualTo(newcomer);
        assertThat(events.get(2).path("request").path("clientMetadata")).isEqualTo(json("{\"origin\": \"mobile\"}"));
        assertThat(events.get(2).path("request").path("userAttributes").path("cognito:user_status").asText())
                .isEqualTo("CONFIRMED");
    }

    @Test
    void aV2FunctionChangesBothTokensAndTheAccessTokensScopes() throws Exception {
        String function = f.lambda.function(unique("ptg-v2"), event -> respond(event, """
                {"claimsAndScopeOverrideDetails": {
                   "idTokenGeneration": {"claimsToAddOrOverride": {"tenant": {"id": 7, "tags": ["a", "b"]}},
                                         "claimsToSuppress": ["email_verified"]},
                   "accessTokenGeneration": {"claimsToAddOrOverride": {"plan": "gold", "seats": 12, "trial": false},
                                             "scopesToAdd": ["orders/read"], "scopesToSuppress": ["phone"]},
                   "groupOverrideDetails": {"groupsToOverride": ["editors"]}}}"""));
        String poolId = f.pool(t -> t.preTokenGenerationConfig(c -> c.lambdaVersion(PreTokenGenerationLambdaVersionType.V2_0)
                .lambdaArn(function)));
        String clientId = f.client(poolId);
        String jane = f.confirmedUser(poolId, unique("jane"));

        AuthenticationResultType tokens = signIn(clientId, jane);

        JsonNode event = f.lambda.onlyEventOf(function);
        assertThat(event.path("version").asText()).isEqualTo("2");
        assertThat(event.path("request").path("scopes")).isEqualTo(json("[\"aws.cognito.signin.user.admin\"]"));
        assertThat(event.path("request").path("groupConfiguration")).isEqualTo(json(
                "{\"groupsToOverride\": [], \"iamRolesToOverride\": [], \"preferredRole\": null}"));
        assertThat(event.path("response")).isEqualTo(json("{\"claimsAndScopeOverrideDetails\": null}"));

        JWTClaimsSet id = claims(tokens.idToken());
        assertThat(id.getJSONObjectClaim("tenant")).containsEntry("id", 7L).containsEntry("tags", List.of("a", "b"));
        assertThat(id.getClaim("email_verified")).isNull();
        assertThat(id.getStringListClaim("cognito:groups")).containsExactly("editors");
        JWTClaimsSet access = claims(tokens.accessToken());
        assertThat(access.getStringClaim("plan")).isEqualTo("gold");
        assertThat(access.getLongClaim("seats")).isEqualTo(12L);
        assertThat(access.getBooleanClaim("trial")).isFalse();
        assertThat(access.getStringClaim("scope").split(" ")).containsExactlyInAnyOrder(
                "aws.cognito.signin.user.admin", "orders/read");
        assertThat(access.getStringListClaim("cognito:groups")).containsExactly("editors");
        // the changed access token still works with the user's own API
        assertThat(f.cognito.getUser(r -> r.accessToken(tokens.accessToken())).username()).isEqualTo(jane);
    }

    @Test
    void aFunctionCannotRewriteWhoOrForWhomOrHowLongATokenIs() throws Exception {
        String function = f.lambda.function(unique("ptg-attack"), event -> respond(event, """
                {"claimsAndScopeOverrideDetails": {
                   "idTokenGeneration": {"claimsToAddOrOverride": {"sub": "someone-else", "iss": "https://evil.example",
                       "aud": "another-client", "exp": 4102444800, "iat": 1, "auth_time": 1, "token_use": "access",
                       "cognito:username": "admin", "jti": "j", "origin_jti": "o", "event_id": "e", "nonce": "n",
                       "at_hash": "h", "acr": "urn:x", "amr": ["mfa"], "identities": "[]", "cognito:groups": ["root"]},
                       "claimsToSuppress": ["sub", "iss", "aud", "exp", "token_use", "cognito:username"]},
                   "accessTokenGeneration": {"claimsToAddOrOverride": {"client_id": "another-client", "username": "admin",
                       "scope": "everything", "version": 9, "sub": "someone-else", "exp": 4102444800},
                       "claimsToSuppress": ["client_id", "exp", "token_use"],
                       "scopesToAdd": ["aws.cognito.signin.user.admin", "openid", "email"]}}}"""));
        String poolId = f.pool(t -> t.preTokenGenerationConfig(c -> c.lambdaVersion(PreTokenGenerationLambdaVersionType.V2_0)
                .lambdaArn(function)));
        String clientId = f.client(poolId);
        String jane = f.confirmedUser(poolId, unique("jane"));
        String sub = f.sub(poolId, jane);

        AuthenticationResultType tokens = signIn(clientId, jane);

        JWTClaimsSet id = claims(tokens.idToken());
        assertThat(id.getSubject()).isEqualTo(sub);
        assertThat(id.getIssuer()).isEqualTo(f.server.server().publicUrl() + "/" + poolId);
        assertThat(id.getAudience()).containsExactly(clientId);
        assertThat(id.getExpirationTime().getTime() - id.getIssueTime().getTime()).isEqualTo(3_600_000L);
        assertThat(id.getStringClaim("token_use")).isEqualTo("id");
        assertThat(id.getStringClaim("cognito:username")).isEqualTo(jane);
        assertThat(id.getLongClaim("auth_time")).isGreaterThan(1L);
        assertThat(id.getJWTID()).isNotEqualTo("j");
        assertThat(id.getStringClaim("origin_jti")).isNotEqualTo("o");
        for (String claim : List.of("nonce", "at_hash", "acr", "identities", "cognito:groups")) {
            assertThat(id.getClaim(claim)).as(claim).isNull();
        }
        assertThat(id.getStringListClaim("amr")).as("how the user signed in, not the function's word").containsExactly("pwd");
        JWTClaimsSet access = claims(tokens.accessToken());
        assertThat(access.getSubject()).isEqualTo(sub);
        assertThat(access.getStringClaim("client_id")).isEqualTo(clientId);
        assertThat(access.getStringClaim("username")).isEqualTo(jane);
        assertThat(access.getStringClaim("token_use")).isEqualTo("access");
        assertThat(access.getLongClaim("version")).isEqualTo(2L);
        assertThat(access.getExpirationTime().getTime() - access.getIssueTime().getTime()).isEqualTo(3_600_000L);
        assertThat(access.getStringClaim("scope").split(" ")).doesNotContain("everything");
    }

    @Test
    void onlyAV3FunctionIsAskedForClientCredentialsAndItCannotAddUserScopes() throws Exception {
        String function = f.lambda.function(unique("ptg-v3"), event -> respond(event, """
                {"claimsAndScopeOverrideDetails": {"accessTokenGeneration": {
                   "claimsToAddOrOverride": {"partner": "acme", "client_id": "someone-else", "sub": "someone-else"},
                   "scopesToAdd": ["orders/write", "aws.cognito.signin.user.admin", "openid"],
                   "scopesToSuppress": ["orders/read"]}}}"""));
        String v2 = f.lambda.passThrough(unique("ptg-v2-m2m"));
        for (var version : List.of(PreTokenGenerationLambdaVersionType.V3_0, PreTokenGenerationLambdaVersionType.V2_0)) {
            String arn = version == PreTokenGenerationLambdaVersionType.V3_0 ? function : v2;
            String poolId = f.pool(t -> t.preTokenGenerationConfig(c -> c.lambdaVersion(version).lambdaArn(arn)));
            f.cognito.createResourceServer(r -> r.userPoolId(poolId).identifier("orders").name("orders")
                    .scopes(s -> s.scopeName("read").scopeDescription("read"), s -> s.scopeName("write").scopeDescription("write")));
            var client = f.cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("m2m").generateSecret(true)
                    .allowedOAuthFlowsUserPoolClient(true).allowedOAuthFlows(
                            software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType.CLIENT_CREDENTIALS)
                    .allowedOAuthScopes("orders/read")).userPoolClient();

            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(f.server.endpoint() + "/oauth2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                            (client.clientId() + ":" + client.clientSecret()).getBytes()))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=orders/read"
                            + "&aws_client_metadata=" + java.net.URLEncoder.encode("{\"tenant\":\"t-1\"}",
                            java.nio.charset.StandardCharsets.UTF_8))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JWTClaimsSet access = claims(json(response.body()).path("access_token").asText());

            if (version == PreTokenGenerationLambdaVersionType.V3_0) {
                JsonNode event = f.lambda.onlyEventOf(function);
                assertThat(event.path("version").asText()).isEqualTo("3");
                assertThat(event.path("triggerSource").asText()).isEqualTo("TokenGeneration_ClientCredentials");
                assertThat(event.path("callerContext").path("clientId").asText()).isEqualTo(client.clientId());
                assertThat(event.path("request").path("scopes")).isEqualTo(json("[\"orders/read\"]"));
                assertThat(event.path("request").path("clientMetadata")).isEqualTo(json("{\"tenant\": \"t-1\"}"));
                assertThat(access.getStringClaim("partner")).isEqualTo("acme");
                assertThat(access.getStringClaim("client_id")).isEqualTo(client.clientId());
                assertThat(access.getSubject()).isEqualTo(client.clientId());
                assertThat(access.getStringClaim("scope")).isEqualTo("orders/write");
            } else {
                assertThat(f.lambda.invocationsOf(v2)).as("V2_0 is not asked for machine tokens").isEmpty();
                assertThat(access.getStringClaim("scope")).isEqualTo("orders/read");
            }
        }
    }

    @Test
    void aFunctionErrorRefusesTheTokensWithCognitosException() {
        String function = f.lambda.function(unique("ptg-error"), event ->
                new LambdaEndpoint.Answer.FunctionError("Error", "Tokens are not issued on Sundays"));
        String poolId = f.pool(t -> t.preTokenGeneration(function));
        String clientId = f.client(poolId);
        String jane = f.confirmedUser(poolId, unique("jane"));

        assertThatThrownBy(() -> signIn(clientId, jane))
                .isInstanceOfSatisfying(UserLambdaValidationException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("PreTokenGeneration failed with error Tokens are not issued on Sundays.");
                });
    }

    @Test
    void aFunctionThatNeverAnswersEndsInCognitosTimeoutErrorAfterFiveSeconds() {
        String function = f.lambda.function(unique("ptg-hangs"), event -> new LambdaEndpoint.Answer.Hangs());
        String poolId = f.pool(t -> t.preTokenGeneration(function));
        String clientId = f.client(poolId);
        String jane = f.confirmedUser(poolId, unique("jane"));

        long started = System.nanoTime();
        assertThatThrownBy(() -> signIn(clientId, jane))
                .isInstanceOfSatisfying(UnexpectedLambdaException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("PreTokenGeneration invocation failed due to error Socket timeout while invoking Lambda function."));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).isBetween(Duration.ofMillis(4_500), Duration.ofSeconds(9));
        assertThat(f.server.server().metrics().scrape())
                .contains("cognate_lambda_errors_total{trigger=\"PreTokenGeneration\",type=\"UnexpectedLambdaException\"}");
    }

    @Test
    void garbledAnswersAndMissingFunctionsEndInCognitosExceptions() {
        String notJson = f.lambda.function(unique("ptg-garbled"), event -> new LambdaEndpoint.Answer.Raw("<html>oops"));
        String wrongShape = f.lambda.function(unique("ptg-shape"), event -> respond(event,
                "{\"claimsOverrideDetails\": {\"claimsToSuppress\": \"email\"}}"));
        for (String function : List.of(notJson, wrongShape)) {
            String poolId = f.pool(t -> t.preTokenGeneration(function));
            String clientId = f.client(poolId);
            String jane = f.confirmedUser(poolId, unique("jane"));
            assertThatThrownBy(() -> signIn(clientId, jane)).isInstanceOf(InvalidLambdaResponseException.class)
                    .hasMessageContaining(function == notJson ? "Invalid lambda function output : Invalid JSON"
                            : "Unrecognizable lambda output");
        }
        String missing = "arn:aws:lambda:us-east-1:123456789012:function:" + unique("nobody");
        String poolId = f.pool(t -> t.preTokenGeneration(missing));
        String clientId = f.client(poolId);
        String jane = f.confirmedUser(poolId, unique("jane"));
        assertThatThrownBy(() -> signIn(clientId, jane)).isInstanceOfSatisfying(UnexpectedLambdaException.class,
                e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("PreTokenGeneration invocation failed due to error ResourceNotFoundException."));
    }
}
