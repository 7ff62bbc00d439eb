package dev.cognate.interop.keycloak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Keycloak from its Maven Central distribution ({@code keycloak-quarkus-dist} zip, the build
 * puts its path in {@code keycloak.zip}) in dev mode on 127.0.0.1, as cognate-bench starts it:
 * unpacked into a temporary directory and started with {@code bin/kc.sh start-dev}. Ready when
 * it logs that it listens; its first start also builds its server, minutes on a busy machine.
 */
final class KeycloakProcess implements AutoCloseable {
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "cognate-interop-keycloak-admin";
    private static final Duration START_LIMIT = Duration.ofMinutes(8);

    private final Process process;
    private final Path home;
    private final int port;
    private final Deque<String> lastLines = new ArrayDeque<>();
    private final CompletableFuture<Void> listening = new CompletableFuture<>();

    private KeycloakProcess(Process process, Path home, int port) {
        this.process = process;
        this.home = home;
        this.port = port;
        Thread.ofPlatform().daemon().name("keycloak-log").start(this::readLog);
    }

    static KeycloakProcess start(Path distZip) {
        Path home = unpack(distZip);
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + port, "--http-host=127.0.0.1",
                // Its calls to Cognate (token, JWKS, userInfo) give up after 5 s of silence by default: too
                // short for a 2-core machine that builds and runs the other tests at the same time.
                "--spi-connections-http-client--default--socket-timeout-millis=60000")
                .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // A heap for a test realm, not Keycloak's default share of the machine's memory.
        builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms128m -Xmx768m");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        KeycloakProcess keycloak;
        try {
            keycloak = new KeycloakProcess(builder.start(), home, port);
        } catch (IOException e) {
            delete(home.getParent());
            throw new UncheckedIOException("cannot start Keycloak", e);
        }
        keycloak.awaitListening();
        return keycloak;
    }

    private void readLog() {
        try (BufferedReader log = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = log.readLine()) != null; ) {
                synchronized (lastLines) {
                    lastLines.addLast(line);
                    if (lastLines.size() > 400) {
                        lastLines.removeFirst();
                    }
                }
                if (line.contains("Listening on: http://")) {
                    listening.complete(null);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        listening.completeExceptionally(new IllegalStateException("Keycloak's output ended"));
    }

    private void awaitListening() {
        try {
            listening.get(START_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            String log = log();
            close();
            throw new IllegalStateException("Keycloak did not start within " + START_LIMIT + " (" + e.getMessage()
                    + "); its log ends:\n" + log, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException(e);
        }
    }

    /** Its last lines of output (up to 400). */
    String log() {
        synchronized (lastLines) {
            return String.join("\n", lastLines);
        }
    }

    int port() {
        return port;
    }

    /** The address a browser uses (Cognate allows plain http callbacks on localhost only). */
    String baseUrl() {
        return "http://localhost:" + port;
    }

    private static Path unpack(Path distZip) {
        try {
            Path target = Files.createTempDirectory("cognate-interop-keycloak-");
            Path root = null;
            try (ZipFile zip = new ZipFile(distZip.toFile())) {
                for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                    ZipEntry entry = entries.nextElement();
                    Path out = target.resolve(entry.getName()).normalize();
                    if (!out.startsWith(target)) {
                        throw new IOException("zip entry outside its directory: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(out);
                        continue;
                    }
                    Files.createDirectories(out.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                    if (entry.getName().endsWith("/bin/kc.sh")) {
                        out.toFile().setExecutable(true);
                        root = out.getParent().getParent();
                    }
                }
            }
            if (root == null) {
                throw new IOException(distZip + " has no bin/kc.sh: not a Keycloak distribution");
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        List<ProcessHandle> children = process.toHandle().descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            for (ProcessHandle child : children) {
                child.onExit().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            children.forEach(ProcessHandle::destroyForcibly);
        }
        delete(home.getParent());
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind
        }
    }
}
