package dev.cognate.triggers;

import static dev.cognate.triggers.TriggerFixture.PASSWORD;
import static dev.cognate.triggers.TriggerFixture.json;
import static dev.cognate.triggers.TriggerFixture.respond;
import static dev.cognate.triggers.TriggerFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.LambdaEndpoint;
import dev.cognate.testing.RawAdminRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SignUpResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserLambdaValidationException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;

/**
 * PreSignUp_SignUp, PostConfirmation_ConfirmSignUp (ConfirmSignUp and AdminConfirmSignUp) and
 * PostConfirmation_ConfirmForgotPassword through the AWS SDK, the events compared with Cognito's
 * documented examples.
 */
class SignUpTriggersTest {
    final TriggerFixture f = TriggerFixture.shared();

    @Test
    void signUpSendsTheDocumentedPreSignUpEventAndAnAutoConfirmedUserGetsNoCode() {
        String function = f.lambda.function(unique("pre-sign-up"), event -> respond(event,
                "{\"autoConfirmUser\": true, \"autoVerifyEmail\": true, \"autoVerifyPhone\": false}"));
        String poolId = f.mailingPool(t -> t.preSignUp(function));
        String clientId = f.client(poolId);
        String carol = unique("carol");

        SignUpResponse response = f.cognito.signUp(r -> r.clientId(clientId).username(carol).password(PASSWORD)
                .userAttributes(attribute("email", "carol@example.com"))
                .validationData(attribute("invite", "X-42"))
                .clientMetadata(Map.of("campaign", "spring")));

        assertThat(f.lambda.onlyEventOf(function)).isEqualTo(json("""
                {"version": "1", "triggerSource": "PreSignUp_SignUp", "region": "us-east-1",
                 "userPoolId": "%s", "userName": "%s",
                 "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "%s"},
                 "request": {"userAttributes": {"email": "carol@example.com"},
                             "validationData": {"invite": "X-42"}, "clientMetadata": {"campaign": "spring"}},
                 "response": {"autoConfirmUser": false, "autoVerifyEmail": false, "autoVerifyPhone": false}}"""
                .formatted(poolId, carol, clientId)));
        assertThat(response.userConfirmed()).isTrue();
        assertThat(response.codeDeliveryDetails()).isNull();
        assertThat(f.sent(poolId)).isEmpty();
        var user = f.cognito.adminGetUser(r -> r.userPoolId(poolId).username(carol));
        assertThat(user.userStatus()).isEqualTo(UserStatusType.CONFIRMED);
        assertThat(user.userAttributes()).contains(attribute("email_verified", "true"));
        assertThat(f.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", carol, "PASSWORD", PASSWORD))).authenticationResult()).isNotNull();
    }

    @Test
    void aPreSignUpThatConfirmsNothingLeavesTheSignUpAsEver() {
        String function = f.lambda.passThrough(unique("pre-sign-up-idle"));
        String poolId = f.mailingPool(t -> t.preSignUp(function));
        String clientId = f.client(poolId);
        String dave = unique("dave");

        SignUpResponse response = f.cognito.signUp(r -> r.clientId(clientId).username(dave).password(PASSWORD)
                .userAttributes(attribute("email", "dave@example.com")));

        assertThat(response.userConfirmed()).isFalse();
        assertThat(f.sent(poolId)).hasSize(1);
        assertThat(f.cognito.adminGetUser(r -> r.userPoolId(poolId).username(dave)).userStatus())
                .isEqualTo(UserStatusType.UNCONFIRMED);
    }

    @Test
    void aPreSignUpErrorRefusesTheSignUpWithCognitosMessageAndCreatesNoUser() {
        String function = f.lambda.function(unique("pre-sign-up-no"), event ->
                new LambdaEndpoint.Answer.FunctionError("Error", "Invitation required"));
        String poolId = f.mailingPool(t -> t.preSignUp(function));
        String clientId = f.client(poolId);
        String eve = unique("eve");

        assertThatThrownBy(() -> f.cognito.signUp(r -> r.clientId(clientId).username(eve).password(PASSWORD)
                .userAttributes(attribute("email", "eve@example.com"))))
                .isInstanceOfSatisfying(UserLambdaValidationException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("PreSignUp failed with error Invitation required."));
        assertThatThrownBy(() -> f.cognito.adminGetUser(r -> r.userPoolId(poolId).username(eve)))
                .isInstanceOf(UserNotFoundException.class);
        assertThat(f.sent(poolId)).isEmpty();
    }

    @Test
    void confirmSignUpSendsTheDocumentedPostConfirmationEventOfTheConfirmedUser() {
        String function = f.lambda.passThrough(unique("post-confirmation"));
        String poolId = f.mailingPool(t -> t.postConfirmation(function));
        String clientId = f.client(poolId);
        String frank = unique("frank");
        String sub = f.cognito.signUp(r -> r.clientId(clientId).username(frank).password(PASSWORD)
                .userAttributes(attribute("email", "frank@example.com"))).userSub();
        assertThat(f.lambda.invocationsOf(function)).isEmpty();

        f.cognito.confirmSignUp(r -> r.clientId(clientId).username(frank).confirmationCode(f.lastCode(poolId))
                .clientMetadata(Map.of("source", "web")));

        assertThat(f.lambda.onlyEventOf(function)).isEqualTo(json("""
                {"version": "1", "triggerSource": "PostConfirmation_ConfirmSignUp", "region": "us-east-1",
                 "userPoolId": "%s", "userName": "%s",
                 "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "%s"},
                 "request": {"userAttributes": {"sub": "%s", "email": "frank@example.com", "email_verified": "true",
                                                "cognito:user_status": "CONFIRMED"},
                             "clientMetadata": {"source": "web"}},
                 "response": {}}""".formatted(poolId, frank, clientId, sub)));
    }

    @Test
    void adminConfirmSignUpIsAPostConfirmationWithoutAClient() {
        String function = f.lambda.passThrough(unique("post-confirmation-admin"));
        String poolId = f.mailingPool(t -> t.postConfirmation(function));
        String clientId = f.client(poolId);
        String gina = unique("gina");
        f.cognito.signUp(r -> r.clientId(clientId).username(gina).password(PASSWORD)
                .userAttributes(attribute("email", "gina@example.com")));

        f.cognito.adminConfirmSignUp(r -> r.userPoolId(poolId).username(gina));

        var event = f.lambda.onlyEventOf(function);
        assertThat(event.path("triggerSource").asText()).isEqualTo("PostConfirmation_ConfirmSignUp");
        assertThat(event.path("callerContext").path("clientId").asText()).isEqualTo("CLIENT_ID_NOT_APPLICABLE");
        assertThat(event.path("request").path("userAttributes").path("cognito:user_status").asText()).isEqualTo("CONFIRMED");
        assertThat(event.path("request").has("clientMetadata")).isFalse();
    }

    @Test
    void aPostConfirmationErrorIsCognitosErrorAndTheUserStaysConfirmed() {
        String function = f.lambda.function(unique("post-confirmation-no"), event ->
                new LambdaEndpoint.Answer.FunctionError("Error", "CRM is down"));
        String poolId = f.mailingPool(t -> t.postConfirmation(function));
        String clientId = f.client(poolId);
        String hal = unique("hal");
        f.cognito.signUp(r -> r.clientId(clientId).username(hal).password(PASSWORD)
                .userAttributes(attribute("email", "hal@example.com")));

        assertThatThrownBy(() -> f.cognito.confirmSignUp(r -> r.clientId(clientId).username(hal)
                .confirmationCode(f.lastCode(poolId))))
                .isInstanceOfSatisfying(UserLambdaValidationException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("PostConfirmation failed with error CRM is down."));
        assertThat(f.cognito.adminGetUser(r -> r.userPoolId(poolId).username(hal)).userStatus())
                .isEqualTo(UserStatusType.CONFIRMED);
    }

    @Test
    void confirmForgotPasswordIsItsOwnPostConfirmationSource() {
        String function = f.lambda.passThrough(unique("post-confirmation-reset"));
        String poolId = f.mailingPool(t -> t.postConfirmation(function));
        String clientId = f.client(poolId);
        String ivy = f.confirmedUser(poolId, unique("ivy"));

        f.cognito.forgotPassword(r -> r.clientId(clientId).username(ivy));
        f.cognito.confirmForgotPassword(r -> r.clientId(clientId).username(ivy).confirmationCode(f.lastCode(poolId))
                .password("Another-Horse-2").clientMetadata(Map.of("step", "reset")));

        var event = f.lambda.onlyEventOf(function);
        assertThat(event.path("triggerSource").asText()).isEqualTo("PostConfirmation_ConfirmForgotPassword");
        assertThat(event.path("callerContext").path("clientId").asText()).isEqualTo(clientId);
        assertThat(event.path("request").path("userAttributes").path("cognito:user_status").asText()).isEqualTo("CONFIRMED");
        assertThat(event.path("request").path("clientMetadata")).isEqualTo(json("{\"step\": \"reset\"}"));
        assertThat(event.toString()).doesNotContain("Another-Horse-2");
    }

    @Test
    void clientMetadataWithANullValueIsTheClientsErrorNotAServerError() {
        String function = f.lambda.passThrough(unique("pre-sign-up-null-metadata"));
        String poolId = f.mailingPool(t -> t.preSignUp(function));
        String clientId = f.client(poolId);

        RawAdminRequest.Response response = RawAdminRequest.to(f.server, "SignUp").unsigned().body("""
                {"ClientId": "%s", "Username": "%s", "Password": "%s",
                 "UserAttributes": [{"Name": "email", "Value": "nil@example.com"}], "ClientMetadata": {"k": null}}"""
                .formatted(clientId, unique("nil"), PASSWORD)).send();

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.type()).isEqualTo("SerializationException");
        assertThat(f.lambda.invocationsOf(function)).isEmpty();
    }

    static AttributeType attribute(String name, String value) {
        return AttributeType.builder().name(name).value(value).build();
    }
}
