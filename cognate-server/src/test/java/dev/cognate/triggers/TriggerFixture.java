package dev.cognate.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.cognate.config.LambdaSettings;
import dev.cognate.testing.LambdaEndpoint;
import dev.cognate.testing.TestServer;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LambdaConfigType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;

/**
 * One Cognate node whose triggers go to one {@link LambdaEndpoint} (the SDK's Lambda client
 * talks to it through the Lambda endpoint setting, signing with a test key), shared by the
 * trigger tests; each test makes its own pool and functions, so their events never mix.
 */
final class TriggerFixture {
    static final String PASSWORD = "Correct-Horse-1";
    static final ObjectMapper JSON = new ObjectMapper();
    private static TriggerFixture shared;

    final LambdaEndpoint lambda;
    final TestServer server;
    final CognitoIdentityProviderClient cognito;

    private TriggerFixture(LambdaEndpoint lambda, TestServer server) {
        this.lambda = lambda;
        this.server = server;
        this.cognito = server.clientWithoutRetries();
    }

    static synchronized TriggerFixture shared() {
        if (shared == null) {
            LambdaEndpoint lambda = new LambdaEndpoint();
            TestServer server = TestServer.startWithLambda(new LambdaSettings(lambda.endpoint(),
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLAMBDACALLER0001", "lambda-secret")),
                    LambdaSettings.COGNITO_TIMEOUT));
            shared = new TriggerFixture(lambda, server);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                lambda.close();
            }));
        }
        return shared;
    }

    String pool(Consumer<LambdaConfigType.Builder> triggers) {
        return cognito.createUserPool(r -> r.poolName("triggers-" + UUID.randomUUID().toString().substring(0, 8))
                .lambdaConfig(b -> triggers.accept(b))).userPool().id();
    }

    /** A pool that verifies e-mail addresses (sign-up codes go to the outbox) with these triggers. */
    String mailingPool(Consumer<LambdaConfigType.Builder> triggers) {
        return cognito.createUserPool(r -> r.poolName("triggers-" + UUID.randomUUID().toString().substring(0, 8))
                .autoVerifiedAttributes(software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType.EMAIL)
                .lambdaConfig(b -> triggers.accept(b))).userPool().id();
    }

    /** What the pool sent (the outbox: this node keeps its messages), newest first. */
    java.util.List<dev.cognate.store.OutboxStore.Entry> sent(String poolId) {
        return new dev.cognate.store.jdbc.JdbcOutboxStore(server.server().database().jdbi(), new dev.cognate.crypto.SecretBox(dev.cognate.testing.TestServer.MASTER_KEY))
                .newest(poolId, java.time.Instant.now(), 50);
    }

    /** The six-digit code in the newest message the pool sent. */
    String lastCode(String poolId) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b(\\d{6})\\b").matcher(sent(poolId).getFirst().body());
        if (!m.find()) {
            throw new AssertionError("no code in " + sent(poolId).getFirst().body());
        }
        return m.group(1);
    }

    /** A client allowing password (user and admin) and refresh sign-in. */
    String client(String poolId) {
        return cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("app").explicitAuthFlows(
                ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_ADMIN_USER_PASSWORD_AUTH,
                ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)).userPoolClient().clientId();
    }

    /** A CONFIRMED user with {@link #PASSWORD} and a verified e-mail address. */
    String confirmedUser(String poolId, String username) {
        cognito.adminCreateUser(r -> r.userPoolId(poolId).username(username).messageAction(MessageActionType.SUPPRESS)
                .userAttributes(AttributeType.builder().name("email").value(username + "@example.com").build(),
                        AttributeType.builder().name("email_verified").value("true").build()));
        cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username(username).password(PASSWORD).permanent(true));
        return username;
    }

    String sub(String poolId, String username) {
        return cognito.adminGetUser(r -> r.userPoolId(poolId).username(username)).userAttributes().stream()
                .filter(a -> a.name().equals("sub")).findFirst().orElseThrow().value();
    }

    static JWTClaimsSet claims(String jwt) throws Exception {
        return SignedJWT.parse(jwt).getJWTClaimsSet();
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The event as a function returns it, with {@code response} replaced by {@code responseJson}. */
    static LambdaEndpoint.Answer respond(ObjectNode event, String responseJson) {
        event.set("response", json(responseJson));
        return new LambdaEndpoint.Answer.Returns(event);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
