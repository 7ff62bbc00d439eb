package dev.cognate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A script of src/test/node run by Node against the pinned npm packages there (installed once
 * with {@code npm ci} under target/srp-node), answering one JSON line for each JSON line it is
 * sent: a conversation, so a test can act between two calls (read a mailed code, say).
 */
public final class NodeScript implements AutoCloseable {
    static final Path SOURCES = Path.of("src", "test", "node");
    static final Path WORK = Path.of("target", "srp-node");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ANSWER_SECONDS = 60;

    private final Process process;
    private final Writer in;
    private final BufferedReader out;
    private final StringBuilder err = new StringBuilder();

    private NodeScript(Process process) {
        this.process = process;
        this.in = process.outputWriter(StandardCharsets.UTF_8);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Thread.ofVirtual().start(() -> {
            try (var reader = process.errorReader(StandardCharsets.UTF_8)) {
                reader.lines().forEach(line -> {
                    synchronized (err) {
                        err.append(line).append('\n');
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                // the process ended
            }
        });
    }

    public static boolean nodeIsPresent() {
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

    /** Copies src/test/node to the work directory and runs {@code npm ci} there when the packages changed. */
    public static void install() throws IOException, InterruptedException {
        install(SOURCES, WORK);
    }

    /** Copies the files of {@code sources} to {@code work} and runs {@code npm ci} there when the packages changed. */
    public static synchronized void install(Path sources, Path work) throws IOException, InterruptedException {
        Files.createDirectories(work);
        boolean changed = false;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(sources, Files::isRegularFile)) {
            for (Path source : files) {
                byte[] bytes = Files.readAllBytes(source);
                Path target = work.resolve(source.getFileName().toString());
                if (!Files.exists(target) || !Arrays.equals(bytes, Files.readAllBytes(target))) {
                    Files.write(target, bytes);
                    changed |= source.getFileName().toString().startsWith("package");
                }
            }
        }
        if (changed || !Files.isDirectory(work.resolve("node_modules"))) {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(work.toFile())
                    .redirectErrorStream(true).start();
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return npm.getInputStream().readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (!npm.waitFor(300, TimeUnit.SECONDS)) {
                npm.destroyForcibly();
                throw new AssertionError("npm ci did not finish within 300 s");
            }
            if (npm.exitValue() != 0) {
                throw new AssertionError("npm ci: " + new String(output.join(), StandardCharsets.UTF_8));
            }
        }
    }

    /** Starts {@code node <script> <arguments...>} in the work directory. */
    public static NodeScript start(String script, String... arguments) throws IOException {
        return startIn(WORK, script, arguments);
    }

    /** Starts {@code node <script> <arguments...>} in {@code work} (one {@link #install(Path, Path)} made). */
    public static NodeScript startIn(Path work, String script, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(arguments));
        return new NodeScript(new ProcessBuilder(command).directory(work.toFile()).start());
    }

    /** Sends {@code {"op": op, ...}} and waits for the script's answer. */
    public JsonNode call(String op, Consumer<ObjectNode> arguments) {
        ObjectNode request = JSON.createObjectNode().put("op", op);
        arguments.accept(request);
        try {
            in.write(JSON.writeValueAsString(request) + "\n");
            in.flush();
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(ANSWER_SECONDS, TimeUnit.SECONDS);
            if (line == null) {
                throw new AssertionError("node ended without answering " + op + ": " + stderr());
            }
            return JSON.readTree(line);
        } catch (TimeoutException e) {
            throw new AssertionError(op + " had no answer within " + ANSWER_SECONDS + " s: " + stderr());
        } catch (ExecutionException | IOException e) {
            throw new AssertionError(op + ": " + e + " " + stderr(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(op + " interrupted");
        }
    }

    public JsonNode call(String op) {
        return call(op, r -> { });
    }

    private String stderr() {
        synchronized (err) {
            return err.toString();
        }
    }

    @Override
    public void close() {
        try {
            in.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
