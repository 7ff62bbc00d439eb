package dev.cognate.triggers;

import static dev.cognate.triggers.TriggerFixture.json;
import static dev.cognate.triggers.TriggerFixture.respond;
import static dev.cognate.triggers.TriggerFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Browser;
import dev.cognate.testing.EntraTenant;
import dev.cognate.testing.LambdaEndpoint;
import dev.cognate.testing.StubIdp;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderTypeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserLambdaValidationException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;

/** PreSignUp for AdminCreateUser (PreSignUp_AdminCreateUser) and a first federated sign-in (PreSignUp_ExternalProvider). */
class PreSignUpTest {
    static final String CALLBACK = "https://app.example.com/cb";
    static final String ENTRA_APP = "4b1d2c3e-5f60-4718-92a3-b4c5d6e7f809";
    static EntraTenant tenant;
    final TriggerFixture f = TriggerFixture.shared();

    @BeforeAll
    static void startTenant() {
        tenant = EntraTenant.start(ENTRA_APP);
    }

    @AfterAll
    static void stopTenant() {
        tenant.close();
    }

    @Test
    void adminCreateUserSendsTheDocumentedEventAndAutoVerifiesWhatTheFunctionSays() {
        String function = f.lambda.function(unique("pre-sign-up"), event -> respond(event,
                "{\"autoConfirmUser\": false, \"autoVerifyEmail\": true, \"autoVerifyPhone\": false}"));
        String poolId = f.pool(t -> t.preSignUp(function));
        String bob = unique("bob");

        f.cognito.adminCreateUser(r -> r.userPoolId(poolId).username(bob).messageAction(MessageActionType.SUPPRESS)
                .userAttributes(AttributeType.builder().name("email").value("bob@example.com").build(),
                        AttributeType.builder().name("phone_number").value("+15555550100").build())
                .validationData(AttributeType.builder().name("invite").value("X-42").build())
                .clientMetadata(Map.of("campaign", "spring")));

        assertThat(f.lambda.onlyEventOf(function)).isEqualTo(json("""
                {"version": "1", "triggerSource": "PreSignUp_AdminCreateUser", "region": "us-east-1",
                 "userPoolId": "%s", "userName": "%s",
                 "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "CLIENT_ID_NOT_APPLICABLE"},
                 "request": {"userAttributes": {"email": "bob@example.com", "phone_number": "+15555550100"},
                             "validationData": {"invite": "X-42"}, "clientMetadata": {"campaign": "spring"}},
                 "response": {"autoConfirmUser": false, "autoVerifyEmail": false, "autoVerifyPhone": false}}"""
                .formatted(poolId, bob)));
        Map<String, String> attributes = attributes(poolId, bob);
        assertThat(attributes).containsEntry("email_verified", "true").doesNotContainKey("phone_number_verified");
    }

    @Test
    void aPreSignUpErrorRefusesTheUserAndNothingIsCreated() {
        String function = f.lambda.function(unique("pre-sign-up-no"), event ->
                new LambdaEndpoint.Answer.FunctionError("Error", "Only invited users"));
        String poolId = f.pool(t -> t.preSignUp(function));
        String bob = unique("bob");

        assertThatThrownBy(() -> f.cognito.adminCreateUser(r -> r.userPoolId(poolId).username(bob)
                .messageAction(MessageActionType.SUPPRESS)))
                .isInstanceOfSatisfying(UserLambdaValidationException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("PreSignUp failed with error Only invited users."));
        assertThatThrownBy(() -> f.cognito.adminGetUser(r -> r.userPoolId(poolId).username(bob)))
                .isInstanceOf(UserNotFoundException.class);
    }

    @Test
    void aFirstFederatedSignInAsksPreSignUpOnceAndItsAnswerVerifiesTheEmail() {
        String function = f.lambda.function(unique("pre-sign-up-ext"), event -> respond(event,
                "{\"autoConfirmUser\": true, \"autoVerifyEmail\": true, \"autoVerifyPhone\": false}"));
        String poolId = f.pool(t -> t.preSignUp(function));
        String clientId = federatedClient(poolId);

        signIn(clientId, grace("pairwise-sub-grace"), "s-1");
        assertThat(attributes(poolId, "entra_pairwise-sub-grace")).containsEntry("email_verified", "true");
        // A later sign-in is no sign-up (and, as in Cognito, rewrites the mapped e-mail as unverified).
        signIn(clientId, grace("pairwise-sub-grace"), "s-2");

        var event = f.lambda.onlyEventOf(function);
        assertThat(event.path("triggerSource").asText()).isEqualTo("PreSignUp_ExternalProvider");
        assertThat(event.path("userName").asText()).isEqualTo("entra_pairwise-sub-grace");
        assertThat(event.path("callerContext")).isEqualTo(json(
                "{\"awsSdkVersion\": \"aws-sdk-unknown-unknown\", \"clientId\": \"" + clientId + "\"}"));
        assertThat(event.path("request").path("userAttributes").path("email").asText()).isEqualTo("grace@contoso.example");
        assertThat(event.path("request").path("userAttributes").has("identities")).isTrue();
        assertThat(event.path("request").has("validationData")).isTrue();
        assertThat(event.path("response")).isEqualTo(json(
                "{\"autoConfirmUser\": false, \"autoVerifyEmail\": false, \"autoVerifyPhone\": false}"));
    }

    @Test
    void aPreSignUpErrorEndsTheFederatedSignInAtTheAppWithCognitosMessageAndNoUser() {
        String function = f.lambda.function(unique("pre-sign-up-ext-no"), event ->
                new LambdaEndpoint.Answer.FunctionError("Error", "Contoso accounts are closed"));
        String poolId = f.pool(t -> t.preSignUp(function));
        String clientId = federatedClient(poolId);

        Map<String, String> answer = signIn(clientId, grace("pairwise-sub-refused"), "s-3");

        assertThat(answer).containsEntry("state", "s-3").containsEntry("error", "invalid_request")
                .containsEntry("error_description", "PreSignUp failed with error Contoso accounts are closed.")
                .doesNotContainKey("code");
        assertThatThrownBy(() -> f.cognito.adminGetUser(r -> r.userPoolId(poolId).username("entra_pairwise-sub-refused")))
                .isInstanceOf(UserNotFoundException.class);
    }

    private String federatedClient(String poolId) {
        f.cognito.createIdentityProvider(r -> r.userPoolId(poolId).providerName("entra")
                .providerType(IdentityProviderTypeType.OIDC)
                .providerDetails(Map.of("client_id", ENTRA_APP, "client_secret", "entra-secret-value",
                        "authorize_scopes", "openid profile email", "attributes_request_method", "GET",
                        "oidc_issuer", tenant.issuer()))
                .attributeMapping(Map.of("email", "email", "given_name", "given_name")));
        return f.cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("fed-app").callbackURLs(CALLBACK)
                .allowedOAuthFlows(OAuthFlowType.CODE).allowedOAuthScopes("openid", "email")
                .allowedOAuthFlowsUserPoolClient(true).supportedIdentityProviders("entra")).userPoolClient().clientId();
    }

    private Map<String, String> signIn(String clientId, EntraTenant.User user, String state) {
        tenant.nextSignIn(user);
        String url = "http://localhost:" + f.server.port() + "/oauth2/authorize?client_id=" + clientId
                + "&response_type=code&redirect_uri=" + CALLBACK + "&identity_provider=entra&scope=openid+email&state=" + state;
        return StubIdp.query(new Browser().followUntil(url, CALLBACK));
    }

    private static EntraTenant.User grace(String sub) {
        return new EntraTenant.User("1b2c3d4e-5f60-4718-92a3-b4c5d6e7f8a9", sub,
                Map.of("email", "grace@contoso.example", "given_name", "Grace"));
    }

    private Map<String, String> attributes(String poolId, String username) {
        return f.cognito.adminGetUser(r -> r.userPoolId(poolId).username(username)).userAttributes().stream()
                .collect(Collectors.toMap(AttributeType::name, AttributeType::value));
    }

}
