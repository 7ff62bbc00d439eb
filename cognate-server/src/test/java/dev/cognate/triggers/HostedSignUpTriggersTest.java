package dev.cognate.triggers;

import static dev.cognate.triggers.TriggerFixture.respond;
import static dev.cognate.triggers.TriggerFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.LambdaEndpoint;
import dev.cognate.testing.TestBrowser;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/**
 * The hosted sign-up pages run the pool's sign-up triggers as the API does (as Cognito's hosted
 * UI does): a refusing PreSignUp_SignUp is shown with Cognito's message on the re-rendered form,
 * one that confirms signs the user in at once, and a failing PostConfirmation leaves the user
 * confirmed with its message on the sign-in page; a failing CustomMessage is shown where the code
 * would have been asked for. Never an error status of the server.
 */
class HostedSignUpTriggersTest {
    final TriggerFixture f = TriggerFixture.shared();

    @Test
    void aRefusingPreSignUpShowsItsMessageOnTheHostedSignUpPageAndCreatesNoOne() {
        String function = f.lambda.function(unique("hosted-pre-sign-up"),
                event -> new LambdaEndpoint.Answer.FunctionError("Error", "Invite required"));
        HostedUiFixture hosted = hostedPool(l -> l.preSignUp(function));
        String clientId = hosted.client();
        String dora = unique("dora");

        TestBrowser browser = hosted.browser();
        TestBrowser.Page refused = signUp(browser, hosted, clientId, dora);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("PreSignUp failed with error Invite required.", "name=\"password\"");
        var event = f.lambda.onlyEventOf(function);
        assertThat(event.path("triggerSource").asText()).isEqualTo("PreSignUp_SignUp");
        assertThat(event.path("callerContext").path("clientId").asText()).isEqualTo(clientId);
        assertThat(event.path("request").path("userAttributes").path("email").asText()).isEqualTo(dora + "@example.com");
        assertThatThrownBy(() -> f.cognito.adminGetUser(r -> r.userPoolId(hosted.poolId).username(dora)))
                .isInstanceOf(UserNotFoundException.class);
    }

    @Test
    void aPreSignUpThatConfirmsTheUserSignsThemInFromTheHostedPageWithoutACode() {
        String function = f.lambda.function(unique("hosted-auto-confirm"),
                event -> respond(event, "{\"autoConfirmUser\": true, \"autoVerifyEmail\": true}"));
        HostedUiFixture hosted = hostedPool(l -> l.preSignUp(function));
        String clientId = hosted.client();
        String eli = unique("eli");

        TestBrowser.Page answer = signUp(hosted.browser(), hosted, clientId, eli);

        assertThat(answer.redirectsTo(HostedUiFixture.CALLBACK)).isTrue();
        assertThat(hosted.redeemed(answer.locationParameters().get("code")).username()).isEqualTo(eli);
        var user = f.cognito.adminGetUser(r -> r.userPoolId(hosted.poolId).username(eli));
        assertThat(user.userStatus()).isEqualTo(UserStatusType.CONFIRMED);
        assertThat(f.sent(hosted.poolId)).isEmpty();
    }

    @Test
    void aFailingPostConfirmationOnTheHostedConfirmPageShowsItsMessageAndTheUserStaysConfirmed() {
        String function = f.lambda.function(unique("hosted-post-confirmation"),
                event -> new LambdaEndpoint.Answer.FunctionError("Error", "CRM is down"));
        HostedUiFixture hosted = hostedPool(l -> l.postConfirmation(function));
        String clientId = hosted.client();
        String fay = unique("fay");
        TestBrowser browser = hosted.browser();
        TestBrowser.Page toConfirm = signUp(browser, hosted, clientId, fay);
        assertThat(toConfirm.status()).isEqualTo(303);
        TestBrowser.Page confirm = browser.get(toConfirm.location());

        TestBrowser.Page answer = browser.submit(confirm, "/confirm", Map.of("code", f.lastCode(hosted.poolId)));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("PostConfirmation failed with error CRM is down.");
        var event = f.lambda.onlyEventOf(function);
        assertThat(event.path("triggerSource").asText()).isEqualTo("PostConfirmation_ConfirmSignUp");
        assertThat(event.path("callerContext").path("clientId").asText()).isEqualTo(clientId);
        assertThat(f.cognito.adminGetUser(r -> r.userPoolId(hosted.poolId).username(fay)).userStatus())
                .isEqualTo(UserStatusType.CONFIRMED);
    }

    @Test
    void aFailingCustomMessageOnTheHostedForgotPasswordPageShowsItsMessageNotAServerError() {
        String function = f.lambda.function(unique("hosted-custom-message"),
                event -> new LambdaEndpoint.Answer.FunctionError("Error", "Template missing"));
        HostedUiFixture hosted = hostedPool(l -> l.customMessage(function));
        String clientId = hosted.client();
        String gus = f.confirmedUser(hosted.poolId, unique("gus"));
        TestBrowser browser = hosted.browser();
        TestBrowser.Page login = browser.get(browser.get(hosted.authorize(clientId)).location());
        TestBrowser.Page forgot = browser.get("/forgotPassword?signin=" + login.hiddenFields().get("signin"));

        TestBrowser.Page answer = browser.submit(forgot, "/forgotPassword", Map.of("username", gus));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("CustomMessage failed with error Template missing.");
        assertThat(f.lambda.onlyEventOf(function).path("triggerSource").asText()).isEqualTo("CustomMessage_ForgotPassword");
        assertThat(f.sent(hosted.poolId)).isEmpty();
    }

    /** A hosted pool that verifies e-mail addresses (codes go to the outbox) with these triggers. */
    private HostedUiFixture hostedPool(
            java.util.function.Consumer<software.amazon.awssdk.services.cognitoidentityprovider.model.LambdaConfigType.Builder>
                    triggers) {
        HostedUiFixture hosted = HostedUiFixture.on(f.server);
        f.cognito.updateUserPool(r -> r.userPoolId(hosted.poolId).autoVerifiedAttributes(VerifiedAttributeType.EMAIL)
                .lambdaConfig(l -> triggers.accept(l)));
        return hosted;
    }

    private static TestBrowser.Page signUp(TestBrowser browser, HostedUiFixture hosted, String clientId, String username) {
        TestBrowser.Page toLogin = browser.get(hosted.authorize(clientId));
        TestBrowser.Page login = browser.get(toLogin.location());
        TestBrowser.Page form = browser.get("/signup?signin=" + login.hiddenFields().get("signin"));
        assertThat(form.status()).isEqualTo(200);
        return browser.submit(form, "/signup", Map.of("username", username, "attribute.email", username + "@example.com",
                "password", HostedUiFixture.PASSWORD));
    }
}
