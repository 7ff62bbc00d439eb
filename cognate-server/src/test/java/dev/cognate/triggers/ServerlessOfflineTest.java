package dev.cognate.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.cognate.config.LambdaSettings;
import dev.cognate.testing.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;

/**
 * A real third-party Lambda emulator end to end: serverless-offline (with the Serverless
 * Framework v3, both pinned in src/test/node-serverless, installed once with {@code npm ci} under
 * target/serverless-node) serves a Node PreTokenGeneration handler on its Lambda Invoke endpoint
 * ({@code lambdaPort}), and Cognate, started with that endpoint as {@code --lambda-endpoint} would
 * give it, invokes it through the AWS SDK when a user signs in. The pool names the function by
 * its ARN; serverless-offline knows it only by its name, which Cognate asks for next. Telemetry
 * and notifications are off, so it runs with no network. Skipped only when there is no {@code node}.
 */
class ServerlessOfflineTest {
    static final Path SOURCES = Path.of("src", "test", "node-serverless");
    static final Path WORK = Path.of("target", "serverless-node");
    static final List<String> FILES = List.of("package.json", "package-lock.json", "serverless.yml", "handler.js");
    static final String FUNCTION = "cognate-triggers-dev-preTokenGeneration";
    static final Duration START_WAIT = Duration.ofSeconds(120);

    static Process offline;
    static final List<String> offlineOutput = new CopyOnWriteArrayList<>();
    static URI lambdaEndpoint;
    static TestServer server;

    @BeforeAll
    static void startServerlessOffline() throws Exception {
        assumeTrue(nodeIsPresent(), "node is not installed: serverless-offline cannot run");
        install();
        int lambdaPort = freePort();
        ProcessBuilder start = new ProcessBuilder("node", "node_modules/serverless/bin/serverless.js", "offline", "start")
                .directory(WORK.toFile()).redirectErrorStream(true);
        start.environment().putAll(Map.of("SLS_TELEMETRY_DISABLED", "1", "SLS_NOTIFICATIONS_MODE", "off",
                "LAMBDA_PORT", Integer.toString(lambdaPort), "HTTP_PORT", Integer.toString(freePort()),
                "AWS_ACCESS_KEY_ID", "AKIDSERVERLESSOFFLINE", "AWS_SECRET_ACCESS_KEY", "offline-secret"));
        offline = start.start();
        CompletableFuture<Void> listening = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(offline.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    offlineOutput.add(line);
                    if (line.contains("listening on http://127.0.0.1:" + lambdaPort)) {
                        listening.complete(null);
                    }
                }
                listening.completeExceptionally(new AssertionError("serverless-offline ended: " + offlineOutput));
            } catch (IOException e) {
                listening.completeExceptionally(e);
            }
        });
        listening.get(START_WAIT.toSeconds(), TimeUnit.SECONDS);
        lambdaEndpoint = URI.create("http://127.0.0.1:" + lambdaPort);
        server = TestServer.startWithLambda(new LambdaSettings(lambdaEndpoint, StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDLAMBDACALLER0001", "lambda-secret")), LambdaSettings.COGNITO_TIMEOUT));
    }

    /** Copies the pinned project to target/ and runs {@code npm ci} there when it changed. */
    private static void install() throws Exception {
        synchronized (ServerlessOfflineTest.class) {
            Files.createDirectories(WORK);
            boolean changed = false;
            for (String file : FILES) {
                byte[] source = Files.readAllBytes(SOURCES.resolve(file));
                Path target = WORK.resolve(file);
                if (!Files.exists(target) || !java.util.Arrays.equals(source, Files.readAllBytes(target))) {
                    Files.write(target, source);
                    changed = true;
                }
            }
            if (changed || !Files.isDirectory(WORK.resolve("node_modules/serverless-offline"))) {
                Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(WORK.toFile())
                        .redirectErrorStream(true).start();
                String output = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(install.waitFor(600, TimeUnit.SECONDS)).isTrue();
                assertThat(install.exitValue()).as("npm ci: " + output).isZero();
            }
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (offline != null) {
            offline.descendants().forEach(ProcessHandle::destroy);
            offline.destroy();
        }
    }

    @Test
    void aNodeHandlerServedByServerlessOfflineAddsAClaimToTheIdToken() throws Exception {
        // serverless-offline answers by the function's name; its first call also loads the handler
        HttpResponse<String> direct = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        lambdaEndpoint.resolve("/2015-03-31/functions/" + FUNCTION + "/invocations"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"triggerSource\": \"TokenGeneration_Authentication\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(direct.statusCode()).as(direct.body()).isEqualTo(200);
        CognitoIdentityProviderClient cognito = server.client();
        String poolId = cognito.createUserPool(r -> r.poolName("offline-" + UUID.randomUUID().toString().substring(0, 8))
                .lambdaConfig(l -> l.preTokenGeneration("arn:aws:lambda:us-east-1:123456789012:function:" + FUNCTION)))
                .userPool().id();
        String clientId = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("app")
                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH))
                .userPoolClient().clientId();
        cognito.adminCreateUser(r -> r.userPoolId(poolId).username("olive").messageAction(MessageActionType.SUPPRESS));
        cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username("olive").password(TriggerFixture.PASSWORD)
                .permanent(true));

        var tokens = cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", "olive", "PASSWORD", TriggerFixture.PASSWORD))).authenticationResult();

        JWTClaimsSet id = TriggerFixture.claims(tokens.idToken());
        assertThat(id.getStringClaim("tier")).as(String.join("\n", offlineOutput)).isEqualTo("gold");
        assertThat(id.getStringClaim("source")).isEqualTo("TokenGeneration_Authentication");
        assertThat(id.getStringClaim("cognito:username")).isEqualTo("olive");
        assertThat(TriggerFixture.claims(tokens.accessToken()).getClaims()).doesNotContainKey("tier");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean nodeIsPresent() {
        try {
            Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
