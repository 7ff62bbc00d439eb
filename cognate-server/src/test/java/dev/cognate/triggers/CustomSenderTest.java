package dev.cognate.triggers;

import static dev.cognate.triggers.SignUpTriggersTest.attribute;
import static dev.cognate.triggers.TriggerFixture.PASSWORD;
import static dev.cognate.triggers.TriggerFixture.json;
import static dev.cognate.triggers.TriggerFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoResult;
import com.amazonaws.encryptionsdk.kmssdkv2.KmsMasterKey;
import com.amazonaws.encryptionsdk.kmssdkv2.KmsMasterKeyProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognate.config.LambdaSettings;
import dev.cognate.store.jdbc.JdbcOutboxStore;
import dev.cognate.testing.KmsEndpoint;
import dev.cognate.testing.LambdaEndpoint;
import dev.cognate.testing.NodeScript;
import dev.cognate.testing.RawAdminRequest;
import dev.cognate.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LambdaConfigType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * CustomEmailSender and CustomSMSSender: a pool that names one hands every message of that medium
 * to its function, invoked asynchronously, the code encrypted with the AWS Encryption SDK under the
 * pool's KMS key; the tests decrypt it as such a function does (the Encryption SDK's KMS master
 * key, Cognito's documented commitment policy) and use it, so what arrives is what Cognito sends.
 */
class CustomSenderTest {
    static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIDSENDERCALLER0001", "sender-secret"));
    static LambdaEndpoint lambda;
    static KmsEndpoint kms;
    static TestServer server;
    static CognitoIdentityProviderClient cognito;
    static String key;

    @BeforeAll
    static void start() {
        lambda = new LambdaEndpoint();
        kms = new KmsEndpoint();
        server = TestServer.startWithLambda(new LambdaSettings(lambda.endpoint(), CREDENTIALS,
                LambdaSettings.COGNITO_TIMEOUT, kms.endpoint()));
        cognito = server.clientWithoutRetries();
        key = kms.key("us-east-1");
    }

    @AfterAll
    static void stop() {
        server.close();
        lambda.close();
        kms.close();
    }

    /** A custom sender function: every event it gets, in order. */
    record Sender(String arn, BlockingQueue<JsonNode> events) {
        JsonNode next() throws InterruptedException {
            JsonNode event = events.poll(30, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError(arn + " was not invoked within 30 s");
            }
            return event;
        }
    }

    static Sender sender(String name) {
        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        String arn = lambda.function(unique(name), event -> {
            events.add(event);
            return new LambdaEndpoint.Answer.Returns(event);
        });
        return new Sender(arn, events);
    }

    static String pool(Consumer<LambdaConfigType.Builder> triggers, VerifiedAttributeType... verified) {
        return cognito.createUserPool(r -> r.poolName(unique("senders")).autoVerifiedAttributes(verified)
                .lambdaConfig(b -> triggers.accept(b.kmsKeyID(key)))).userPool().id();
    }

    /** A pool that verifies e-mail addresses and hands its e-mails to {@code sender}. */
    static String emailSenderPool(Sender sender) {
        return pool(t -> t.customEmailSender(s -> s.lambdaArn(sender.arn()).lambdaVersion("V1_0")), VerifiedAttributeType.EMAIL);
    }

    static String client(String poolId) {
        return cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("app").explicitAuthFlows(
                ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH))
                .userPoolClient().clientId();
    }

    /** The code in an event, decrypted as a custom sender function decrypts it; its encryption context must name the pool. */
    static String decrypt(JsonNode event) {
        try (KmsClient client = KmsClient.builder().region(Region.US_EAST_1).endpointOverride(kms.endpoint())
                .credentialsProvider(CREDENTIALS).build()) {
            KmsMasterKeyProvider keys = KmsMasterKeyProvider.builder().customRegionalClientSupplier(region -> client)
                    .buildStrict(key);
            CryptoResult<byte[], KmsMasterKey> result = AwsCrypto.builder()
                    .withCommitmentPolicy(CommitmentPolicy.RequireEncryptAllowDecrypt).build()
                    .decryptData(keys, Base64.getDecoder().decode(event.path("request").path("code").asText()));
            assertThat(result.getEncryptionContext()).containsEntry("userpool-id", event.path("userPoolId").asText());
            return new String(result.getResult(), StandardCharsets.UTF_8);
        }
    }

    /**
     * What Cognate itself sent the pool's users: without an SMTP URL every message is kept in the
     * outbox before the request that asked for it answers, so a message Cognate sent is already here.
     */
    static int messagesKeptFor(String poolId) {
        return new JdbcOutboxStore(server.server().database().jdbi(), new dev.cognate.crypto.SecretBox(dev.cognate.testing.TestServer.MASTER_KEY)).newest(poolId, Instant.now(), 50).size();
    }

    @Test
    void signUpHandsTheEncryptedCodeToTheEmailSenderWhichConfirmsTheUserAndCognateSendsNothing() throws Exception {
        Sender sender = sender("email-sender");
        String poolId = emailSenderPool(sender);
        String clientId = client(poolId);
        String jane = unique("jane");

        cognito.signUp(r -> r.clientId(clientId).username(jane).password(PASSWORD)
                .userAttributes(attribute("email", "jane@example.com")).clientMetadata(Map.of("lang", "en")));

        assertThat(messagesKeptFor(poolId)).isZero();
        JsonNode event = sender.next();
        String sub = cognito.adminGetUser(r -> r.userPoolId(poolId).username(jane)).userAttributes().stream()
                .filter(a -> a.name().equals("sub")).findFirst().orElseThrow().value();
        ObjectNode withoutCode = event.deepCopy();
        ((ObjectNode) withoutCode.path("request")).remove("code");
        assertThat(withoutCode).isEqualTo(json("""
                {"version": "1", "triggerSource": "CustomEmailSender_SignUp", "region": "us-east-1",
                 "userPoolId": "%s", "userName": "%s",
                 "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "%s"},
                 "request": {"type": "customEmailSenderRequestV1", "clientMetadata": {"lang": "en"},
                             "userAttributes": {"sub": "%s", "email": "jane@example.com", "cognito:user_status": "UNCONFIRMED"}},
                 "response": {}}""".formatted(poolId, jane, clientId, sub)));
        assertThat(lambda.invocationsOf(sender.arn())).extracting(LambdaEndpoint.Invocation::invocationType)
                .containsExactly("Event");
        String code = decrypt(event);
        assertThat(code).matches("\\d{6}");

        cognito.confirmSignUp(r -> r.clientId(clientId).username(jane).confirmationCode(code));
        assertThat(cognito.adminGetUser(r -> r.userPoolId(poolId).username(jane)).userStatusAsString()).isEqualTo("CONFIRMED");
    }

    @Test
    void aFunctionWrittenAsCognitoDocumentsItDecryptsTheCodeWithTheEncryptionSdkForJavaScript() throws Exception {
        assumeTrue(NodeScript.nodeIsPresent(), "node is not installed: the Encryption SDK for JavaScript cannot run");
        Path work = Path.of("target", "kms-node");
        NodeScript.install(Path.of("src", "test", "node-kms"), work);
        Sender sender = sender("email-sender-node");
        String poolId = emailSenderPool(sender);
        String clientId = client(poolId);
        String ola = unique("ola");
        cognito.signUp(r -> r.clientId(clientId).username(ola).password(PASSWORD)
                .userAttributes(attribute("email", "ola@example.com")));
        JsonNode event = sender.next();

        JsonNode decrypted;
        try (NodeScript function = NodeScript.startIn(work, "decrypt-code.js")) {
            decrypted = function.call("decrypt", r -> r.put("endpoint", kms.endpoint().toString()).put("keyArn", key)
                    .put("code", event.path("request").path("code").asText()));
        }

        assertThat(decrypted.path("error").isMissingNode()).as(decrypted.toString()).isTrue();
        assertThat(decrypted.path("encryptionContext").path("userpool-id").asText()).isEqualTo(poolId);
        String code = decrypted.path("plaintext").asText();
        cognito.confirmSignUp(r -> r.clientId(clientId).username(ola).confirmationCode(code));
    }

    @Test
    void everyEmailTheUserGetsGoesToTheSenderUnderItsOwnSourceAndItsCodeWorks() throws Exception {
        Sender sender = sender("email-sender-all");
        String poolId = emailSenderPool(sender);
        String clientId = client(poolId);
        String kim = unique("kim");
        cognito.signUp(r -> r.clientId(clientId).username(kim).password(PASSWORD)
                .userAttributes(attribute("email", "kim@example.com")));
        assertThat(sender.next().path("triggerSource").asText()).isEqualTo("CustomEmailSender_SignUp");

        cognito.resendConfirmationCode(r -> r.clientId(clientId).username(kim));
        JsonNode resent = sender.next();
        assertThat(resent.path("triggerSource").asText()).isEqualTo("CustomEmailSender_ResendCode");
        cognito.confirmSignUp(r -> r.clientId(clientId).username(kim).confirmationCode(decrypt(resent)));

        cognito.forgotPassword(r -> r.clientId(clientId).username(kim));
        JsonNode forgot = sender.next();
        assertThat(forgot.path("triggerSource").asText()).isEqualTo("CustomEmailSender_ForgotPassword");
        String newPassword = "Another-Horse-2";
        cognito.confirmForgotPassword(r -> r.clientId(clientId).username(kim).confirmationCode(decrypt(forgot))
                .password(newPassword));

        String accessToken = cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", kim, "PASSWORD", newPassword))).authenticationResult().accessToken();
        cognito.updateUserAttributes(r -> r.accessToken(accessToken).userAttributes(attribute("email", "kim@example.org")));
        JsonNode update = sender.next();
        assertThat(update.path("triggerSource").asText()).isEqualTo("CustomEmailSender_UpdateUserAttribute");
        cognito.verifyUserAttribute(r -> r.accessToken(accessToken).attributeName("email").code(decrypt(update)));

        cognito.getUserAttributeVerificationCode(r -> r.accessToken(accessToken).attributeName("email"));
        assertThat(sender.next().path("triggerSource").asText()).isEqualTo("CustomEmailSender_VerifyUserAttribute");

        String lee = unique("lee");
        cognito.adminCreateUser(r -> r.userPoolId(poolId).username(lee).clientMetadata(Map.of("brand", "acme"))
                .userAttributes(attribute("email", "lee@example.com")).desiredDeliveryMediumsWithStrings("EMAIL"));
        JsonNode invitation = sender.next();
        assertThat(invitation.path("triggerSource").asText()).isEqualTo("CustomEmailSender_AdminCreateUser");
        assertThat(invitation.path("callerContext").path("clientId").asText()).isEqualTo("CLIENT_ID_NOT_APPLICABLE");
        assertThat(invitation.path("request").path("clientMetadata")).isEqualTo(json("{\"brand\": \"acme\"}"));
        String temporaryPassword = decrypt(invitation);
        var challenge = cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", lee, "PASSWORD", temporaryPassword)));
        assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.NEW_PASSWORD_REQUIRED);

        assertThat(messagesKeptFor(poolId)).isZero();
    }

    @Test
    void aSignInCodeGoesToTheSenderAsAuthenticationAndSignsIn() throws Exception {
        Sender sender = sender("email-sender-otp");
        String poolId = cognito.createUserPool(r -> r.poolName(unique("senders"))
                .policies(p -> p.signInPolicy(s -> s.allowedFirstAuthFactorsWithStrings("PASSWORD", "EMAIL_OTP")))
                .lambdaConfig(b -> b.kmsKeyID(key).customEmailSender(s -> s.lambdaArn(sender.arn()).lambdaVersion("V1_0"))))
                .userPool().id();
        String clientId = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("app")
                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH))
                .userPoolClient().clientId();
        String eve = unique("eve");
        cognito.adminCreateUser(r -> r.userPoolId(poolId).username(eve).messageAction("SUPPRESS")
                .userAttributes(attribute("email", "eve@example.com"), attribute("email_verified", "true")));
        cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username(eve).password(PASSWORD).permanent(true));

        var challenge = cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_AUTH)
                .authParameters(Map.of("USERNAME", eve, "PREFERRED_CHALLENGE", "EMAIL_OTP")));
        JsonNode event = sender.next();
        assertThat(event.path("triggerSource").asText()).isEqualTo("CustomEmailSender_Authentication");
        assertThat(event.path("callerContext").path("clientId").asText()).isEqualTo(clientId);
        String code = decrypt(event);
        var signedIn = cognito.respondToAuthChallenge(r -> r.clientId(clientId).challengeName(ChallengeNameType.EMAIL_OTP)
                .session(challenge.session()).challengeResponses(Map.of("USERNAME", eve, "EMAIL_OTP_CODE", code)));

        assertThat(signedIn.authenticationResult().accessToken()).isNotBlank();
        assertThat(messagesKeptFor(poolId)).isZero();
    }

    @Test
    void anAddressThatAwaitsItsVerificationIsWhereTheFunctionIsToldToSendTheCode() throws Exception {
        Sender sender = sender("email-sender-pending");
        String poolId = cognito.createUserPool(r -> r.poolName(unique("senders"))
                .autoVerifiedAttributes(VerifiedAttributeType.EMAIL)
                .userAttributeUpdateSettings(u -> u.attributesRequireVerificationBeforeUpdateWithStrings("email"))
                .lambdaConfig(b -> b.kmsKeyID(key).customEmailSender(s -> s.lambdaArn(sender.arn()).lambdaVersion("V1_0"))))
                .userPool().id();
        String clientId = client(poolId);
        String ida = unique("ida");
        cognito.adminCreateUser(r -> r.userPoolId(poolId).username(ida).messageAction("SUPPRESS")
                .userAttributes(attribute("email", "ida@example.com"), attribute("email_verified", "true")));
        cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username(ida).password(PASSWORD).permanent(true));
        String accessToken = cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", ida, "PASSWORD", PASSWORD))).authenticationResult().accessToken();

        cognito.updateUserAttributes(r -> r.accessToken(accessToken).userAttributes(attribute("email", "ida@example.org")));

        JsonNode event = sender.next();
        assertThat(event.path("request").path("userAttributes").path("email").asText()).isEqualTo("ida@example.org");
        cognito.verifyUserAttribute(r -> r.accessToken(accessToken).attributeName("email").code(decrypt(event)));
        assertThat(cognito.adminGetUser(r -> r.userPoolId(poolId).username(ida)).userAttributes())
                .anyMatch(a -> a.name().equals("email") && a.value().equals("ida@example.org"));

        cognito.adminUpdateUserAttributes(r -> r.userPoolId(poolId).username(ida).clientMetadata(Map.of("by", "admin"))
                .userAttributes(attribute("email", "ida@example.net")));
        JsonNode byAdministrator = sender.next();
        assertThat(byAdministrator.path("triggerSource").asText()).isEqualTo("CustomEmailSender_UpdateUserAttribute");
        assertThat(byAdministrator.path("request").path("clientMetadata")).isEqualTo(json("{\"by\": \"admin\"}"));
        assertThat(byAdministrator.path("request").path("userAttributes").path("email").asText()).isEqualTo("ida@example.net");
        cognito.verifyUserAttribute(r -> r.accessToken(accessToken).attributeName("email").code(decrypt(byAdministrator)));
    }

    @Test
    void theRequestThatAsksForACodeNeverWaitsForKmsOrTheFunction() throws Exception {
        Sender sender = sender("email-sender-slow-kms");
        String poolId = emailSenderPool(sender);
        String clientId = client(poolId);
        String uma = unique("uma");
        try (AutoCloseable held = kms.holdAnswers()) {
            // Every KMS answer waits until this block ends: a sign-up that waited for KMS would
            // wait out the node's 5 s bound and lose its code; this one answers first.
            cognito.signUp(r -> r.clientId(clientId).username(uma).password(PASSWORD)
                    .userAttributes(attribute("email", "uma@example.com")));
            assertThat(lambda.invocationsOf(sender.arn())).isEmpty();
        }
        String code = decrypt(sender.next());
        cognito.confirmSignUp(r -> r.clientId(clientId).username(uma).confirmationCode(code));
    }

    @Test
    void smsGoesToTheSmsSenderAndEMailStaysCognatesWhenOnlyThatSenderIsSet() throws Exception {
        Sender sender = sender("sms-sender");
        String poolId = pool(t -> t.customSMSSender(s -> s.lambdaArn(sender.arn()).lambdaVersion("V1_0")),
                VerifiedAttributeType.PHONE_NUMBER, VerifiedAttributeType.EMAIL);
        String clientId = client(poolId);
        String ann = unique("ann");

        cognito.signUp(r -> r.clientId(clientId).username(ann).password(PASSWORD)
                .userAttributes(attribute("phone_number", "+15555550100"), attribute("email", "ann@example.com")));

        JsonNode event = sender.next();
        assertThat(event.path("triggerSource").asText()).isEqualTo("CustomSMSSender_SignUp");
        assertThat(event.path("request").path("type").asText()).isEqualTo("customSMSSenderRequestV1");
        cognito.confirmSignUp(r -> r.clientId(clientId).username(ann).confirmationCode(decrypt(event)));
        assertThat(messagesKeptFor(poolId)).isZero();

        cognito.signUp(r -> r.clientId(clientId).username(unique("bo")).password(PASSWORD)
                .userAttributes(attribute("email", "bo@example.com")));
        assertThat(messagesKeptFor(poolId)).isEqualTo(1);
        assertThat(lambda.invocationsOf(sender.arn())).hasSize(1);
    }

    @Test
    void eachCodeNamesItsOwnPoolInTheEncryptionContextSoAFunctionServingManyPoolsCanTellThemApart() throws Exception {
        Sender sender = sender("shared-sender");
        String first = emailSenderPool(sender);
        String second = emailSenderPool(sender);
        cognito.signUp(r -> r.clientId(client(first)).username(unique("a")).password(PASSWORD)
                .userAttributes(attribute("email", "a@example.com")));
        JsonNode fromFirst = sender.next();
        cognito.signUp(r -> r.clientId(client(second)).username(unique("b")).password(PASSWORD)
                .userAttributes(attribute("email", "b@example.com")));
        JsonNode fromSecond = sender.next();

        // decrypt() checks that the encryption context names the pool the event comes from
        decrypt(fromFirst);
        decrypt(fromSecond);
        assertThat(kms.calls()).filteredOn(c -> c.operation().equals("GenerateDataKey"))
                .extracting(c -> c.encryptionContext().get("userpool-id")).contains(first, second);
    }

    @Test
    void theCustomMessageTriggerIsNotAskedForMessagesASenderTakes() throws Exception {
        Sender sender = sender("email-sender-only");
        String customMessage = lambda.passThrough(unique("custom-message"));
        String poolId = pool(t -> t.customMessage(customMessage)
                .customEmailSender(s -> s.lambdaArn(sender.arn()).lambdaVersion("V1_0")), VerifiedAttributeType.EMAIL);
        cognito.signUp(r -> r.clientId(client(poolId)).username(unique("max")).password(PASSWORD)
                .userAttributes(attribute("email", "max@example.com")));

        assertThat(sender.next().path("triggerSource").asText()).isEqualTo("CustomEmailSender_SignUp");
        assertThat(lambda.invocationsOf(customMessage)).isEmpty();
    }

    @Test
    void aKmsKeyThatCannotEncryptLosesTheMessageNotTheRequestAndTheFunctionNeverSeesAPlainCode() {
        Sender sender = sender("email-sender-no-key");
        String unknownKey = "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000";
        String poolId = cognito.createUserPool(r -> r.poolName(unique("senders")).autoVerifiedAttributes(VerifiedAttributeType.EMAIL)
                .lambdaConfig(b -> b.kmsKeyID(unknownKey)
                        .customEmailSender(s -> s.lambdaArn(sender.arn()).lambdaVersion("V1_0")))).userPool().id();
        String sam = unique("sam");
        double before = notSent();

        cognito.signUp(r -> r.clientId(client(poolId)).username(sam).password(PASSWORD)
                .userAttributes(attribute("email", "sam@example.com")));

        assertThat(cognito.adminGetUser(r -> r.userPoolId(poolId).username(sam)).userStatusAsString()).isEqualTo("UNCONFIRMED");
        assertThat(awaitNotSent(server, before)).isEqualTo(before + 1);
        assertThat(lambda.invocationsOf(sender.arn())).isEmpty();
        assertThat(messagesKeptFor(poolId)).isZero();
    }

    @Test
    void aTemporaryPasswordThatCouldNotBeHandedOverNeverAppearsInTheLog() {
        Sender sender = sender("email-sender-log");
        String unknownKey = "arn:aws:kms:us-east-1:123456789012:key/11111111-1111-1111-1111-111111111111";
        String poolId = cognito.createUserPool(r -> r.poolName(unique("senders"))
                .lambdaConfig(b -> b.kmsKeyID(unknownKey)
                        .customEmailSender(s -> s.lambdaArn(sender.arn()).lambdaVersion("V1_0")))).userPool().id();
        String temporaryPassword = "Temp-Secret-" + unique("pw");
        double before = notSent();
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            cognito.adminCreateUser(r -> r.userPoolId(poolId).username(unique("tia")).temporaryPassword(temporaryPassword)
                    .desiredDeliveryMediumsWithStrings("EMAIL").userAttributes(attribute("email", "tia@example.com")));
            assertThat(awaitNotSent(server, before)).isEqualTo(before + 1);
        } finally {
            System.setErr(err);
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("was not sent").doesNotContain(temporaryPassword)
                .doesNotContain("tia@example.com");
    }

    @Test
    void aNodeThatCannotReachKmsLosesOnlyTheMessagesNotTheRequests() {
        Sender sender = sender("email-sender-no-kms");
        try (TestServer lonely = TestServer.startWithLambda(new LambdaSettings(lambda.endpoint(), CREDENTIALS,
                Duration.ofSeconds(2), java.net.URI.create("http://127.0.0.1:1")))) {
            CognitoIdentityProviderClient api = lonely.clientWithoutRetries();
            String poolId = api.createUserPool(r -> r.poolName(unique("senders")).autoVerifiedAttributes(VerifiedAttributeType.EMAIL)
                    .lambdaConfig(b -> b.kmsKeyID(key).customEmailSender(s -> s.lambdaArn(sender.arn()).lambdaVersion("V1_0"))))
                    .userPool().id();
            String clientId = api.createUserPoolClient(r -> r.userPoolId(poolId).clientName("app")).userPoolClient().clientId();
            String vic = unique("vic");

            api.signUp(r -> r.clientId(clientId).username(vic).password(PASSWORD)
                    .userAttributes(attribute("email", "vic@example.com")));

            assertThat(api.adminGetUser(r -> r.userPoolId(poolId).username(vic)).userStatusAsString()).isEqualTo("UNCONFIRMED");
            assertThat(awaitNotSent(lonely, 0)).isEqualTo(1);
            assertThat(lambda.invocationsOf(sender.arn())).isEmpty();
        }
    }

    @Test
    void aKmsThatDoesNotAnswerInTimeLosesOnlyTheMessageAndNeverReachesTheFunction() throws Exception {
        Sender sender = sender("email-sender-kms-timeout");
        try (TestServer impatient = TestServer.startWithLambda(new LambdaSettings(lambda.endpoint(), CREDENTIALS,
                Duration.ofSeconds(1), kms.endpoint()))) {
            CognitoIdentityProviderClient api = impatient.clientWithoutRetries();
            String poolId = api.createUserPool(r -> r.poolName(unique("senders")).autoVerifiedAttributes(VerifiedAttributeType.EMAIL)
                    .lambdaConfig(b -> b.kmsKeyID(key).customEmailSender(s -> s.lambdaArn(sender.arn()).lambdaVersion("V1_0"))))
                    .userPool().id();
            String clientId = api.createUserPoolClient(r -> r.userPoolId(poolId).clientName("app")).userPoolClient().clientId();
            try (AutoCloseable held = kms.holdAnswers()) {
                api.signUp(r -> r.clientId(clientId).username(unique("wes")).password(PASSWORD)
                        .userAttributes(attribute("email", "wes@example.com")));
                assertThat(awaitNotSent(impatient, 0)).isEqualTo(1);
            }
            assertThat(lambda.invocationsOf(sender.arn())).isEmpty();
        }
    }

    static double notSent() {
        return notSent(server);
    }

    /** The node's count of messages not sent, once it has moved from {@code before} (or after 30 s). */
    static double awaitNotSent(TestServer node, double before) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (notSent(node) == before && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        return notSent(node);
    }

    static double notSent(TestServer node) {
        var counter = node.server().metrics().find("cognate_lambda_errors").tags("trigger", "CustomEmailSender", "type", "NotSent")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aLambdaConfigOfTheWrongShapeIsAnInvalidParameterNeverAServerError() {
        String arn = lambda.passThrough(unique("sender"));
        int poolsBefore = cognito.listUserPools(r -> r.maxResults(60)).userPools().size();
        for (String config : java.util.List.of(
                "{\"CustomEmailSender\": \"" + arn + "\", \"KMSKeyID\": \"" + key + "\"}",
                "{\"CustomEmailSender\": {\"LambdaArn\": 12345, \"LambdaVersion\": \"V1_0\"}, \"KMSKeyID\": \"" + key + "\"}",
                "{\"CustomSMSSender\": {\"LambdaVersion\": \"V1_0\"}, \"KMSKeyID\": \"" + key + "\"}",
                "{\"CustomEmailSender\": {\"LambdaArn\": \"" + arn + "\", \"LambdaVersion\": \"V1_0\"}, \"KMSKeyID\": \""
                        + key + "x".repeat(5000) + "\"}")) {
            RawAdminRequest.Response answer = RawAdminRequest.to(server, "CreateUserPool")
                    .body("{\"PoolName\": \"" + unique("senders") + "\", \"LambdaConfig\": " + config + "}").send();
            assertThat(answer.status()).as(config).isEqualTo(400);
            assertThat(answer.type()).as(config).isEqualTo("InvalidParameterException");
        }
        assertThat(cognito.listUserPools(r -> r.maxResults(60)).userPools()).hasSize(poolsBefore);
    }

    @Test
    void aPoolWithACustomSenderMustNameTheKmsKeyItsCodesAreEncryptedUnder() {
        String function = lambda.passThrough(unique("sender"));
        assertThatThrownBy(() -> cognito.createUserPool(r -> r.poolName(unique("senders"))
                .lambdaConfig(b -> b.customEmailSender(s -> s.lambdaArn(function).lambdaVersion("V1_0")))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("KMSKeyID");
        assertThatThrownBy(() -> cognito.createUserPool(r -> r.poolName(unique("senders"))
                .lambdaConfig(b -> b.kmsKeyID(key).customSMSSender(s -> s.lambdaArn(function).lambdaVersion("V2_0")))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("'lambdaConfig.customSMSSender.lambdaVersion' failed to satisfy constraint");
        assertThatThrownBy(() -> cognito.createUserPool(r -> r.poolName(unique("senders"))
                .lambdaConfig(b -> b.kmsKeyID("not-an-arn").customEmailSender(s -> s.lambdaArn(function).lambdaVersion("V1_0")))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("lambdaConfig.kMSKeyID");
        assertThatThrownBy(() -> cognito.createUserPool(r -> r.poolName(unique("senders"))
                .lambdaConfig(b -> b.kmsKeyID("arn:aws:iam::123456789012:role/mail").customEmailSender(s -> s
                        .lambdaArn(function).lambdaVersion("V1_0")))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("ARN of a KMS key");
        String poolId = cognito.createUserPool(r -> r.poolName(unique("senders"))).userPool().id();
        assertThatThrownBy(() -> cognito.updateUserPool(r -> r.userPoolId(poolId)
                .lambdaConfig(b -> b.customEmailSender(s -> s.lambdaArn(function).lambdaVersion("V1_0")))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("KMSKeyID");
    }
}
