package dev.cognate.triggers;

import static dev.cognate.triggers.MailedTriggers.LAMBDA;
import static dev.cognate.triggers.MailedTriggers.mailsAfter;
import static dev.cognate.triggers.MailedTriggers.mailsTo;
import static dev.cognate.triggers.TriggerFixture.json;
import static dev.cognate.triggers.TriggerFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMailUtil;
import dev.cognate.testing.Backend;
import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.LambdaEndpoint;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestBrowser.Page;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFactorType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LambdaConfigType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserLambdaValidationException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType;

/**
 * PreAuthentication_Authentication and PostAuthentication_Authentication around sign-ins that end
 * with a mailed code (read from GreenMail): USER_AUTH with EMAIL_OTP as the first factor, and
 * EMAIL_OTP as the second factor through the API and the hosted {@code /login/email-code}. As in
 * Cognito, pre authentication comes as the sign-in is attempted (before a code is mailed) and
 * post authentication once the last factor is proven, before any token.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class EmailCodeAuthenticationTriggersTest {
    static final String PASSWORD = HostedUiFixture.PASSWORD;
    static final Pattern SIGN_IN_CODE = Pattern.compile("\\b(\\d{8})\\b");

    @Parameter
    Backend backend;

    final List<String> heard = new CopyOnWriteArrayList<>();

    CognitoIdentityProviderClient cognito() {
        return MailedTriggers.on(backend).cognito;
    }

    /** A function that records the trigger source it heard, in order with the others, and lets the sign-in go on. */
    String listening(String name) {
        return LAMBDA.function(unique(name), event -> {
            heard.add(event.path("triggerSource").asText());
            return new LambdaEndpoint.Answer.Returns(event);
        });
    }

    String refusing(String name, String message) {
        return LAMBDA.function(unique(name), event -> {
            heard.add(event.path("triggerSource").asText());
            return new LambdaEndpoint.Answer.FunctionError("Error", message);
        });
    }

    /** A pool whose users may sign in with a password or a mailed code, and have e-mail MFA available. */
    String pool(Consumer<LambdaConfigType.Builder> triggers) {
        String poolId = cognito().createUserPool(r -> r.poolName(unique("codes")).lambdaConfig(b -> triggers.accept(b))
                .policies(p -> p.signInPolicy(s -> s.allowedFirstAuthFactors(AuthFactorType.PASSWORD,
                        AuthFactorType.EMAIL_OTP)))).userPool().id();
        cognito().setUserPoolMfaConfig(r -> r.userPoolId(poolId).mfaConfiguration(UserPoolMfaType.OPTIONAL)
                .emailMfaConfiguration(e -> e.subject("Your sign-in code").message("Sign in with {####} now.")));
        return poolId;
    }

    String client(String poolId) {
        return cognito().createUserPoolClient(r -> r.userPoolId(poolId).clientName("app").explicitAuthFlows(
                ExplicitAuthFlowsType.ALLOW_USER_AUTH, ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH,
                ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)).userPoolClient().clientId();
    }

    /** A CONFIRMED user with {@link #PASSWORD} and a verified address. */
    String user(String poolId, String prefix) {
        String username = unique(prefix);
        cognito().adminCreateUser(r -> r.userPoolId(poolId).username(username).messageAction(MessageActionType.SUPPRESS)
                .userAttributes(a -> a.name("email").value(address(username)), a -> a.name("email_verified").value("true")));
        cognito().adminSetUserPassword(r -> r.userPoolId(poolId).username(username).password(PASSWORD).permanent(true));
        return username;
    }

    String emailMfaUser(String poolId, String prefix) {
        String username = user(poolId, prefix);
        cognito().adminSetUserMFAPreference(r -> r.userPoolId(poolId).username(username)
                .emailMfaSettings(e -> e.enabled(true).preferredMfa(true)));
        return username;
    }

    @Test
    void anEmailCodeSignInIsPreAuthenticatedBeforeTheCodeIsMailedAndPostAuthenticatedOnceItHolds() {
        String pre = listening("pre-auth");
        String post = listening("post-auth");
        String poolId = pool(t -> t.preAuthentication(pre).postAuthentication(post));
        String clientId = client(poolId);
        String ada = user(poolId, "ada");

        InitiateAuthResponse challenge = emailCodeFirst(clientId, ada, Map.of("device", "kiosk-7"));
        assertThat(heard).containsExactly("PreAuthentication_Authentication");
        RespondToAuthChallengeResponse signedIn = answer(clientId, ada, challenge.session(), codeMailed(ada, 0),
                Map.of("device", "kiosk-8"));

        assertThat(signedIn.authenticationResult().idToken()).isNotBlank();
        assertThat(heard).containsExactly("PreAuthentication_Authentication", "PostAuthentication_Authentication");
        JsonNode preEvent = LAMBDA.onlyEventOf(pre);
        assertThat(preEvent.path("userName").asText()).isEqualTo(ada);
        assertThat(preEvent.path("callerContext").path("clientId").asText()).isEqualTo(clientId);
        assertThat(preEvent.path("request").path("validationData")).isEqualTo(json("{\"device\": \"kiosk-7\"}"));
        assertThat(preEvent.path("request").path("userAttributes").path("email").asText()).isEqualTo(address(ada));
        assertThat(preEvent.path("request").path("userNotFound").asBoolean(true)).isFalse();
        JsonNode postEvent = LAMBDA.onlyEventOf(post);
        assertThat(postEvent.path("request").path("clientMetadata")).isEqualTo(json("{\"device\": \"kiosk-8\"}"));
        assertThat(postEvent.path("request").path("newDeviceUsed").asBoolean()).isFalse();
    }

    @Test
    void aWrongEmailCodeIsRefusedWithoutPostAuthentication() {
        String pre = listening("pre-auth");
        String post = listening("post-auth");
        String poolId = pool(t -> t.preAuthentication(pre).postAuthentication(post));
        String clientId = client(poolId);
        String bo = user(poolId, "bo");
        InitiateAuthResponse challenge = emailCodeFirst(clientId, bo, Map.of());
        String code = codeMailed(bo, 0);

        assertThatThrownBy(() -> answer(clientId, bo, challenge.session(), wrong(code), Map.of()))
                .isInstanceOf(CodeMismatchException.class);

        assertThat(heard).containsExactly("PreAuthentication_Authentication");
    }

    @Test
    void aPreAuthenticationRefusalOfAnEmailCodeSignInComesBeforeAnyCodeIsMailed() {
        String pre = refusing("pre-auth-no", "Outside office hours");
        String post = listening("post-auth");
        String poolId = pool(t -> t.preAuthentication(pre).postAuthentication(post));
        String clientId = client(poolId);
        String cy = user(poolId, "cy");

        assertThatThrownBy(() -> emailCodeFirst(clientId, cy, Map.of()))
                .isInstanceOfSatisfying(UserLambdaValidationException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("PreAuthentication failed with error Outside office hours."));
        assertThat(heard).containsExactly("PreAuthentication_Authentication");
        assertThat(mails(cy)).as("no code is mailed for a refused sign-in").isZero();
    }

    @Test
    void anUnknownNameChoosingAnEmailCodeReachesPreAuthenticationAsUserNotFoundAndReadsLikeAUser() {
        String pre = refusing("pre-auth-no", "Outside office hours");
        String poolId = pool(t -> t.preAuthentication(pre));
        String clientId = client(poolId);
        String ghost = unique("ghost");

        assertThatThrownBy(() -> emailCodeFirst(clientId, ghost, Map.of()))
                .isInstanceOfSatisfying(UserLambdaValidationException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("PreAuthentication failed with error Outside office hours."));
        JsonNode request = LAMBDA.onlyEventOf(pre).path("request");
        assertThat(request.path("userNotFound").asBoolean()).isTrue();
        assertThat(request.path("userAttributes")).isEqualTo(json("{}"));
    }

    @Test
    void afterAPasswordAndAnEmailCodePostAuthenticationWaitsForTheCode() {
        String pre = listening("pre-auth");
        String post = listening("post-auth");
        String poolId = pool(t -> t.preAuthentication(pre).postAuthentication(post));
        String clientId = client(poolId);
        String dee = emailMfaUser(poolId, "dee");

        InitiateAuthResponse challenge = cognito().initiateAuth(r -> r.clientId(clientId)
                .authFlow(AuthFlowType.USER_PASSWORD_AUTH).authParameters(Map.of("USERNAME", dee, "PASSWORD", PASSWORD)));
        assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.EMAIL_OTP);
        assertThat(heard).containsExactly("PreAuthentication_Authentication");

        RespondToAuthChallengeResponse signedIn = answer(clientId, dee, challenge.session(), codeMailed(dee, 0),
                Map.of("step", "code"));

        assertThat(signedIn.authenticationResult().accessToken()).isNotBlank();
        assertThat(heard).containsExactly("PreAuthentication_Authentication", "PostAuthentication_Authentication");
        assertThat(LAMBDA.onlyEventOf(post).path("request").path("clientMetadata")).isEqualTo(json("{\"step\": \"code\"}"));
    }

    @Test
    void theHostedEmailCodePageIsPostAuthenticatedAfterTheCodeAndShowsARefusalOnThePage() {
        String pre = listening("pre-auth");
        String post = refusing("post-auth-no", "Sign-ins are paused");
        HostedUiFixture hosted = HostedUiFixture.on(MailedTriggers.on(backend).server);
        cognito().updateUserPool(r -> r.userPoolId(hosted.poolId).lambdaConfig(l -> l.preAuthentication(pre)
                .postAuthentication(post)));
        cognito().setUserPoolMfaConfig(r -> r.userPoolId(hosted.poolId).mfaConfiguration(UserPoolMfaType.OPTIONAL)
                .emailMfaConfiguration(e -> e.subject("Your sign-in code").message("Sign in with {####} now.")));
        String clientId = hosted.client();
        String eli = emailMfaUser(hosted.poolId, "eli");
        TestBrowser browser = hosted.browser();
        Page login = browser.get(browser.get(hosted.authorize(clientId)).location());

        Page ask = browser.submit(login, "/login", Map.of("username", eli, "password", PASSWORD));
        assertThat(ask.body()).contains("action=\"/login/email-code\"");
        assertThat(heard).containsExactly("PreAuthentication_Authentication");
        Page refused = browser.submit(ask, "/login/email-code", Map.of("code", codeMailed(eli, 0)));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("Location")).isEmpty();
        assertThat(refused.body()).contains("PostAuthentication failed with error Sign-ins are paused.");
        assertThat(heard).containsExactly("PreAuthentication_Authentication", "PostAuthentication_Authentication");
        assertThat(LAMBDA.onlyEventOf(post).path("callerContext").path("clientId").asText()).isEqualTo(clientId);
    }

    private InitiateAuthResponse emailCodeFirst(String clientId, String username, Map<String, String> metadata) {
        return cognito().initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_AUTH)
                .authParameters(Map.of("USERNAME", username, "PREFERRED_CHALLENGE", "EMAIL_OTP")).clientMetadata(metadata));
    }

    private RespondToAuthChallengeResponse answer(String clientId, String username, String session, String code,
                                                  Map<String, String> metadata) {
        return cognito().respondToAuthChallenge(r -> r.clientId(clientId).challengeName(ChallengeNameType.EMAIL_OTP)
                .session(session).challengeResponses(Map.of("USERNAME", username, "EMAIL_OTP_CODE", code))
                .clientMetadata(metadata));
    }

    private static String codeMailed(String username, int seen) {
        String body = GreenMailUtil.getBody(mailsAfter(address(username), seen).getLast());
        Matcher m = SIGN_IN_CODE.matcher(body);
        if (!m.find()) {
            throw new AssertionError("no sign-in code in " + body);
        }
        return m.group(1);
    }

    private static String wrong(String right) {
        return right.equals("00000000") ? "11111111" : "00000000";
    }

    private static String address(String username) {
        return username + "@example.com";
    }

    static int mails(String username) {
        return mailsTo(address(username)).size();
    }
}
