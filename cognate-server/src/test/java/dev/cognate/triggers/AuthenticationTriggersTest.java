package dev.cognate.triggers;

import static dev.cognate.triggers.TriggerFixture.PASSWORD;
import static dev.cognate.triggers.TriggerFixture.claims;
import static dev.cognate.triggers.TriggerFixture.json;
import static dev.cognate.triggers.TriggerFixture.respond;
import static dev.cognate.triggers.TriggerFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.LambdaEndpoint;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestBrowser.Page;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserLambdaValidationException;

/**
 * PreAuthentication and PostAuthentication around password sign-in (InitiateAuth,
 * AdminInitiateAuth, the hosted page), and PreTokenGeneration's TokenGeneration_HostedAuth when
 * the hosted page's code is redeemed at the token endpoint.
 */
class AuthenticationTriggersTest {
    final TriggerFixture f = TriggerFixture.shared();

    @Test
    void initiateAuthSendsTheDocumentedEventsWithClientMetadataAsValidationData() {
        String pre = f.lambda.passThrough(unique("pre-auth"));
        String post = f.lambda.passThrough(unique("post-auth"));
        String poolId = f.pool(t -> t.preAuthentication(pre).postAuthentication(post));
        String clientId = f.client(poolId);
        String jane = f.confirmedUser(poolId, unique("jane"));

        f.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", jane, "PASSWORD", PASSWORD)).clientMetadata(Map.of("device", "kiosk-7")));

        String common = """
                "region": "us-east-1", "userPoolId": "%s", "userName": "%s",
                "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "%s"}"""
                .formatted(poolId, jane, clientId);
        String attributes = """
                {"sub": "%s", "cognito:user_status": "CONFIRMED", "email_verified": "true", "email": "%s@example.com"}"""
                .formatted(f.sub(poolId, jane), jane);
        assertThat(f.lambda.onlyEventOf(pre)).isEqualTo(json("""
                {"version": "1", "triggerSource": "PreAuthentication_Authentication", %s,
                 "request": {"userAttributes": %s, "validationData": {"device": "kiosk-7"}, "userNotFound": false},
                 "response": {}}"""
                .formatted(common, attributes)));
        assertThat(f.lambda.onlyEventOf(post)).isEqualTo(json("""
                {"version": "1", "triggerSource": "PostAuthentication_Authentication", %s,
                 "request": {"newDeviceUsed": false, "userAttributes": %s, "clientMetadata": {"device": "kiosk-7"}},
                 "response": {}}""".formatted(common, attributes)));
    }

    @Test
    void aNewPasswordChallengeIsAuthenticatedBeforeTheChallengeAndPostAuthenticatedAfterIt() {
        String pre = f.lambda.passThrough(unique("pre-auth"));
        String post = f.lambda.passThrough(unique("post-auth"));
        String poolId = f.pool(t -> t.preAuthentication(pre).postAuthentication(post));
        String clientId = f.client(poolId);
        String newcomer = unique("newcomer");
        f.cognito.adminCreateUser(r -> r.userPoolId(poolId).username(newcomer).temporaryPassword("Temporary-Pass-1")
                .messageAction(software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType.SUPPRESS));

        var challenge = f.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", newcomer, "PASSWORD", "Temporary-Pass-1")));
        assertThat(f.lambda.onlyEventOf(pre).path("request").path("userAttributes").path("cognito:user_status").asText())
                .isEqualTo("FORCE_CHANGE_PASSWORD");
        assertThat(f.lambda.invocationsOf(post)).isEmpty();
        f.cognito.respondToAuthChallenge(r -> r.clientId(clientId).challengeName("NEW_PASSWORD_REQUIRED")
                .session(challenge.session()).clientMetadata(Map.of("step", "2"))
                .challengeResponses(Map.of("USERNAME", newcomer, "NEW_PASSWORD", "New-Passw0rd!")));

        JsonNode event = f.lambda.onlyEventOf(post);
        assertThat(event.path("triggerSource").asText()).isEqualTo("PostAuthentication_Authentication");
        assertThat(event.path("request").path("userAttributes").path("cognito:user_status").asText()).isEqualTo("CONFIRMED");
        assertThat(event.path("request").path("clientMetadata")).isEqualTo(json("{\"step\": \"2\"}"));
    }

    @Test
    void eachFunctionIsCalledInItsArnsRegionSignedWithTheNodesLambdaCredentials() {
        String pre = f.lambda.function("eu-west-1", unique("pre-auth-eu"), LambdaEndpoint.Answer.Returns::new);
        String post = f.lambda.function("ap-southeast-2", unique("post-auth-ap"), LambdaEndpoint.Answer.Returns::new);
        String poolId = f.pool(t -> t.preAuthentication(pre).postAuthentication(post));
        String clientId = f.client(poolId);
        String jane = f.confirmedUser(poolId, unique("jane"));

        f.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", jane, "PASSWORD", PASSWORD)));

        assertThat(f.lambda.invocationsOf(pre).get(0).authorization())
                .contains("Credential=AKIDLAMBDACALLER0001/").contains("/eu-west-1/lambda/aws4_request");
        assertThat(f.lambda.invocationsOf(post).get(0).authorization()).contains("/ap-southeast-2/lambda/aws4_request");
        assertThat(f.lambda.onlyEventOf(pre).path("region").asText()).as("the event names the pool's region")
                .isEqualTo("us-east-1");
    }

    @Test
    void aPreAuthenticationErrorRefusesTheSignInAndPostAuthenticationIsNotAsked() {
        String pre = f.lambda.function(unique("pre-auth-no"), event ->
                new LambdaEndpoint.Answer.FunctionError("Error", "Cannot authenticate users from this client"));
        String post = f.lambda.passThrough(unique("post-auth"));
        String poolId = f.pool(t -> t.preAuthentication(pre).postAuthentication(post));
        String clientId = f.client(poolId);
        String jane = f.confirmedUser(poolId, unique("jane"));

        assertThatThrownBy(() -> f.cognito.adminInitiateAuth(r -> r.userPoolId(poolId).clientId(clientId)
                .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH).authParameters(Map.of("USERNAME", jane, "PASSWORD", PASSWORD))))
                .isInstanceOfSatisfying(UserLambdaValidationException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("PreAuthentication failed with error Cannot authenticate users from this client."));
        assertThat(f.lambda.invocationsOf(post)).isEmpty();
        assertThat(f.lambda.onlyEventOf(pre).path("callerContext").path("clientId").asText()).isEqualTo(clientId);
    }

    @Test
    void theHostedPageAsksBothTriggersAndTheCodeItIssuesMintsHostedAuthTokens() throws Exception {
        String pre = f.lambda.passThrough(unique("pre-auth"));
        String post = f.lambda.passThrough(unique("post-auth"));
        String ptg = f.lambda.function(unique("ptg-hosted"), event -> respond(event,
                "{\"claimsOverrideDetails\": {\"claimsToAddOrOverride\": {\"signed_in_via\": \"hosted\"}}}"));
        HostedUiFixture hosted = fixtureWith(t -> t.preAuthentication(pre).postAuthentication(post).preTokenGeneration(ptg));
        String clientId = hosted.client();
        hosted.confirmedUser("jane");
        TestBrowser browser = hosted.browser();

        Page answer = signIn(browser, hosted, clientId, "nonce", "n-1");
        assertThat(answer.status()).isEqualTo(302);
        assertThat(f.lambda.onlyEventOf(pre).path("triggerSource").asText()).isEqualTo("PreAuthentication_Authentication");
        assertThat(f.lambda.onlyEventOf(pre).path("callerContext").path("clientId").asText()).isEqualTo(clientId);
        assertThat(f.lambda.onlyEventOf(post).path("triggerSource").asText()).isEqualTo("PostAuthentication_Authentication");
        assertThat(f.lambda.invocationsOf(ptg)).as("tokens are minted when the code is redeemed").isEmpty();

        JsonNode tokens = redeem(clientId, answer.locationParameters().get("code"));
        JsonNode event = f.lambda.onlyEventOf(ptg);
        assertThat(event.path("triggerSource").asText()).isEqualTo("TokenGeneration_HostedAuth");
        assertThat(event.path("userName").asText()).isEqualTo("jane");
        assertThat(event.path("callerContext").path("clientId").asText()).isEqualTo(clientId);
        var id = claims(tokens.path("id_token").asText());
        assertThat(id.getStringClaim("signed_in_via")).isEqualTo("hosted");
        assertThat(id.getStringClaim("nonce")).isEqualTo("n-1");
        assertThat(id.getStringClaim("at_hash")).isNotBlank();
    }

    @Test
    void theHostedPageShowsAPreAuthenticationRefusalAndIssuesNoCode() {
        String pre = f.lambda.function(unique("pre-auth-no"), event ->
                new LambdaEndpoint.Answer.FunctionError("Error", "Your account is under review"));
        HostedUiFixture hosted = fixtureWith(t -> t.preAuthentication(pre));
        String clientId = hosted.client();
        hosted.confirmedUser("jane");

        Page answer = signIn(hosted.browser(), hosted, clientId);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("PreAuthentication failed with error Your account is under review.");
        assertThat(answer.header("Location")).isEmpty();
    }

    @Test
    void implicitTokensRefusedByTheTriggerEndAtTheAppWithAnErrorAndNoTokens() {
        String ptg = f.lambda.function(unique("ptg-implicit-no"), event ->
                new LambdaEndpoint.Answer.FunctionError("Error", "No tokens for this app"));
        HostedUiFixture hosted = fixtureWith(t -> t.preTokenGeneration(ptg));
        String implicit = hosted.client(r -> r.allowedOAuthFlows(
                software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType.IMPLICIT));
        hosted.confirmedUser("jane");

        Page answer = signIn(hosted.browser(), hosted, implicit, "response_type", "token", "state", "i-9",
                "scope", "openid email");

        assertThat(answer.status()).isEqualTo(302);
        assertThat(answer.location()).startsWith(HostedUiFixture.CALLBACK);
        assertThat(answer.locationParameters()).containsEntry("error", "invalid_request").containsEntry("state", "i-9")
                .containsEntry("error_description", "PreTokenGeneration failed with error No tokens for this app.")
                .doesNotContainKeys("access_token", "id_token");
        assertThat(f.lambda.onlyEventOf(ptg).path("triggerSource").asText()).isEqualTo("TokenGeneration_HostedAuth");
    }

    @Test
    void aPostAuthenticationRefusalAfterTheHostedNewPasswordPageIsShownNotAServerError() {
        String post = f.lambda.function(unique("post-auth-no"), event ->
                new LambdaEndpoint.Answer.FunctionError("Error", "Sign-ins are paused"));
        HostedUiFixture hosted = fixtureWith(t -> t.postAuthentication(post));
        String clientId = hosted.client();
        hosted.userWithTemporaryPassword("jane", "Temporary-Pass-1");
        TestBrowser browser = hosted.browser();
        Page login = browser.get(browser.get(hosted.authorize(clientId)).location());
        Page newPassword = browser.submit(login, "/login", Map.of("username", "jane", "password", "Temporary-Pass-1"));
        assertThat(newPassword.body()).contains("action=\"/login/new-password\"");

        Page answer = browser.submit(newPassword, "/login/new-password",
                Map.of("new_password", "N3w-Password!", "confirm_password", "N3w-Password!"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("PostAuthentication failed with error Sign-ins are paused.");
        assertThat(f.lambda.onlyEventOf(post).path("request").path("userAttributes").path("cognito:user_status").asText())
                .isEqualTo("CONFIRMED");
        assertThat(f.cognito.adminGetUser(r -> r.userPoolId(hosted.poolId).username("jane")).userStatusAsString())
                .isEqualTo("CONFIRMED");
    }

    private HostedUiFixture fixtureWith(java.util.function.Consumer<
            software.amazon.awssdk.services.cognitoidentityprovider.model.LambdaConfigType.Builder> triggers) {
        HostedUiFixture hosted = HostedUiFixture.on(f.server);
        f.cognito.updateUserPool(r -> r.userPoolId(hosted.poolId).lambdaConfig(b -> triggers.accept(b)));
        return hosted;
    }

    private static Page signIn(TestBrowser browser, HostedUiFixture hosted, String clientId, String... extra) {
        Page toLogin = browser.get(hosted.authorize(clientId, extra));
        Page page = browser.get(toLogin.location());
        return browser.submit(page, "/login", Map.of("username", "jane", "password", HostedUiFixture.PASSWORD));
    }

    private JsonNode redeem(String clientId, String code) throws Exception {
        String form = "grant_type=authorization_code&client_id=" + clientId + "&code=" + code + "&redirect_uri="
                + TestBrowser.enc(HostedUiFixture.CALLBACK);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(f.server.endpoint() + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }
}
