package dev.cognate.triggers;

import static dev.cognate.triggers.SignUpTriggersTest.attribute;
import static dev.cognate.triggers.TriggerFixture.PASSWORD;
import static dev.cognate.triggers.TriggerFixture.json;
import static dev.cognate.triggers.TriggerFixture.respond;
import static dev.cognate.triggers.TriggerFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.LambdaEndpoint;
import dev.cognate.testing.TestBrowser;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PasswordResetRequiredException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserLambdaValidationException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameAttributeType;

/** UserMigration_Authentication and UserMigration_ForgotPassword: an unknown user created from the function's answer. */
class UserMigrationTest {
    final TriggerFixture f = TriggerFixture.shared();

    /** The old directory: knows every name, accepts only {@link TriggerFixture#PASSWORD}. */
    String oldDirectory(String name, String finalUserStatus) {
        return f.lambda.function(unique(name), event -> {
            if (event.path("triggerSource").asText().equals("UserMigration_Authentication")
                    && !event.path("request").path("password").asText().equals(PASSWORD)) {
                return new LambdaEndpoint.Answer.FunctionError("Error", "Bad password");
            }
            return respond(event, """
                    {"userAttributes": {"email": "%s@legacy.example", "email_verified": "true"},
                     "finalUserStatus": %s, "messageAction": "SUPPRESS"}"""
                    .formatted(event.path("userName").asText(), finalUserStatus == null ? "null" : "\"" + finalUserStatus + "\""));
        });
    }

    @Test
    void anUnknownUserSigningInIsMigratedFromTheDocumentedEventsAnswer() {
        String function = oldDirectory("migrate", "CONFIRMED");
        String poolId = f.pool(t -> t.userMigration(function));
        String clientId = f.client(poolId);
        String pat = unique("pat");

        AuthenticationResultType tokens = signIn(clientId, pat, PASSWORD, Map.of("device", "kiosk"));

        assertThat(tokens.accessToken()).isNotBlank();
        assertThat(f.lambda.onlyEventOf(function)).isEqualTo(json("""
                {"version": "1", "triggerSource": "UserMigration_Authentication", "region": "us-east-1",
                 "userPoolId": "%s", "userName": "%s",
                 "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "%s"},
                 "request": {"password": "%s", "validationData": {"device": "kiosk"}},
                 "response": {"userAttributes": null, "finalUserStatus": null, "messageAction": null,
                              "desiredDeliveryMediums": null, "forceAliasCreation": null, "enableSMSMFA": null}}"""
                .formatted(poolId, pat, clientId, PASSWORD)));
        var user = f.cognito.adminGetUser(r -> r.userPoolId(poolId).username(pat));
        assertThat(user.userStatus()).isEqualTo(UserStatusType.CONFIRMED);
        assertThat(user.userAttributes()).contains(attribute("email", pat + "@legacy.example"),
                attribute("email_verified", "true"));
        // migrated once: the next sign-in is the pool's own
        signIn(clientId, pat, PASSWORD, Map.of());
        assertThat(f.lambda.invocationsOf(function)).hasSize(1);
    }

    @Test
    void adminSignInMigratesToResetRequiredWhenTheFunctionSaysSo() {
        String function = oldDirectory("migrate-reset", "RESET_REQUIRED");
        String poolId = f.pool(t -> t.userMigration(function));
        String clientId = f.client(poolId);
        String quinn = unique("quinn");

        assertThatThrownBy(() -> f.cognito.adminInitiateAuth(r -> r.userPoolId(poolId).clientId(clientId)
                .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH).authParameters(Map.of("USERNAME", quinn, "PASSWORD", PASSWORD))))
                .isInstanceOf(PasswordResetRequiredException.class);
        assertThat(f.cognito.adminGetUser(r -> r.userPoolId(poolId).username(quinn)).userStatus())
                .isEqualTo(UserStatusType.RESET_REQUIRED);
    }

    @Test
    void aFunctionErrorRefusesTheSignInWithCognitosMessageAndCreatesNoUser() {
        String function = oldDirectory("migrate-refuses", "CONFIRMED");
        String poolId = f.pool(t -> t.userMigration(function));
        String clientId = f.client(poolId);
        String rae = unique("rae");

        assertThatThrownBy(() -> signIn(clientId, rae, "Wrong-Horse-9", Map.of()))
                .isInstanceOfSatisfying(UserLambdaValidationException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("UserMigration failed with error Bad password."));
        assertThatThrownBy(() -> f.cognito.adminGetUser(r -> r.userPoolId(poolId).username(rae)))
                .isInstanceOf(UserNotFoundException.class);
    }

    @Test
    void aKnownUserWithAWrongPasswordIsNeverSentToTheOldDirectory() {
        String function = oldDirectory("migrate-known", "CONFIRMED");
        String poolId = f.pool(t -> t.userMigration(function));
        String clientId = f.client(poolId);
        String sam = f.confirmedUser(poolId, unique("sam"));

        assertThatThrownBy(() -> signIn(clientId, sam, "Wrong-Horse-9", Map.of())).isInstanceOf(NotAuthorizedException.class);
        assertThat(f.lambda.invocationsOf(function)).isEmpty();
    }

    @Test
    void userMigrationAnswerForAnotherUsernameNeitherCreatesNorOverwritesThatUser() {
        String victim = unique("victim");
        var victimSubSeen = new java.util.concurrent.atomic.AtomicReference<String>();
        String function = f.lambda.function(unique("migrate-hijack"), event -> {
            event.put("userName", victim);
            return respond(event, """
                    {"userAttributes": {"email": "mallory@evil.example", "email_verified": "true", "sub": "%s"},
                     "finalUserStatus": "CONFIRMED", "messageAction": "SUPPRESS"}""".formatted(victimSubSeen.get()));
        });
        String poolId = f.pool(t -> t.userMigration(function));
        f.confirmedUser(poolId, victim);
        String victimSub = f.sub(poolId, victim);
        victimSubSeen.set(victimSub);
        String clientId = f.client(poolId);
        String mallory = unique("mallory");

        // sub is no attribute a function (or an administrator) may set: the answer is not taken
        assertThatThrownBy(() -> signIn(clientId, mallory, "Mallory-Horse-7", Map.of()))
                .isInstanceOfSatisfying(software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidLambdaResponseException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Unrecognizable lambda output"));
        assertThatThrownBy(() -> f.cognito.adminGetUser(r -> r.userPoolId(poolId).username(mallory)))
                .isInstanceOf(UserNotFoundException.class);
        assertUnchanged(poolId, victim, victimSub, clientId);
    }

    @Test
    void aMigrationAnswerRenamingTheUserStillCreatesOnlyTheNameSignedInWith() {
        String victim = unique("victim");
        String function = f.lambda.function(unique("migrate-rename"), event -> {
            event.put("userName", victim);
            return respond(event, """
                    {"userAttributes": {"email": "mallory@evil.example"}, "finalUserStatus": "CONFIRMED"}""");
        });
        String poolId = f.pool(t -> t.userMigration(function));
        f.confirmedUser(poolId, victim);
        String victimSub = f.sub(poolId, victim);
        String clientId = f.client(poolId);
        String mallory = unique("mallory");

        signIn(clientId, mallory, "Mallory-Horse-7", Map.of());

        assertThat(f.cognito.adminGetUser(r -> r.userPoolId(poolId).username(mallory)).userAttributes())
                .contains(attribute("email", "mallory@evil.example"));
        assertUnchanged(poolId, victim, victimSub, clientId);
        assertThatThrownBy(() -> signIn(clientId, victim, "Mallory-Horse-7", Map.of())).isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void inAnEmailPoolAnAnswerNamingAnotherAddressCannotTakeItsSignIn() {
        String victimEmail = unique("victim") + "@example.com";
        String function = f.lambda.function(unique("migrate-email-hijack"), event -> respond(event, """
                {"userAttributes": {"email": "%s", "email_verified": "true"}, "finalUserStatus": "CONFIRMED"}"""
                .formatted(victimEmail)));
        String poolId = f.cognito.createUserPool(r -> r.poolName(unique("migrate-email"))
                .usernameAttributes(UsernameAttributeType.EMAIL).lambdaConfig(l -> l.userMigration(function))).userPool().id();
        f.cognito.adminCreateUser(r -> r.userPoolId(poolId).username(victimEmail).messageAction("SUPPRESS")
                .userAttributes(attribute("email_verified", "true")));
        f.cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username(victimEmail).password(PASSWORD).permanent(true));
        String clientId = f.client(poolId);
        String malloryEmail = unique("mallory") + "@example.com";

        signIn(clientId, malloryEmail, "Mallory-Horse-7", Map.of());

        Map<String, String> mallory = attributes(poolId, malloryEmail);
        assertThat(mallory).containsEntry("email", malloryEmail);
        assertThat(attributes(poolId, victimEmail)).containsEntry("email", victimEmail);
        assertThat(signIn(clientId, victimEmail, PASSWORD, Map.of()).accessToken()).isNotBlank();
        assertThatThrownBy(() -> signIn(clientId, victimEmail, "Mallory-Horse-7", Map.of()))
                .isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void forgotPasswordMigratesAnUnknownUserWithoutAPasswordAndSendsTheResetCode() {
        String function = oldDirectory("migrate-forgot", null);
        String poolId = f.mailingPool(t -> t.userMigration(function));
        String clientId = f.client(poolId);
        String tess = unique("tess");

        var delivery = f.cognito.forgotPassword(r -> r.clientId(clientId).username(tess)
                .clientMetadata(Map.of("from", "help-page"))).codeDeliveryDetails();

        assertThat(delivery.attributeName()).isEqualTo("email");
        var event = f.lambda.onlyEventOf(function);
        assertThat(event.path("triggerSource").asText()).isEqualTo("UserMigration_ForgotPassword");
        assertThat(event.path("request").has("password")).isFalse();
        assertThat(event.path("request").path("clientMetadata")).isEqualTo(json("{\"from\": \"help-page\"}"));
        assertThat(f.cognito.adminGetUser(r -> r.userPoolId(poolId).username(tess)).userStatus())
                .isEqualTo(UserStatusType.RESET_REQUIRED);
        f.cognito.confirmForgotPassword(r -> r.clientId(clientId).username(tess).confirmationCode(f.lastCode(poolId))
                .password("Fresh-Horse-3"));
        assertThat(signIn(clientId, tess, "Fresh-Horse-3", Map.of()).accessToken()).isNotBlank();
    }

    @Test
    void aMigrationThatNeverAnswersIsCognitosTimeoutErrorNotAHangAndNoUser() {
        String function = f.lambda.function(unique("migrate-hangs"), event -> new LambdaEndpoint.Answer.Hangs());
        String poolId = f.pool(t -> t.userMigration(function));
        String clientId = f.client(poolId);
        String una = unique("una");

        assertThatThrownBy(() -> signIn(clientId, una, PASSWORD, Map.of()))
                .isInstanceOfSatisfying(software.amazon.awssdk.services.cognitoidentityprovider.model.UnexpectedLambdaException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                                "UserMigration invocation failed due to error Socket timeout while invoking Lambda function."));
        assertThatThrownBy(() -> f.cognito.adminGetUser(r -> r.userPoolId(poolId).username(una)))
                .isInstanceOf(UserNotFoundException.class);
        assertThat(f.server.server().metrics().scrape())
                .contains("cognate_lambda_errors_total{trigger=\"UserMigration\",type=\"UnexpectedLambdaException\"}");
    }

    @Test
    void theHostedPageMigratesAnUnknownUserAndShowsARefusedOneWithCognitosMessage() {
        HostedUiFixture hosted = HostedUiFixture.on(f.server);
        String function = f.lambda.function(unique("migrate-hosted"), event ->
                event.path("request").path("password").asText().equals(HostedUiFixture.PASSWORD)
                        ? respond(event, "{\"userAttributes\": {\"email\": \"hosted@legacy.example\"}}")
                        : new LambdaEndpoint.Answer.FunctionError("Error", "Bad password"));
        f.cognito.updateUserPool(r -> r.userPoolId(hosted.poolId).lambdaConfig(l -> l.userMigration(function)));
        String clientId = hosted.client();
        String vera = unique("vera");

        TestBrowser.Page refused = hostedSignIn(hosted, clientId, vera, "Wrong-Horse-9");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("UserMigration failed with error Bad password.");
        TestBrowser.Page signedIn = hostedSignIn(hosted, clientId, vera, HostedUiFixture.PASSWORD);

        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.locationParameters()).containsKey("code");
        assertThat(f.lambda.invocationsOf(function).getLast().event().path("callerContext").path("clientId").asText())
                .isEqualTo(clientId);
        assertThat(f.cognito.adminGetUser(r -> r.userPoolId(hosted.poolId).username(vera)).userStatus())
                .isEqualTo(UserStatusType.CONFIRMED);
    }

    @Test
    void theHostedForgotPasswordPageMigratesAnUnknownUserAndTheMailedCodeResetsThePassword() {
        HostedUiFixture hosted = HostedUiFixture.on(f.server);
        String function = oldDirectory("migrate-hosted-forgot", null);
        f.cognito.updateUserPool(r -> r.userPoolId(hosted.poolId).lambdaConfig(l -> l.userMigration(function)));
        String clientId = hosted.client();
        String uma = unique("uma");
        TestBrowser browser = hosted.browser();
        TestBrowser.Page login = browser.get(browser.get(hosted.authorize(clientId)).location());
        TestBrowser.Page forgot = browser.get("/forgotPassword?signin=" + login.hiddenFields().get("signin"));

        TestBrowser.Page asked = browser.submit(forgot, "/forgotPassword", Map.of("username", uma));

        assertThat(asked.status()).isEqualTo(303);
        assertThat(f.lambda.onlyEventOf(function).path("triggerSource").asText()).isEqualTo("UserMigration_ForgotPassword");
        assertThat(f.cognito.adminGetUser(r -> r.userPoolId(hosted.poolId).username(uma)).userStatus())
                .isEqualTo(UserStatusType.RESET_REQUIRED);
        TestBrowser.Page codePage = browser.get(asked.location());
        TestBrowser.Page reset = browser.submit(codePage, "/confirmForgotPassword", Map.of("code", f.lastCode(hosted.poolId),
                "new_password", "Fresh-Horse-3", "confirm_password", "Fresh-Horse-3"));
        assertThat(reset.status()).isEqualTo(200);
        assertThat(hostedSignIn(hosted, clientId, uma, "Fresh-Horse-3").status()).isEqualTo(302);
    }

    private static TestBrowser.Page hostedSignIn(HostedUiFixture hosted, String clientId, String username, String password) {
        TestBrowser browser = hosted.browser();
        TestBrowser.Page toLogin = browser.get(hosted.authorize(clientId));
        TestBrowser.Page page = browser.get(toLogin.location());
        return browser.submit(page, "/login", Map.of("username", username, "password", password));
    }

    private void assertUnchanged(String poolId, String victim, String victimSub, String clientId) {
        assertThat(f.sub(poolId, victim)).isEqualTo(victimSub);
        assertThat(attributes(poolId, victim)).containsEntry("email", victim + "@example.com");
        assertThat(signIn(clientId, victim, PASSWORD, Map.of()).accessToken()).isNotBlank();
    }

    private AuthenticationResultType signIn(String clientId, String username, String password, Map<String, String> metadata) {
        return f.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", password)).clientMetadata(metadata))
                .authenticationResult();
    }

    private Map<String, String> attributes(String poolId, String username) {
        return f.cognito.adminGetUser(r -> r.userPoolId(poolId).username(username)).userAttributes().stream()
                .collect(Collectors.toMap(AttributeType::name, AttributeType::value));
    }
}
