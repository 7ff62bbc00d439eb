package dev.cognate.triggers;

import static dev.cognate.triggers.SignUpTriggersTest.attribute;
import static dev.cognate.triggers.TriggerFixture.PASSWORD;
import static dev.cognate.triggers.TriggerFixture.json;
import static dev.cognate.triggers.TriggerFixture.respond;
import static dev.cognate.triggers.TriggerFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.store.OutboxStore;
import dev.cognate.testing.LambdaEndpoint;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DeliveryMediumType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserLambdaValidationException;

/** CustomMessage for every source Cognate sends a message for: what the function answers is what is sent. */
class CustomMessageTest {
    final TriggerFixture f = TriggerFixture.shared();

    /** A function that answers every source in its own words, the placeholders it was given kept. */
    String branded(String name) {
        return f.lambda.function(unique(name), event -> {
            String source = event.path("triggerSource").asText();
            String code = event.path("request").path("codeParameter").asText();
            String username = event.path("request").path("usernameParameter").asText("");
            return respond(event, """
                    {"smsMessage": "SMS %s %s %s", "emailMessage": "<p>Acme %s: %s %s</p>", "emailSubject": "Acme %s"}"""
                    .formatted(source, username, code, source, username, code, source));
        });
    }

    @Test
    void signUpSendsTheDocumentedEventAndTheFunctionsMessageIsWhatIsSent() {
        String function = branded("custom-message");
        String poolId = f.mailingPool(t -> t.customMessage(function));
        String clientId = f.client(poolId);
        String jane = unique("jane");

        f.cognito.signUp(r -> r.clientId(clientId).username(jane).password(PASSWORD)
                .userAttributes(attribute("email", "jane@example.com")).clientMetadata(Map.of("lang", "en")));

        var event = f.lambda.onlyEventOf(function);
        String sub = f.sub(poolId, jane);
        assertThat(event).isEqualTo(json("""
                {"version": "1", "triggerSource": "CustomMessage_SignUp", "region": "us-east-1",
                 "userPoolId": "%s", "userName": "%s",
                 "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "%s"},
                 "request": {"userAttributes": {"sub": "%s", "email": "jane@example.com", "cognito:user_status": "UNCONFIRMED"},
                             "codeParameter": "{####}", "linkParameter": "{##Click Here##}", "usernameParameter": null,
                             "clientMetadata": {"lang": "en"}},
                 "response": {"smsMessage": null, "emailMessage": null, "emailSubject": null}}"""
                .formatted(poolId, jane, clientId, sub)));
        OutboxStore.Entry mail = f.sent(poolId).getFirst();
        assertThat(mail.subject()).isEqualTo("Acme CustomMessage_SignUp");
        assertThat(mail.body()).matches("<p>Acme CustomMessage_SignUp:  \\d{6}</p>");
        f.cognito.confirmSignUp(r -> r.clientId(clientId).username(jane).confirmationCode(f.lastCode(poolId)));
    }

    @Test
    void everySourceIsAskedAndItsAnswerIsSent() {
        String function = branded("custom-message-all");
        String poolId = f.mailingPool(t -> t.customMessage(function));
        String clientId = f.client(poolId);
        String kim = unique("kim");
        f.cognito.signUp(r -> r.clientId(clientId).username(kim).password(PASSWORD)
                .userAttributes(attribute("email", "kim@example.com")));
        f.cognito.resendConfirmationCode(r -> r.clientId(clientId).username(kim));
        assertThat(f.sent(poolId).getFirst().subject()).isEqualTo("Acme CustomMessage_ResendCode");
        f.cognito.confirmSignUp(r -> r.clientId(clientId).username(kim).confirmationCode(f.lastCode(poolId)));
        f.cognito.forgotPassword(r -> r.clientId(clientId).username(kim));
        assertThat(f.sent(poolId).getFirst().subject()).isEqualTo("Acme CustomMessage_ForgotPassword");
        f.cognito.confirmForgotPassword(r -> r.clientId(clientId).username(kim).confirmationCode(f.lastCode(poolId))
                .password(PASSWORD));
        String accessToken = f.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", kim, "PASSWORD", PASSWORD))).authenticationResult().accessToken();
        f.cognito.updateUserAttributes(r -> r.accessToken(accessToken).userAttributes(attribute("email", "kim@example.org")));
        assertThat(f.sent(poolId).getFirst().subject()).isEqualTo("Acme CustomMessage_UpdateUserAttribute");
        f.cognito.getUserAttributeVerificationCode(r -> r.accessToken(accessToken).attributeName("email"));
        assertThat(f.sent(poolId).getFirst().subject()).isEqualTo("Acme CustomMessage_VerifyUserAttribute");
        String leo = unique("leo");
        f.cognito.adminCreateUser(r -> r.userPoolId(poolId).username(leo).clientMetadata(Map.of("brand", "acme"))
                .desiredDeliveryMediums(DeliveryMediumType.EMAIL, DeliveryMediumType.SMS)
                .userAttributes(attribute("email", "leo@example.com"), attribute("phone_number", "+15555550123")));

        assertThat(f.lambda.invocationsOf(function).stream().map(i -> i.event().path("triggerSource").asText()).toList())
                .containsExactly("CustomMessage_SignUp", "CustomMessage_ResendCode", "CustomMessage_ForgotPassword",
                        "CustomMessage_UpdateUserAttribute", "CustomMessage_VerifyUserAttribute",
                        "CustomMessage_AdminCreateUser", "CustomMessage_AdminCreateUser");
        var invitation = f.lambda.invocationsOf(function).getLast().event();
        assertThat(invitation.path("request").path("usernameParameter").asText()).isEqualTo("{username}");
        assertThat(invitation.path("callerContext").path("clientId").asText()).isEqualTo("CLIENT_ID_NOT_APPLICABLE");
        assertThat(invitation.path("request").path("clientMetadata")).isEqualTo(json("{\"brand\": \"acme\"}"));
        var sent = f.sent(poolId);
        assertThat(sent.stream().filter(e -> e.medium().name().equals("SMS")).findFirst().orElseThrow().body())
                .matches("SMS CustomMessage_AdminCreateUser " + leo + " \\S+");
        assertThat(sent.stream().filter(e -> "Acme CustomMessage_AdminCreateUser".equals(e.subject())).findFirst()
                .orElseThrow().body()).startsWith("<p>Acme CustomMessage_AdminCreateUser: " + leo + " ");
    }

    @Test
    void customMessageThatDropsTheCodeIsNotSentAndThePoolsOwnMessageCarriesTheCode() {
        String function = f.lambda.function(unique("custom-message-no-code"), event -> respond(event, """
                {"smsMessage": "Call us", "emailMessage": "Click https://evil.example/reset", "emailSubject": "Reset"}"""));
        String poolId = f.mailingPool(t -> t.customMessage(function));
        String clientId = f.client(poolId);
        String max = unique("max");

        f.cognito.signUp(r -> r.clientId(clientId).username(max).password(PASSWORD)
                .userAttributes(attribute("email", "max@example.com")));

        OutboxStore.Entry mail = f.sent(poolId).getFirst();
        assertThat(mail.body()).matches("Your verification code is \\d{6}\\.\\s*").doesNotContain("evil");
        // The subject carries no code: the function's is kept.
        assertThat(mail.subject()).isEqualTo("Reset");
        f.cognito.confirmSignUp(r -> r.clientId(clientId).username(max).confirmationCode(f.lastCode(poolId)));
    }

    @Test
    void anInvitationThatDropsTheUsernameIsNotSentEither() {
        String function = f.lambda.function(unique("custom-message-no-username"), event -> respond(event, """
                {"emailMessage": "Your password is {####}", "emailSubject": "Welcome"}"""));
        String poolId = f.mailingPool(t -> t.customMessage(function));
        String ned = unique("ned");

        f.cognito.adminCreateUser(r -> r.userPoolId(poolId).username(ned).desiredDeliveryMediums(DeliveryMediumType.EMAIL)
                .userAttributes(attribute("email", "ned@example.com")));

        assertThat(f.sent(poolId).getFirst().body()).startsWith("Your username is " + ned + " and temporary password is ");
    }

    @Test
    void aCustomMessageErrorIsCognitosError() {
        String function = f.lambda.function(unique("custom-message-error"), event ->
                new LambdaEndpoint.Answer.FunctionError("Error", "template missing"));
        String poolId = f.mailingPool(t -> t.customMessage(function));
        String clientId = f.client(poolId);
        String olga = f.confirmedUser(poolId, unique("olga"));

        assertThatThrownBy(() -> f.cognito.forgotPassword(r -> r.clientId(clientId).username(olga)))
                .isInstanceOfSatisfying(UserLambdaValidationException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("CustomMessage failed with error template missing."));
        assertThat(f.sent(poolId)).isEmpty();
    }
}
