package dev.cognate.triggers;

import static dev.cognate.triggers.MailedTriggers.LAMBDA;
import static dev.cognate.triggers.TriggerFixture.json;
import static dev.cognate.triggers.TriggerFixture.respond;
import static dev.cognate.triggers.TriggerFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognate.testing.Backend;
import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.LambdaEndpoint;
import dev.cognate.testing.SrpTestClient;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestBrowser.Page;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PreventUserExistenceErrorTypes;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserLambdaValidationException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotConfirmedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;

/**
 * PreAuthentication_Authentication as Cognito asks it: when a user attempts to sign in, before
 * the password is checked (at SRP_A for SRP, before DefineAuthChallenge for CUSTOM_AUTH), once per
 * sign-in. A name no user has reaches it only where the app client hides whether users exist
 * (PreventUserExistenceErrors ENABLED), with {@code userNotFound: true}; with LEGACY it does not.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class PreAuthenticationTest {
    static final String PASSWORD = "Correct-Horse-1";

    @Parameter
    Backend backend;

    final List<String> heard = new CopyOnWriteArrayList<>();

    CognitoIdentityProviderClient cognito() {
        return MailedTriggers.on(backend).cognito;
    }

    /** A PreAuthentication function that refuses with {@code message} while {@code refusing} holds. */
    String preAuthentication(AtomicBoolean refusing, String message) {
        return LAMBDA.function(unique("pre-auth"), event -> {
            heard.add(event.path("triggerSource").asText());
            return refusing.get() ? new LambdaEndpoint.Answer.FunctionError("Error", message)
                    : new LambdaEndpoint.Answer.Returns(event);
        });
    }

    String listening(String name) {
        return LAMBDA.function(unique(name), event -> {
            heard.add(event.path("triggerSource").asText());
            return new LambdaEndpoint.Answer.Returns(event);
        });
    }

    String pool(java.util.function.Consumer<software.amazon.awssdk.services.cognitoidentityprovider.model.LambdaConfigType.Builder> triggers) {
        return cognito().createUserPool(r -> r.poolName(unique("pre-auth")).lambdaConfig(b -> triggers.accept(b)))
                .userPool().id();
    }

    String client(String poolId, PreventUserExistenceErrorTypes prevent) {
        return cognito().createUserPoolClient(r -> r.userPoolId(poolId).clientName("app").explicitAuthFlows(
                ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_ADMIN_USER_PASSWORD_AUTH,
                ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH, ExplicitAuthFlowsType.ALLOW_USER_AUTH,
                ExplicitAuthFlowsType.ALLOW_CUSTOM_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)
                .preventUserExistenceErrors(prevent)).userPoolClient().clientId();
    }

    String user(String poolId, String prefix) {
        String username = unique(prefix);
        cognito().adminCreateUser(r -> r.userPoolId(poolId).username(username).messageAction(MessageActionType.SUPPRESS)
                .userAttributes(a -> a.name("email").value(username + "@example.com"), a -> a.name("email_verified").value("true")));
        cognito().adminSetUserPassword(r -> r.userPoolId(poolId).username(username).password(PASSWORD).permanent(true));
        return username;
    }

    InitiateAuthResponse passwordSignIn(String clientId, String username, String password) {
        return cognito().initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", password)));
    }

    static void assertRefusedBy(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(UserLambdaValidationException.class,
                e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("PreAuthentication failed with error " + message + "."));
    }

    @Test
    void preAuthenticationRefusalStopsTheSignInBeforeThePasswordIsChecked() {
        AtomicBoolean refusing = new AtomicBoolean(true);
        String pre = preAuthentication(refusing, "Account under review");
        String poolId = pool(t -> t.preAuthentication(pre));
        String clientId = client(poolId, PreventUserExistenceErrorTypes.ENABLED);
        String ada = user(poolId, "ada");

        for (int i = 0; i < 7; i++) {
            String guess = "Wrong-Passw0rd-" + i;
            assertRefusedBy(() -> passwordSignIn(clientId, ada, guess), "Account under review");
        }
        assertThat(heard).hasSize(7);

        // the seven wrong passwords were never checked, so they count for nothing towards a lockout
        refusing.set(false);
        assertThat(passwordSignIn(clientId, ada, PASSWORD).authenticationResult().idToken()).isNotBlank();
        assertThat(heard).hasSize(8);
    }

    @Test
    void adminPasswordSignInIsRefusedBeforeItsPasswordIsChecked() {
        String pre = preAuthentication(new AtomicBoolean(true), "Closed for maintenance");
        String poolId = pool(t -> t.preAuthentication(pre));
        String clientId = client(poolId, PreventUserExistenceErrorTypes.ENABLED);
        String bo = user(poolId, "bo");

        assertRefusedBy(() -> cognito().adminInitiateAuth(r -> r.userPoolId(poolId).clientId(clientId)
                .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH).authParameters(Map.of("USERNAME", bo, "PASSWORD", "Not-It-1"))),
                "Closed for maintenance");
        assertThat(heard).containsExactly("PreAuthentication_Authentication");
    }

    @Test
    void anUnknownNameReachesPreAuthenticationWithUserNotFoundOnlyWhereExistenceIsHidden() {
        String pre = listening("pre-auth");
        String poolId = pool(t -> t.preAuthentication(pre));
        String hidden = client(poolId, PreventUserExistenceErrorTypes.ENABLED);
        String legacy = client(poolId, PreventUserExistenceErrorTypes.LEGACY);
        String ghost = unique("ghost");

        assertThatThrownBy(() -> passwordSignIn(hidden, ghost, PASSWORD)).isInstanceOfSatisfying(NotAuthorizedException.class,
                e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Incorrect username or password."));
        JsonNode event = LAMBDA.onlyEventOf(pre);
        assertThat(event.path("userName").asText()).isEqualTo(ghost);
        assertThat(event.path("request")).isEqualTo(json("""
                {"userAttributes": {}, "validationData": {}, "userNotFound": true}"""));

        assertThatThrownBy(() -> passwordSignIn(legacy, ghost, PASSWORD)).isInstanceOf(UserNotFoundException.class);
        assertThat(heard).as("LEGACY: Cognito does not ask the trigger about a name no user has").hasSize(1);
        passwordSignIn(legacy, user(poolId, "cy"), PASSWORD);
        assertThat(LAMBDA.invocationsOf(pre).getLast().event().path("request").has("userNotFound")).isFalse();
    }

    @Test
    void srpIsPreAuthenticatedAtSrpAAndNotAgainAtThePasswordVerifier() {
        String pre = listening("pre-auth");
        String post = listening("post-auth");
        String poolId = pool(t -> t.preAuthentication(pre).postAuthentication(post));
        String clientId = client(poolId, PreventUserExistenceErrorTypes.ENABLED);
        String dee = user(poolId, "dee");
        SrpTestClient srp = new SrpTestClient();

        InitiateAuthResponse verifier = cognito().initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_SRP_AUTH)
                .authParameters(Map.of("USERNAME", dee, "SRP_A", srp.srpA())).clientMetadata(Map.of("step", "srp-a")));
        assertThat(heard).containsExactly("PreAuthentication_Authentication");
        assertThat(LAMBDA.onlyEventOf(pre).path("request").path("validationData")).isEqualTo(json("{\"step\": \"srp-a\"}"));

        RespondToAuthChallengeResponse signedIn = cognito().respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.PASSWORD_VERIFIER)
                .challengeResponses(srp.claim(poolId, PASSWORD, verifier.challengeParameters())));

        assertThat(signedIn.authenticationResult().accessToken()).isNotBlank();
        assertThat(heard).containsExactly("PreAuthentication_Authentication", "PostAuthentication_Authentication");
    }

    @Test
    void aRefusedSrpSignInGetsNoVerifierChallenge() {
        String pre = preAuthentication(new AtomicBoolean(true), "No SRP today");
        String poolId = pool(t -> t.preAuthentication(pre));
        String clientId = client(poolId, PreventUserExistenceErrorTypes.ENABLED);
        String eve = user(poolId, "eve");

        assertRefusedBy(() -> cognito().initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_SRP_AUTH)
                .authParameters(Map.of("USERNAME", eve, "SRP_A", new SrpTestClient().srpA()))), "No SRP today");
    }

    @Test
    void userAuthIsPreAuthenticatedOnceWhenTheChosenFactorStarts() {
        String pre = listening("pre-auth");
        String poolId = pool(t -> t.preAuthentication(pre));
        String clientId = client(poolId, PreventUserExistenceErrorTypes.ENABLED);
        String fay = user(poolId, "fay");

        InitiateAuthResponse select = cognito().initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_AUTH)
                .authParameters(Map.of("USERNAME", fay)));
        assertThat(select.challengeName()).isEqualTo(ChallengeNameType.SELECT_CHALLENGE);
        assertThat(heard).as("choosing is not yet signing in").isEmpty();

        RespondToAuthChallengeResponse signedIn = cognito().respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.SELECT_CHALLENGE).session(select.session())
                .challengeResponses(Map.of("USERNAME", fay, "ANSWER", "PASSWORD", "PASSWORD", PASSWORD)));

        assertThat(signedIn.authenticationResult().idToken()).isNotBlank();
        assertThat(heard).containsExactly("PreAuthentication_Authentication");
    }

    @Test
    void userAuthWithAPreferredPasswordIsRefusedBeforeThePasswordIsChecked() {
        String pre = preAuthentication(new AtomicBoolean(true), "Use the kiosk");
        String poolId = pool(t -> t.preAuthentication(pre));
        String clientId = client(poolId, PreventUserExistenceErrorTypes.ENABLED);
        String gus = user(poolId, "gus");

        assertRefusedBy(() -> cognito().initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_AUTH)
                .authParameters(Map.of("USERNAME", gus, "PREFERRED_CHALLENGE", "PASSWORD", "PASSWORD", "Wrong-1"))),
                "Use the kiosk");
        assertThat(heard).hasSize(1);
    }

    @Test
    void theHostedPageShowsTheRefusalWhateverPasswordWasTyped() {
        AtomicBoolean refusing = new AtomicBoolean(true);
        String pre = preAuthentication(refusing, "Your account is under review");
        HostedUiFixture hosted = HostedUiFixture.on(MailedTriggers.on(backend).server);
        cognito().updateUserPool(r -> r.userPoolId(hosted.poolId).lambdaConfig(l -> l.preAuthentication(pre)));
        String clientId = hosted.client();
        hosted.confirmedUser("jane");
        TestBrowser browser = hosted.browser();
        Page login = browser.get(browser.get(hosted.authorize(clientId)).location());

        Page refused = browser.submit(login, "/login", Map.of("username", "jane", "password", "Not-The-Password-1"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("PreAuthentication failed with error Your account is under review.");
        assertThat(refused.header("Location")).isEmpty();
        assertThat(heard).containsExactly("PreAuthentication_Authentication");
        refusing.set(false);
        Page signedIn = browser.submit(refused, "/login", Map.of("username", "jane", "password", HostedUiFixture.PASSWORD));
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(heard).hasSize(2);
    }

    @Test
    void customAuthIsPreAuthenticatedBeforeDefineAuthChallenge() {
        String pre = listening("pre-auth");
        CustomAuthTest.Functions fn = customFunctions();
        String poolId = pool(t -> t.preAuthentication(pre).defineAuthChallenge(fn.define()).createAuthChallenge(fn.create())
                .verifyAuthChallengeResponse(fn.verify()));
        String clientId = client(poolId, PreventUserExistenceErrorTypes.ENABLED);
        String hal = user(poolId, "hal");

        InitiateAuthResponse challenge = customBegin(clientId, hal, Map.of("USERNAME", hal), Map.of("app", "kiosk"));
        RespondToAuthChallengeResponse signedIn = customAnswer(clientId, hal, challenge.session(), "42");

        assertThat(signedIn.authenticationResult().idToken()).isNotBlank();
        assertThat(heard).containsExactly("PreAuthentication_Authentication", "DefineAuthChallenge_Authentication",
                "CreateAuthChallenge_Authentication", "VerifyAuthChallengeResponse_Authentication",
                "DefineAuthChallenge_Authentication");
        JsonNode request = LAMBDA.onlyEventOf(pre).path("request");
        assertThat(request.path("validationData")).isEqualTo(json("{\"app\": \"kiosk\"}"));
        assertThat(request.path("userNotFound").asBoolean(true)).isFalse();
    }

    @Test
    void aPreAuthenticationRefusalOfCustomAuthAsksNoChallengeFunction() {
        String pre = preAuthentication(new AtomicBoolean(true), "Not here");
        CustomAuthTest.Functions fn = customFunctions();
        String poolId = pool(t -> t.preAuthentication(pre).defineAuthChallenge(fn.define()).createAuthChallenge(fn.create())
                .verifyAuthChallengeResponse(fn.verify()));
        String clientId = client(poolId, PreventUserExistenceErrorTypes.ENABLED);
        String ida = user(poolId, "ida");

        assertRefusedBy(() -> customBegin(clientId, ida, Map.of("USERNAME", ida), Map.of()), "Not here");
        assertThat(heard).containsExactly("PreAuthentication_Authentication");
        assertThat(LAMBDA.invocationsOf(fn.define())).isEmpty();
    }

    @Test
    void customAuthAsksPreAuthenticationAboutAnUnknownNameOnlyWhereExistenceIsHidden() {
        String pre = listening("pre-auth");
        CustomAuthTest.Functions fn = customFunctions();
        String poolId = pool(t -> t.preAuthentication(pre).defineAuthChallenge(fn.define()).createAuthChallenge(fn.create())
                .verifyAuthChallengeResponse(fn.verify()));
        String hidden = client(poolId, PreventUserExistenceErrorTypes.ENABLED);
        String legacy = client(poolId, PreventUserExistenceErrorTypes.LEGACY);
        String ghost = unique("ghost");

        assertThat(customBegin(hidden, ghost, Map.of("USERNAME", ghost), Map.of()).challengeName())
                .isEqualTo(ChallengeNameType.CUSTOM_CHALLENGE);
        assertThat(LAMBDA.onlyEventOf(pre).path("request")).isEqualTo(json("""
                {"userAttributes": {}, "validationData": {}, "userNotFound": true}"""));

        assertThatThrownBy(() -> customBegin(legacy, ghost, Map.of("USERNAME", ghost), Map.of()))
                .isInstanceOf(UserNotFoundException.class);
        assertThat(LAMBDA.invocationsOf(pre)).hasSize(1);
    }

    @Test
    void customAuthWithSrpAIsPreAuthenticatedOnce() {
        String pre = listening("pre-auth");
        CustomAuthTest.Functions fn = customFunctions();
        String poolId = pool(t -> t.preAuthentication(pre).defineAuthChallenge(fn.define()).createAuthChallenge(fn.create())
                .verifyAuthChallengeResponse(fn.verify()));
        String clientId = client(poolId, PreventUserExistenceErrorTypes.ENABLED);
        String jo = user(poolId, "jo");
        SrpTestClient srp = new SrpTestClient();

        InitiateAuthResponse verifier = customBegin(clientId, jo,
                Map.of("USERNAME", jo, "SRP_A", srp.srpA(), "CHALLENGE_NAME", "SRP_A"), Map.of());
        RespondToAuthChallengeResponse custom = cognito().respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.PASSWORD_VERIFIER).session(verifier.session())
                .challengeResponses(srp.claim(poolId, PASSWORD, verifier.challengeParameters())));
        assertThat(custom.challengeName()).isEqualTo(ChallengeNameType.CUSTOM_CHALLENGE);

        assertThat(heard.stream().filter("PreAuthentication_Authentication"::equals)).hasSize(1);
        assertThat(heard.getFirst()).isEqualTo("PreAuthentication_Authentication");
    }

    @Test
    void customAuthDoesNotRevealWhetherAUserExists() {
        CustomAuthTest.Functions fn = customFunctions();
        String poolId = pool(t -> t.defineAuthChallenge(fn.define()).createAuthChallenge(fn.create())
                .verifyAuthChallengeResponse(fn.verify()));
        String clientId = client(poolId, PreventUserExistenceErrorTypes.ENABLED);
        String confirmed = user(poolId, "kim");
        String disabled = user(poolId, "lou");
        cognito().adminDisableUser(r -> r.userPoolId(poolId).username(disabled));
        String unconfirmed = unique("max");
        cognito().signUp(r -> r.clientId(clientId).username(unconfirmed).password(PASSWORD)
                .userAttributes(a -> a.name("email").value(unconfirmed + "@example.com")));
        String ghost = unique("ned");

        for (String name : List.of(confirmed, disabled, unconfirmed, ghost)) {
            InitiateAuthResponse first = customBegin(clientId, name, Map.of("USERNAME", name), Map.of());
            assertThat(first.challengeName()).as(name).isEqualTo(ChallengeNameType.CUSTOM_CHALLENGE);
            assertThat(first.challengeParameters()).as(name).isEqualTo(Map.of("question", "6 x 7", "USERNAME", name));
            RespondToAuthChallengeResponse second = customAnswer(clientId, name, first.session(), "41");
            RespondToAuthChallengeResponse third = customAnswer(clientId, name, second.session(), "40");
            assertThatThrownBy(() -> customAnswer(clientId, name, third.session(), "39")).as(name)
                    .isInstanceOfSatisfying(NotAuthorizedException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Incorrect username or password."));
        }

        // only once the challenge is passed does a user learn why the account may not sign in, as after a right password
        assertThatThrownBy(() -> customAnswer(clientId, disabled,
                customBegin(clientId, disabled, Map.of("USERNAME", disabled), Map.of()).session(), "42"))
                .isInstanceOfSatisfying(NotAuthorizedException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("User is disabled."));
        assertThatThrownBy(() -> customAnswer(clientId, unconfirmed,
                customBegin(clientId, unconfirmed, Map.of("USERNAME", unconfirmed), Map.of()).session(), "42"))
                .isInstanceOf(UserNotConfirmedException.class);
        assertThatThrownBy(() -> customAnswer(clientId, ghost,
                customBegin(clientId, ghost, Map.of("USERNAME", ghost), Map.of()).session(), "42"))
                .isInstanceOfSatisfying(NotAuthorizedException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Incorrect username or password."));

        // LEGACY tells at once, as Cognito does
        String legacy = client(poolId, PreventUserExistenceErrorTypes.LEGACY);
        assertThatThrownBy(() -> customBegin(legacy, disabled, Map.of("USERNAME", disabled), Map.of()))
                .isInstanceOfSatisfying(NotAuthorizedException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("User is disabled."));
        assertThatThrownBy(() -> customBegin(legacy, unconfirmed, Map.of("USERNAME", unconfirmed), Map.of()))
                .isInstanceOf(UserNotConfirmedException.class);
    }

    /** The same question for anyone (as Cognito recommends for decoys), judged honestly; three tries. */
    CustomAuthTest.Functions customFunctions() {
        return new CustomAuthTest.Functions(
                LAMBDA.function(unique("define"), event -> {
                    heard.add(event.path("triggerSource").asText());
                    return CustomAuthTest.define(event);
                }),
                LAMBDA.function(unique("create"), event -> {
                    heard.add(event.path("triggerSource").asText());
                    return respond(event, """
                            {"publicChallengeParameters": {"question": "6 x 7"}, "privateChallengeParameters": {"answer": "42"}}""");
                }),
                LAMBDA.function(unique("verify"), event -> {
                    heard.add(event.path("triggerSource").asText());
                    return respond(event, "{\"answerCorrect\": %s}".formatted(
                            event.path("request").path("challengeAnswer").asText().equals("42")));
                }));
    }

    InitiateAuthResponse customBegin(String clientId, String username, Map<String, String> parameters,
                                     Map<String, String> metadata) {
        return cognito().initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.CUSTOM_AUTH)
                .authParameters(parameters).clientMetadata(metadata));
    }

    RespondToAuthChallengeResponse customAnswer(String clientId, String username, String session, String answer) {
        Map<String, String> responses = new HashMap<>(Map.of("USERNAME", username, "ANSWER", answer));
        return cognito().respondToAuthChallenge(r -> r.clientId(clientId).challengeName(ChallengeNameType.CUSTOM_CHALLENGE)
                .session(session).challengeResponses(responses));
    }
}
