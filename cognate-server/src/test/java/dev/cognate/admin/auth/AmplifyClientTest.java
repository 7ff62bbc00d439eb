package dev.cognate.admin.auth;

import static dev.cognate.admin.auth.SignInPool.PASSWORD;
import static dev.cognate.admin.auth.SignInPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognate.config.MailSettings;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFactorType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType;

/**
 * Amplify JS v6 (aws-amplify, pinned in src/test/node-amplify, installed once with {@code npm ci}
 * under target/amplify-node) against Cognate, with {@code userPoolEndpoint} pointing here:
 * {@code signIn} (SRP, Amplify's default), {@code fetchAuthSession({forceRefresh: true})},
 * {@code setUpTOTP} and {@code verifyTOTPSetup} (codes from otplib), {@code updateMFAPreference},
 * a USER_AUTH sign-in with EMAIL_OTP whose code the test reads from a real SMTP server and hands
 * to the script on stdin, sign-out, {@code signIn} answered by {@code confirmSignIn} with a TOTP
 * code, and then no e-mailed code alone (a user with MFA on); and, in a pool that requires MFA, e-mail MFA set up during sign-in by a user
 * without an address ({@code CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION},
 * {@code CONTINUE_SIGN_IN_WITH_EMAIL_SETUP}); and SMS MFA answered with the texted code read from the
 * outbox ({@code CONFIRM_SIGN_IN_WITH_SMS_CODE}), {@code fetchMFAPreference} and
 * {@code updateMFAPreference}. Skipped only when there is no {@code node}.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class AmplifyClientTest {
    static final Path SOURCES = Path.of("src", "test", "node-amplify");
    static final Path WORK = Path.of("target", "amplify-node");
    static final List<String> FILES = List.of("package.json", "package-lock.json", "amplify-flow.mjs",
            "amplify-email-setup.mjs", "amplify-device-refresh.mjs", "amplify-sms-mfa.mjs", "amplify-auto-sign-in.mjs");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Backend, TestServer> SERVERS = new EnumMap<>(Backend.class);

    @Parameter
    Backend backend;

    @BeforeAll
    static void installAmplify() throws Exception {
        assumeTrue(NodeClients.nodeIsPresent(), "node is not installed: Amplify cannot run");
        synchronized (AmplifyClientTest.class) {
            Files.createDirectories(WORK);
            boolean changed = false;
            for (String file : FILES) {
                byte[] source = Files.readAllBytes(SOURCES.resolve(file));
                Path target = WORK.resolve(file);
                if (!Files.exists(target) || !java.util.Arrays.equals(source, Files.readAllBytes(target))) {
                    Files.write(target, source);
                    changed |= file.startsWith("package");
                }
            }
            if (changed || !Files.isDirectory(WORK.resolve("node_modules/aws-amplify"))) {
                Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(WORK.toFile())
                        .redirectErrorStream(true).start();
                String output = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(install.waitFor(600, TimeUnit.SECONDS)).isTrue();
                assertThat(install.exitValue()).as("npm ci: " + output).isZero();
            }
        }
    }

    /** A node with the real clock (Amplify's SRP timestamps and otplib's codes are the machine's time). */
    static TestServer server(Backend backend) {
        synchronized (SERVERS) {
            return SERVERS.computeIfAbsent(backend, b -> {
                TestServer s = TestServer.startWithMail(b, new MailSettings("smtp://127.0.0.1:"
                        + MailedSignIns.SMTP.getSmtp().getPort(), "cognate@example.test"));
                Runtime.getRuntime().addShutdownHook(new Thread(s::close));
                return s;
            });
        }
    }

    @Test
    void amplifySignsInWithSrpSetsUpTotpAnswersItAndSignsInWithAnEmailCode() throws Exception {
        SignInPool pool = SignInPool.on(server(backend), r -> r.policies(p -> p.signInPolicy(s -> s
                .allowedFirstAuthFactors(AuthFactorType.PASSWORD, AuthFactorType.EMAIL_OTP))));
        pool.cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId).mfaConfiguration(UserPoolMfaType.OPTIONAL)
                .softwareTokenMfaConfiguration(s -> s.enabled(true)));
        String clientId = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH,
                ExplicitAuthFlowsType.ALLOW_USER_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)).clientId();
        String alice = pool.confirmedUser(uniqueName("alice"));
        String address = alice + "@example.com";
        int seen = MailedSignIns.mailsTo(address).size();

        Map<String, JsonNode> steps = run(List.of("amplify-flow.mjs", server(backend).endpoint().toString(),
                pool.poolId, clientId, alice, PASSWORD), () -> MailedSignIns.nextCode(address, seen));

        assertThat(steps.get("signIn").get("isSignedIn").asBoolean()).isTrue();
        assertThat(pool.verify(steps.get("fetchAuthSession").get("idToken").asText()).getStringClaim("cognito:username"))
                .isEqualTo(alice);
        assertThat(steps.get("totpSetUp").get("uri").asText()).startsWith("otpauth://totp/");
        assertThat(steps.get("signInAsksForTotp").get("next").asText()).isEqualTo("CONFIRM_SIGN_IN_WITH_TOTP_CODE");
        assertThat(steps.get("confirmSignIn").get("isSignedIn").asBoolean()).isTrue();
        assertThat(pool.verify(steps.get("mfaSession").get("idToken").asText()).getStringListClaim("amr"))
                .containsExactly("pwd", "otp", "mfa");
        assertThat(steps.get("needEmailCode").get("next").asText()).isEqualTo("CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
        assertThat(steps.get("confirmEmailCode").get("isSignedIn").asBoolean()).isTrue();
        assertThat(pool.verify(steps.get("emailSession").get("idToken").asText()).getStringListClaim("amr"))
                .containsExactly("otp");
        assertThat(steps.get("emailCodeAfterMfa").get("next").asText())
                .isEqualTo("CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION");
        assertThat(steps.get("emailCodeAfterMfa").get("available")).extracting(JsonNode::asText)
                .containsExactly("PASSWORD", "PASSWORD_SRP");
    }

    @Test
    void amplifyConfirmsItsDeviceAndRefreshesWithTheDevicesKey() throws Exception {
        SignInPool pool = SignInPool.on(server(backend), r -> r.deviceConfiguration(d -> d
                .challengeRequiredOnNewDevice(true).deviceOnlyRememberedOnUserPrompt(false)));
        String clientId = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH,
                ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)).clientId();
        String alice = pool.confirmedUser(uniqueName("alice"));

        Map<String, JsonNode> steps = run(List.of("amplify-device-refresh.mjs", server(backend).endpoint().toString(),
                pool.poolId, clientId, alice, PASSWORD), AmplifyClientTest::noCode);

        String device = pool.verify(steps.get("session").get("accessToken").asText()).getStringClaim("device_key");
        assertThat(device).startsWith("us-east-1_");
        assertThat(steps.get("devices").get("ids")).extracting(JsonNode::asText).containsExactly(device);
        assertThat(pool.verify(steps.get("refreshed").get("accessToken").asText()).getStringClaim("device_key"))
                .isEqualTo(device);
    }

    @Test
    void amplifySetsUpEmailMfaDuringSignInForAUserWithoutAnAddress() throws Exception {
        SignInPool pool = SignInPool.on(server(backend), r -> { });
        pool.cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId).mfaConfiguration(UserPoolMfaType.ON)
                .softwareTokenMfaConfiguration(s -> s.enabled(true)).emailMfaConfiguration(e -> e.subject("Your code")));
        String clientId = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH,
                ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)).clientId();
        String bob = uniqueName("bob");
        pool.cognito.adminCreateUser(r -> r.userPoolId(pool.poolId).username(bob).messageAction(MessageActionType.SUPPRESS));
        pool.cognito.adminSetUserPassword(r -> r.userPoolId(pool.poolId).username(bob).password(PASSWORD).permanent(true));
        String address = bob + "@example.org";

        Map<String, JsonNode> steps = run(List.of("amplify-email-setup.mjs", server(backend).endpoint().toString(),
                pool.poolId, clientId, bob, PASSWORD, address), () -> MailedSignIns.nextCode(address, 0));

        assertThat(steps.get("signIn").get("next").asText()).isEqualTo("CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION");
        assertThat(steps.get("chooseEmail").get("next").asText()).isEqualTo("CONTINUE_SIGN_IN_WITH_EMAIL_SETUP");
        assertThat(steps.get("needEmailCode").get("next").asText()).isEqualTo("CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
        assertThat(steps.get("confirmEmailCode").get("isSignedIn").asBoolean()).isTrue();
        var claims = pool.verify(steps.get("emailSession").get("idToken").asText());
        assertThat(claims.getStringClaim("email")).isEqualTo(address);
        assertThat(claims.getBooleanClaim("email_verified")).isTrue();
        assertThat(claims.getStringListClaim("amr")).containsExactly("pwd", "otp", "mfa");
        assertThat(pool.cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(bob)).userMFASettingList())
                .containsExactly("EMAIL_OTP");
    }

    @Test
    void amplifyAnswersSmsMfaWithTheTextedCodeAndTurnsItOff() throws Exception {
        SignInPool pool = SignInPool.on(server(backend), r -> { });
        pool.cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId).mfaConfiguration(UserPoolMfaType.OPTIONAL)
                .smsMfaConfiguration(s -> s.smsAuthenticationMessage("Your code is {####}.")
                        .smsConfiguration(c -> c.snsCallerArn("arn:aws:iam::123456789012:role/cognito-sms"))));
        String clientId = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH,
                ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)).clientId();
        String carol = pool.confirmedUser(uniqueName("carol"));
        String phone = "+15550501234";
        pool.cognito.adminUpdateUserAttributes(r -> r.userPoolId(pool.poolId).username(carol)
                .userAttributes(a -> a.name("phone_number").value(phone)));
        pool.cognito.adminSetUserMFAPreference(r -> r.userPoolId(pool.poolId).username(carol)
                .smsMfaSettings(s -> s.enabled(true).preferredMfa(true)));

        Map<String, JsonNode> steps = run(List.of("amplify-sms-mfa.mjs", server(backend).endpoint().toString(),
                pool.poolId, clientId, carol, PASSWORD), () -> textedCode(pool, phone));

        assertThat(steps.get("needSmsCode").get("next").asText()).isEqualTo("CONFIRM_SIGN_IN_WITH_SMS_CODE");
        assertThat(steps.get("needSmsCode").get("medium").asText()).isEqualTo("SMS");
        assertThat(steps.get("needSmsCode").get("destination").asText()).isEqualTo("+*******1234");
        assertThat(steps.get("confirmSmsCode").get("isSignedIn").asBoolean()).isTrue();
        assertThat(pool.verify(steps.get("smsSession").get("idToken").asText()).getStringListClaim("amr"))
                .containsExactly("pwd", "otp", "mfa");
        assertThat(steps.get("preference").get("enabled")).extracting(JsonNode::asText).containsExactly("SMS");
        assertThat(steps.get("preference").get("preferred").asText()).isEqualTo("SMS");
        assertThat(steps.get("signInWithoutSms").get("isSignedIn").asBoolean()).isTrue();
    }

    /**
     * Amplify's passwordless sign-up: {@code signUp} with {@code autoSignIn: {authFlowType: 'USER_AUTH'}}
     * and no password, {@code confirmSignUp} with the mailed code, then {@code autoSignIn}, which
     * passes the Session ConfirmSignUp answered to InitiateAuth: signed in, no second code.
     */
    @Test
    void amplifySignsANewUserInRightAfterConfirmingItsSignUp() throws Exception {
        SignInPool pool = SignInPool.on(server(backend), r -> r
                .autoVerifiedAttributes(software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType.EMAIL)
                .policies(p -> p.signInPolicy(s -> s.allowedFirstAuthFactors(AuthFactorType.PASSWORD, AuthFactorType.EMAIL_OTP))));
        String clientId = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_AUTH,
                ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)).clientId();
        String bea = uniqueName("bea");
        String address = bea + "@example.com";
        int seen = MailedSignIns.mailsTo(address).size();

        Map<String, JsonNode> steps = run(List.of("amplify-auto-sign-in.mjs", server(backend).endpoint().toString(),
                pool.poolId, clientId, bea, address), () -> MailedSignIns.nextCode(address, seen));

        assertThat(steps.get("signUp").get("next").asText()).isEqualTo("CONFIRM_SIGN_UP");
        assertThat(steps.get("confirmSignUp").get("next").asText()).isEqualTo("COMPLETE_AUTO_SIGN_IN");
        assertThat(steps.get("autoSignIn").get("isSignedIn").asBoolean()).isTrue();
        var claims = pool.verify(steps.get("session").get("idToken").asText());
        assertThat(claims.getStringClaim("cognito:username")).isEqualTo(bea);
        assertThat(claims.getStringListClaim("amr")).containsExactly("otp");
        assertThat(MailedSignIns.mailsTo(address)).as("one code: the sign-up's").hasSize(seen + 1);
    }

    /** The code of the newest text message to {@code phone} in the pool (kept in the outbox). */
    private static String textedCode(SignInPool pool, String phone) {
        var texts = new dev.cognate.store.jdbc.JdbcOutboxStore(pool.server.server().database().jdbi(), new dev.cognate.crypto.SecretBox(dev.cognate.testing.TestServer.MASTER_KEY))
                .newest(pool.poolId, java.time.Instant.now(), 10).stream()
                .filter(e -> e.destination().equals(phone)).toList();
        assertThat(texts).isNotEmpty();
        var matcher = java.util.regex.Pattern.compile("Your code is (\\d{6})\\.").matcher(texts.getFirst().body());
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    private static String noCode() {
        throw new AssertionError("this script asks for no code");
    }

    /**
     * Runs a script of {@link #SOURCES} to its end, writing it {@code nextCode}'s code when it
     * says {@code needEmailCode} or {@code needSmsCode}.
     * @return its steps by name; one of them {@code done}
     */
    private static Map<String, JsonNode> run(List<String> script, java.util.function.Supplier<String> nextCode)
            throws Exception {
        Map<String, JsonNode> steps = new LinkedHashMap<>();
        List<String> command = new ArrayList<>(List.of("node"));
        command.addAll(script);
        Process node = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
             Writer in = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
                if (!line.startsWith("{\"step\"")) {
                    continue;
                }
                JsonNode step = JSON.readTree(line);
                steps.put(step.get("step").asText(), step);
                if (List.of("needEmailCode", "needSmsCode").contains(step.get("step").asText())) {
                    in.write(nextCode.get() + "\n");
                    in.flush();
                }
            }
        }
        assertThat(node.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String transcript = String.join("\n", output);
        assertThat(steps).as(transcript).containsKey("done");
        return steps;
    }
}
