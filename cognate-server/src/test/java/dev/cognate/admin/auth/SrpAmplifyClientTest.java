package dev.cognate.admin.auth;

import static dev.cognate.admin.auth.SignInPool.PASSWORD;
import static dev.cognate.admin.auth.SignInPool.TEMPORARY_PASSWORD;
import static dev.cognate.admin.auth.SignInPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.cognate.testing.Backend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameAttributeType;

/**
 * Cognate's SRP server side against an independent client: amazon-cognito-identity-js (the
 * library under Amplify's older releases), whose {@code CognitoUser.authenticateUser} signs in
 * with USER_SRP_AUTH by default. The pinned package (src/test/node) is installed once with
 * {@code npm ci} under target/srp-node; the test is skipped only when there is no {@code node}.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class SrpAmplifyClientTest {
    static final Path SOURCES = Path.of("src", "test", "node");
    static final Path WORK = Path.of("target", "srp-node");
    static final List<String> FILES = List.of("package.json", "package-lock.json", "srp-sign-in.js", "device-sign-in.js");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameter
    Backend backend;

    SignInPool pool;
    String clientId;

    @BeforeAll
    static void installTheLibrary() throws Exception {
        assumeTrue(nodeIsPresent(), "node is not installed: the amazon-cognito-identity-js client cannot run");
        synchronized (SrpAmplifyClientTest.class) {
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
            if (changed || !Files.isDirectory(WORK.resolve("node_modules/amazon-cognito-identity-js"))) {
                Run install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
                assertThat(install.exitCode()).as("npm ci: " + install.output()).isZero();
            }
        }
    }

    @BeforeEach
    void createPool() {
        pool = SignInPool.create(backend);
        clientId = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH,
                ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)).clientId();
    }

    @Test
    void authenticateUserSignsInWithSrpAndGetsTokensAnAppVerifies() throws Exception {
        String alice = pool.confirmedUser(uniqueName("alice"));
        JsonNode result = signIn(alice, PASSWORD);
        assertThat(result.has("idToken")).as(result.toString()).isTrue();
        JWTClaimsSet id = pool.verify(result.get("idToken").asText());
        assertThat(id.getStringClaim("cognito:username")).isEqualTo(alice);
        assertThat(id.getAudience()).containsExactly(clientId);
        assertThat(id.getStringClaim("token_use")).isEqualTo("id");
        JWTClaimsSet access = pool.verify(result.get("accessToken").asText());
        assertThat(access.getStringClaim("username")).isEqualTo(alice);
        assertThat(access.getStringClaim("token_use")).isEqualTo("access");
        assertThat(result.get("refreshToken").asText()).isNotBlank();
    }

    @Test
    void aWrongPasswordFailsInTheLibraryWithCognitosError() throws Exception {
        String alice = pool.confirmedUser(uniqueName("alice"));
        JsonNode result = signIn(alice, "Wrong-Password-1");
        assertThat(result.path("error").asText()).as(result.toString()).isEqualTo("NotAuthorizedException");
        assertThat(result.path("message").asText()).isEqualTo("Incorrect username or password.");
    }

    @Test
    void aTemporaryPasswordReachesTheLibrarysNewPasswordRequiredCallback() throws Exception {
        String bob = pool.newUser(uniqueName("bob"));
        JsonNode result = signIn(bob, TEMPORARY_PASSWORD);
        assertThat(result.path("challenge").asText()).as(result.toString()).isEqualTo("NEW_PASSWORD_REQUIRED");
    }

    @Test
    void inAPoolThatSignsInWithEmailTheLibrarySignsAsUserIdForSrp() throws Exception {
        pool = SignInPool.create(backend, r -> r.usernameAttributes(UsernameAttributeType.EMAIL));
        clientId = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH,
                ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)).clientId();
        String email = uniqueName("carol") + "@example.com";
        pool.cognito.adminCreateUser(r -> r.userPoolId(pool.poolId).username(email).messageAction(MessageActionType.SUPPRESS)
                .userAttributes(AttributeType.builder().name("email_verified").value("true").build()));
        pool.cognito.adminSetUserPassword(r -> r.userPoolId(pool.poolId).username(email).password(PASSWORD).permanent(true));

        JsonNode result = signIn(email, PASSWORD);
        assertThat(result.has("idToken")).as(result.toString()).isTrue();
        JWTClaimsSet id = pool.verify(result.get("idToken").asText());
        assertThat(id.getStringClaim("email")).isEqualTo(email);
        assertThat(id.getStringClaim("cognito:username")).isEqualTo(id.getSubject()).isNotEqualTo(email);
    }

    private JsonNode signIn(String username, String password) throws Exception {
        Run run = run(List.of("node", "srp-sign-in.js", pool.server.endpoint().toString(), pool.poolId, clientId,
                username, password), 60);
        assertThat(run.exitCode()).as(run.output()).isZero();
        String last = run.output().strip().lines().reduce((a, b) -> b).orElse("");
        return JSON.readTree(last);
    }

    record Run(int exitCode, String output) {}

    static Run run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).directory(WORK.toFile())
                .redirectErrorStream(true).start();
        // Read while it runs, so a chatty process never blocks on a full pipe.
        var output = new java.util.concurrent.CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            try {
                output.complete(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.completeExceptionally(e);
            }
        });
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
        }
        return new Run(process.exitValue(), output.join());
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
