package dev.cognate.testing;

import dev.cognate.config.Secrets;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/**
 * A real {@code cognate serve} in a child JVM, as an operator runs it: flags and environment
 * only, listening on a free port that it announces in its ready line. {@link #kill} ends it
 * with SIGKILL (no shutdown hook runs), to test what survives a crash.
 */
public final class ServeProcess implements AutoCloseable {
    private static final Duration START_DEADLINE = Duration.ofSeconds(60);
    private static final Pattern READY = Pattern.compile("^Cognate ready in \\d+ ms at \\S+ \\(listening on (\\S+):(\\d+),");

    private final Process process;
    private final int port;
    private final List<String> output;
    private final Thread reaper;

    private ServeProcess(Process process, int port, List<String> output) {
        this.process = process;
        this.port = port;
        this.output = output;
        this.reaper = new Thread(process::destroyForcibly, "serve-process-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts {@code serve} on {@code dataDir} (SQLite) or on {@code dbUrl} (PostgreSQL, when
     * not null) with the test admin key and master key, and waits for its ready line.
     */
    public static ServeProcess start(Path dataDir, String dbUrl) {
        return start(dataDir, dbUrl, Map.of());
    }

    /** As {@link #start(Path, String)}, with more environment variables and flags ({@code --bootstrap f}, say). */
    public static ServeProcess start(Path dataDir, String dbUrl, Map<String, String> moreEnv, String... moreFlags) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // C1 only and the serial collector: a quicker start on a 2-core test machine
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "dev.cognate.cli.Main", "serve", "--host", "127.0.0.1", "--port", "0", "--management-port", "0",
                "--data", dataDir.toString()));
        if (dbUrl != null) {
            command.addAll(List.of("--db-url", dbUrl));
        }
        command.addAll(List.of(moreFlags));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("COGNATE_"));
        env.put(Secrets.ENV_ACCESS_KEY, TestServer.ACCESS_KEY_ID);
        env.put(Secrets.ENV_SECRET_KEY, TestServer.SECRET_ACCESS_KEY);
        env.put(Secrets.ENV_MASTER_KEY, Base64.getEncoder().encodeToString(TestServer.MASTER_KEY));
        env.putAll(moreEnv);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> readOutput(process, output, ready), "serve-process-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ServeProcess(process, ready.get(START_DEADLINE.toSeconds(), TimeUnit.SECONDS), output);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("cognate serve did not get ready within " + START_DEADLINE
                    + "; its output:\n" + String.join("\n", output), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void readOutput(Process process, List<String> output, CompletableFuture<Integer> ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                output.add(line);
                Matcher m = READY.matcher(line);
                if (m.find()) {
                    ready.complete(Integer.parseInt(m.group(2)));
                }
            }
        } catch (IOException e) {
            output.add("(output unreadable: " + e.getMessage() + ")");
        }
        ready.completeExceptionally(new IllegalStateException("cognate serve ended before it was ready"));
    }

    public int port() {
        return port;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** What the process printed so far (stdout and stderr), for failure messages. */
    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** The AWS SDK, signing with the test admin key, without retries (a dead server fails fast). */
    public CognitoIdentityProviderClient client() {
        return CognitoIdentityProviderClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(TestServer.ACCESS_KEY_ID, TestServer.SECRET_ACCESS_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** SIGKILL: the process gets no chance to flush, close or run a shutdown hook. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        awaitExit();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook runs anyway
        }
    }

    private void awaitExit() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
