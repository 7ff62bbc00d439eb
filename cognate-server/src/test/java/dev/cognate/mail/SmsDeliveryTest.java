package dev.cognate.mail;

import java.util.Map;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.cognate.config.SmsSettings;
import dev.cognate.store.DeliveryMedium;
import dev.cognate.store.OutboxStore;
import dev.cognate.store.jdbc.JdbcOutboxStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.SnsEndpoint;
import dev.cognate.testing.SnsEndpoint.Answer;
import dev.cognate.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DeliveryMediumType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SignUpResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SmsConfigurationType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/**
 * Text messages on a node whose SMS delivery is {@code sns}: published as Cognito publishes them,
 * in the pool's account (SNS Publish, Transactional, as the role of the pool's SmsConfiguration,
 * which the node assumes through STS with its own credentials), never on the request's time. A
 * stand-in of both services ({@link SnsEndpoint}) records what reaches them.
 */
class SmsDeliveryTest {
    static final String NODE_KEY = "AKIDSMSNODECALLER001";
    static final String PASSWORD = "Correct-Horse-1";
    static final Pattern CODE = Pattern.compile("\\d{6}");
    static SnsEndpoint sns;
    static TestServer server;
    static CognitoIdentityProviderClient cognito;

    @BeforeAll
    static void start() {
        sns = new SnsEndpoint();
        server = TestServer.startWithSms(new SmsSettings(SmsSettings.Delivery.SNS, sns.endpoint(), sns.endpoint(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(NODE_KEY, "node-secret")), Duration.ofSeconds(30)));
        cognito = server.clientWithoutRetries();
    }

    @AfterAll
    static void stop() {
        server.close();
        sns.close();
    }

    record Pool(String id, String clientId) {}

    /** A pool that verifies phone numbers, with {@code sms} as its SmsConfiguration (none when null). */
    static Pool pool(CognitoIdentityProviderClient api, Consumer<SmsConfigurationType.Builder> sms) {
        String poolId = api.createUserPool(r -> {
            r.poolName(unique("texts")).autoVerifiedAttributes(VerifiedAttributeType.PHONE_NUMBER);
            if (sms != null) {
                r.smsConfiguration(sms);
            }
        }).userPool().id();
        return new Pool(poolId, api.createUserPoolClient(r -> r.userPoolId(poolId).clientName("app")).userPoolClient()
                .clientId());
    }

    static Pool pool(Consumer<SmsConfigurationType.Builder> sms) {
        return pool(cognito, sms);
    }

    static SignUpResponse signUp(CognitoIdentityProviderClient api, Pool pool, String username, String phone) {
        return api.signUp(r -> r.clientId(pool.clientId()).username(username).password(PASSWORD)
                .userAttributes(a -> a.name("phone_number").value(phone)));
    }

    static SignUpResponse signUp(Pool pool, String username, String phone) {
        return signUp(cognito, pool, username, phone);
    }

    @Test
    void aSignUpCodeToAPhoneNumberIsPublishedWithSnsAsThePoolsRoleWithItsExternalIdInItsSnsRegion() {
        String role = role();
        String externalId = unique("external");
        Pool pool = pool(s -> s.snsCallerArn(role).externalId(externalId).snsRegion("eu-west-1"));
        String ann = unique("ann");
        String phone = phone();

        SignUpResponse answer = signUp(pool, ann, phone);

        assertThat(answer.codeDeliveryDetails().deliveryMedium()).isEqualTo(DeliveryMediumType.SMS);
        SnsEndpoint.Publish published = awaitPublished(phone);
        assertThat(sns.assumedRoles(role)).singleElement().satisfies(assumed -> {
            assertThat(assumed.accessKeyId()).isEqualTo(NODE_KEY);
            assertThat(assumed.externalId()).isEqualTo(externalId);
            assertThat(assumed.roleSessionName()).isEqualTo("cognate-sms");
            assertThat(assumed.region()).isEqualTo("eu-west-1");
        });
        SnsEndpoint.Credentials roleCredentials = sns.credentialsIssued(published.accessKeyId());
        assertThat(roleCredentials).as("Publish is signed with the assumed role's key").isNotNull();
        assertThat(roleCredentials.roleArn()).isEqualTo(role);
        assertThat(published.securityToken()).isEqualTo(roleCredentials.sessionToken());
        assertThat(published.region()).isEqualTo("eu-west-1");
        assertThat(published.message()).matches("Your verification code is \\d{6}\\. ");

        cognito.confirmSignUp(r -> r.clientId(pool.clientId()).username(ann).confirmationCode(code(published.message())));
        assertThat(cognito.adminGetUser(r -> r.userPoolId(pool.id()).username(ann)).userStatus())
                .isEqualTo(UserStatusType.CONFIRMED);
    }

    @Test
    void anSmsMfaCodeOfAPoolGivenItsRoleBySetUserPoolMfaConfigIsPublishedAndSignsIn() {
        String role = role();
        Pool pool = pool(null);
        cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.id()).mfaConfiguration(UserPoolMfaType.OPTIONAL)
                .smsMfaConfiguration(m -> m.smsAuthenticationMessage("Sign in with {####}.")
                        .smsConfiguration(c -> c.snsCallerArn(role))));
        String cy = unique("cy");
        String phone = phone();
        cognito.adminCreateUser(r -> r.userPoolId(pool.id()).username(cy).messageAction(MessageActionType.SUPPRESS)
                .userAttributes(a -> a.name("phone_number").value(phone)));
        cognito.adminSetUserPassword(r -> r.userPoolId(pool.id()).username(cy).password(PASSWORD).permanent(true));
        cognito.adminSetUserMFAPreference(r -> r.userPoolId(pool.id()).username(cy).smsMfaSettings(m -> m.enabled(true)));
        String client = cognito.createUserPoolClient(r -> r.userPoolId(pool.id()).clientName("password")
                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH))
                .userPoolClient().clientId();

        var challenge = cognito.initiateAuth(r -> r.clientId(client).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", cy, "PASSWORD", PASSWORD)));
        SnsEndpoint.Publish published = awaitPublished(phone);

        assertThat(published.message()).matches("Sign in with \\d{6}\\.");
        assertThat(sns.assumedRoles(role)).isNotEmpty();
        var signedIn = cognito.respondToAuthChallenge(r -> r.clientId(client).challengeName(ChallengeNameType.SMS_MFA)
                .session(challenge.session()).challengeResponses(Map.of("USERNAME", cy, "SMS_MFA_CODE",
                        code(published.message()))));
        assertThat(signedIn.authenticationResult().accessToken()).isNotBlank();
    }

    @Test
    void theMessageIsTransactionalAndGoesToSnsOfThePoolsOwnRegionWhenItNamesNone() {
        String role = role();
        Pool pool = pool(s -> s.snsCallerArn(role));
        String phone = phone();

        signUp(pool, unique("ben"), phone);

        SnsEndpoint.Publish published = awaitPublished(phone);
        assertThat(published.smsType()).isEqualTo("Transactional");
        assertThat(published.region()).isEqualTo("us-east-1");
        assertThat(sns.assumedRoles(role)).singleElement().satisfies(assumed -> {
            assertThat(assumed.region()).isEqualTo("us-east-1");
            assertThat(assumed.externalId()).isNull();
        });
    }

    @Test
    void aRoleIsAssumedOnceAndItsCredentialsSignTheMessagesThatFollow() {
        String role = role();
        Pool pool = pool(s -> s.snsCallerArn(role));
        String first = phone();
        String second = phone();

        signUp(pool, unique("cat"), first);
        SnsEndpoint.Publish one = awaitPublished(first);
        signUp(pool, unique("dan"), second);
        SnsEndpoint.Publish two = awaitPublished(second);

        assertThat(sns.assumedRoles(role)).hasSize(1);
        assertThat(two.accessKeyId()).isEqualTo(one.accessKeyId());
    }

    @Test
    void anInvitationByAdminCreateUserIsPublishedWithTheUsernameAndTemporaryPassword() {
        Pool pool = pool(s -> s.snsCallerArn(role()));
        String eve = unique("eve");
        String temporaryPassword = "Temp-" + unique("pw");
        String phone = phone();

        cognito.adminCreateUser(r -> r.userPoolId(pool.id()).username(eve).temporaryPassword(temporaryPassword)
                .desiredDeliveryMediumsWithStrings("SMS").userAttributes(a -> a.name("phone_number").value(phone)));

        assertThat(awaitPublished(phone).message()).isEqualTo(
                "Your username is " + eve + " and temporary password is " + temporaryPassword + ". ");
    }

    @Test
    void aFailingSnsIsRetriedAndThenDeliversACodeThatWorks() {
        Pool pool = pool(s -> s.snsCallerArn(role()));
        String fay = unique("fay");
        String phone = phone();
        sns.answerPublishesTo(phone, Answer.fails(500, "InternalError"));
        double retried = messages("retried");
        double sent = messages("sent");

        signUp(pool, fay, phone);

        SnsEndpoint.Publish published = awaitPublished(phone);
        assertThat(sns.publishesTo(phone)).extracting(SnsEndpoint.Publish::status).containsExactly(500, 200);
        await(() -> messages("sent") == sent + 1, "the message to be counted as sent");
        assertThat(messages("retried")).isEqualTo(retried + 1);
        cognito.confirmSignUp(r -> r.clientId(pool.clientId()).username(fay).confirmationCode(code(published.message())));
    }

    @Test
    void anSnsThatRefusesTheNumberLosesThatMessageNotTheRequest() {
        Pool pool = pool(s -> s.snsCallerArn(role()));
        String gus = unique("gus");
        String phone = phone();
        sns.answerPublishesTo(phone, Answer.fails(400, "InvalidParameter"));
        double failed = messages("failed");
        double retried = messages("retried");

        SignUpResponse answer = signUp(pool, gus, phone);

        assertThat(answer.userConfirmed()).isFalse();
        assertThat(cognito.adminGetUser(r -> r.userPoolId(pool.id()).username(gus)).userStatus())
                .isEqualTo(UserStatusType.UNCONFIRMED);
        await(() -> messages("failed") == failed + 1, "the refused message to be counted as failed");
        assertThat(messages("retried")).as("a refusal is not retried").isEqualTo(retried);
        assertThat(sns.publishesTo(phone)).hasSize(1);
    }

    @Test
    void aRoleThatStsRefusesLosesTheMessageWithoutRetriesAndNothingIsPublished() {
        String role = role();
        sns.refuseRole(role);
        Pool pool = pool(s -> s.snsCallerArn(role));
        String phone = phone();
        double failed = messages("failed");
        double retried = messages("retried");

        signUp(pool, unique("ned"), phone);

        await(() -> messages("failed") == failed + 1, "the message to be counted as failed");
        assertThat(messages("retried")).isEqualTo(retried);
        assertThat(sns.assumedRoles(role)).hasSize(1);
        assertThat(sns.publishesTo(phone)).isEmpty();
    }

    @Test
    void anSnsThatDoesNotAnswerDoesNotHoldTheRequest() throws Exception {
        String role = role();
        Pool pool = pool(s -> s.snsCallerArn(role));
        String phone = phone();

        try (AutoCloseable held = sns.holdAnswers()) {
            SignUpResponse answer = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> signUp(pool, unique("hal"), phone), "SignUp waited for SNS");
            assertThat(answer.codeDeliveryDetails().deliveryMedium()).isEqualTo(DeliveryMediumType.SMS);
            await(() -> !sns.assumedRoles(role).isEmpty(), "the node to ask STS for the pool's role");
            assertThat(sns.publishesTo(phone)).isEmpty();
        }

        assertThat(awaitPublished(phone).phoneNumber()).isEqualTo(phone);
    }

    @Test
    void aNodeLeftAtItsDefaultKeepsTextMessagesInTheOutboxEvenForAPoolWithARole() {
        TestServer defaultNode = TestServer.shared(Backend.SQLITE);
        CognitoIdentityProviderClient api = defaultNode.client();
        String role = role();
        Pool pool = pool(api, s -> s.snsCallerArn(role));
        String phone = phone();

        signUp(api, pool, unique("ida"), phone);

        assertThat(outbox(defaultNode, pool.id())).singleElement().satisfies(kept -> {
            assertThat(kept.medium()).isEqualTo(DeliveryMedium.SMS);
            assertThat(kept.destination()).isEqualTo(phone);
        });
        assertThat(sns.assumedRoles(role)).isEmpty();
        assertThat(SmsSettings.of(null, null, null)).isEqualTo(SmsSettings.OUTBOX);
    }

    @Test
    void aPoolWithoutAnSnsCallerArnKeepsItsTextMessagesInTheOutboxAndTheNodeWarnsOnce() {
        Pool pool = pool(null);
        String first = phone();
        String second = phone();
        double kept = messages("outbox");

        String log = capturingTheLog(() -> {
            signUp(pool, unique("jon"), first);
            signUp(pool, unique("kim"), second);
        });

        assertThat(outbox(server, pool.id())).extracting(OutboxStore.Entry::destination).containsExactlyInAnyOrder(first, second);
        assertThat(messages("outbox")).isEqualTo(kept + 2);
        assertThat(sns.publishesTo(first)).isEmpty();
        assertThat(log.lines().filter(line -> line.contains("WARN") && line.contains(pool.id())))
                .singleElement().asString().contains("SnsCallerArn");
    }

    @Test
    void theLogNeverHoldsThePhoneNumberOrTheCode() {
        Pool pool = pool(s -> s.snsCallerArn(role()));
        String retriedPhone = phone();
        String refusedPhone = phone();
        sns.answerPublishesTo(retriedPhone, Answer.fails(503, "ServiceUnavailable"));
        sns.answerPublishesTo(refusedPhone, Answer.fails(400, "InvalidParameter"));
        double failed = messages("failed");

        String log = capturingTheLog(() -> {
            signUp(pool, unique("lea"), retriedPhone);
            signUp(pool, unique("max"), refusedPhone);
            awaitPublished(retriedPhone);
            await(() -> messages("failed") == failed + 1, "the refused message to be counted as failed");
        });

        String delivered = code(awaitPublished(retriedPhone).message());
        String refused = code(sns.publishesTo(refusedPhone).getFirst().message());
        assertThat(log).contains(pool.id(), "SMS", "InvalidParameter")
                .doesNotContain(retriedPhone, refusedPhone, retriedPhone.substring(1), refusedPhone.substring(1))
                .doesNotContain(delivered, refused);
    }

    /** The first Publish to {@code phone} SNS took (waits for it). */
    static SnsEndpoint.Publish awaitPublished(String phone) {
        await(() -> sns.publishesTo(phone).stream().anyMatch(p -> p.status() == 200), "a message to " + phone);
        return sns.publishesTo(phone).stream().filter(p -> p.status() == 200).findFirst().orElseThrow();
    }

    static double messages(String outcome) {
        var counter = server.server().metrics().find("cognate.messages").tags("medium", "sms", "outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    static List<OutboxStore.Entry> outbox(TestServer node, String poolId) {
        return new JdbcOutboxStore(node.server().database().jdbi(), new dev.cognate.crypto.SecretBox(dev.cognate.testing.TestServer.MASTER_KEY)).newest(poolId, Instant.now(), 50);
    }

    /** What the node logged (standard error) while {@code action} ran. */
    static String capturingTheLog(Runnable action) {
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(err);
        }
        return log.toString(StandardCharsets.UTF_8);
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 30 s for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    static String code(String message) {
        Matcher code = CODE.matcher(message);
        assertThat(code.find()).as("a code in the message").isTrue();
        return code.group();
    }

    static String role() {
        return "arn:aws:iam::123456789012:role/" + unique("cognito-sms");
    }

    static String phone() {
        return "+1555" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
