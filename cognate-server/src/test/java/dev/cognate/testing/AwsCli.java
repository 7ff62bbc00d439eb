package dev.cognate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real AWS CLI v2 ({@code /usr/bin/aws}, Debian's awscli; not a v1 {@code aws} that may
 * come first on PATH), pointed at a Cognate server with the test admin key and no
 * configuration of the machine it runs on.
 */
public final class AwsCli {
    public static final Path BINARY = Path.of("/usr/bin/aws");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 120;

    /** What a command printed, and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {
        public JsonNode json() {
            try {
                return JSON.readTree(stdout);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + stdout, e);
            }
        }
    }

    private final String endpoint;
    private final Path home;

    public AwsCli(String endpoint) {
        this.endpoint = endpoint;
        try {
            this.home = Files.createTempDirectory("aws-cli-home-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** {@code aws --endpoint-url <server> --output json cognito-idp <args>}. */
    public Result cognitoIdp(String... args) {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--endpoint-url", endpoint, "--output", "json",
                "cognito-idp"));
        command.addAll(List.of(args));
        return run(command, Map.of());
    }

    /** Runs any command (a script that calls the CLI, say) with the same environment plus {@code extraEnv}. */
    public Result run(List<String> command, Map<String, String> extraEnv) {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("COGNATE_"));
        env.put("HOME", home.toString());
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.put("AWS_ACCESS_KEY_ID", TestServer.ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", TestServer.SECRET_ACCESS_KEY);
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_PAGER", "");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_CLI", BINARY.toString());
        env.put("COGNATE_ENDPOINT", endpoint);
        env.putAll(extraEnv);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), stdout.join(), stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
