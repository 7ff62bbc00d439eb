package dev.cognate.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Cognate server in its own JVM ({@code java -jar cognate-server.jar serve}) on 127.0.0.1
 * with a fresh SQLite data directory, so the driver's threads, JIT and GC stay out of its way.
 */
final class ServerProcess implements AutoCloseable {
    static final String ACCESS_KEY_ID = "AKIDCOGNATEBENCH0001";
    static final String SECRET_ACCESS_KEY = "cognate-bench-secret-access-key-000000000000";
    private static final Pattern LISTENING = Pattern.compile("listening on [^:]+:(\\d+),");
    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    private final Process process;
    private final Path dataDir;
    private final List<String> output = new ArrayList<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final CompletableFuture<String> signingProvider = new CompletableFuture<>();
    private final long readyMillis;

    private ServerProcess(Process process, Path dataDir, long startedNanos) {
        this.process = process;
        this.dataDir = dataDir;
        Thread.ofPlatform().daemon().name("server-output").start(this::readOutput);
        this.readyMillis = awaitReady(startedNanos);
    }

    /** Starts the server and returns once {@code GET /ready} answers 200. */
    static ServerProcess start(Path java, Path serverJar, List<String> jvmOptions) {
        return start(java, serverJar, jvmOptions, null);
    }

    /**
     * @param lambdaEndpoint where pools' Lambda triggers are invoked ({@code --lambda-endpoint}), signed
     *                       with a bench key; null for none
     */
    static ServerProcess start(Path java, Path serverJar, List<String> jvmOptions, URI lambdaEndpoint) {
        return start(java, serverJar, jvmOptions, lambdaEndpoint, List.of());
    }

    /** @param serveOptions more options of {@code serve}, after the bench's own (e.g. a limit raised for the load) */
    static ServerProcess start(Path java, Path serverJar, List<String> jvmOptions, URI lambdaEndpoint,
                               List<String> serveOptions) {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("cognate-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", serverJar.toString(), "serve", "--host", "127.0.0.1", "--port", "0", "--management-port", "0",
                "--data", dataDir.toString()));
        if (lambdaEndpoint != null) {
            command.addAll(List.of("--lambda-endpoint", lambdaEndpoint.toString()));
        }
        command.addAll(serveOptions);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (lambdaEndpoint != null) {
            builder.environment().put("AWS_ACCESS_KEY_ID", "AKIDBENCHLAMBDA00001");
            builder.environment().put("AWS_SECRET_ACCESS_KEY", "bench-lambda-secret");
        }
        builder.environment().put("COGNATE_ADMIN_ACCESS_KEY_ID", ACCESS_KEY_ID);
        builder.environment().put("COGNATE_ADMIN_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
        builder.environment().keySet().removeAll(List.of("COGNATE_DB_URL", "COGNATE_PORT", "COGNATE_HOST",
                "COGNATE_DATA", "COGNATE_PUBLIC_URL", "COGNATE_MASTER_KEY", "COGNATE_ISSUER"));
        if (serveOptions.contains("--db-url")) {
            // a node on PostgreSQL takes its master key from the environment only (every node must share it)
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            builder.environment().put("COGNATE_MASTER_KEY", Base64.getEncoder().encodeToString(key));
        }
        long started = System.nanoTime();
        try {
            return new ServerProcess(builder.start(), dataDir, started);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    private void readOutput() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                synchronized (output) {
                    output.add(line);
                }
                Matcher listening = LISTENING.matcher(line);
                if (listening.find()) {
                    port.complete(Integer.parseInt(listening.group(1)));
                }
                int signedBy = line.indexOf("Tokens are signed (RS256) by ");
                if (signedBy >= 0) {
                    signingProvider.complete(line.substring(signedBy + "Tokens are signed (RS256) by ".length()));
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        port.completeExceptionally(new IllegalStateException("the server stopped before listening:\n" + output()));
        signingProvider.complete("unknown (the server did not say)");
    }

    private long awaitReady(long startedNanos) {
        long deadline = startedNanos + START_LIMIT.toNanos();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            int boundPort = port.get(START_LIMIT.toSeconds(), TimeUnit.SECONDS);
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + boundPort + "/ready"))
                    .timeout(Duration.ofSeconds(5)).build();
            while (System.nanoTime() < deadline) {
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return (System.nanoTime() - startedNanos) / 1_000_000;
                    }
                } catch (IOException e) {
                    // not accepting yet
                }
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(5);
            }
        } catch (Exception e) {
            close();
            throw new IllegalStateException("the server did not get ready: " + e.getMessage(), e);
        }
        close();
        throw new IllegalStateException("the server did not get ready in " + START_LIMIT + ":\n" + output());
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port.join();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** From the process's start to its first {@code /ready} = 200, in milliseconds. */
    long readyMillis() {
        return readyMillis;
    }

    /** The provider the server logged as its token signer (it loads in the background after ready). */
    String signingProvider() {
        try {
            return signingProvider.get(START_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            return "unknown (" + e + ")";
        }
    }

    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind
        }
    }
}
