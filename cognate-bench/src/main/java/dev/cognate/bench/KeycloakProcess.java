package dev.cognate.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Keycloak from its Maven Central distribution ({@code keycloak-quarkus-dist} zip) in dev mode
 * on 127.0.0.1: unpacked into a temporary directory, started with {@code bin/kc.sh start-dev},
 * ready when its master realm's discovery document answers. The benchmark's same-run baseline,
 * and cognate-interop's KeycloakBrokerTest starts its Keycloak the same way.
 */
public final class KeycloakProcess implements AutoCloseable {
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "cognate-keycloak-admin";
    // Its first start also builds its server: minutes on a busy machine.
    private static final Duration START_LIMIT = Duration.ofMinutes(8);

    private final Process process;
    private final Path home;
    private final int port;
    private final long readyMillis;

    private KeycloakProcess(Process process, Path home, int port, long startedNanos) {
        this.process = process;
        this.home = home;
        this.port = port;
        this.readyMillis = awaitReady(startedNanos);
    }

    /** Starts Keycloak on {@code java}'s JDK, with {@code options} after kc.sh's and {@code environment} added to its own. */
    public static KeycloakProcess start(Path distZip, Path java, List<String> options, Map<String, String> environment) {
        Path home = unpack(distZip);
        int port = freePort();
        Path log = home.resolve("keycloak.log");
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + port, "--http-host=127.0.0.1"));
        command.addAll(options);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("JAVA_HOME", java.toAbsolutePath().getParent().getParent().toString());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        long started = System.nanoTime();
        try {
            return new KeycloakProcess(builder.start(), home, port, started);
        } catch (IOException e) {
            delete(home.getParent());
            throw new UncheckedIOException("cannot start Keycloak", e);
        }
    }

    private static Path unpack(Path distZip) {
        try {
            Path target = Files.createTempDirectory("cognate-keycloak-");
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

    private long awaitReady(long startedNanos) {
        long deadline = startedNanos + START_LIMIT.toNanos();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest discovery = HttpRequest.newBuilder(URI.create(baseUrl() + "/realms/master/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5)).build();
        try {
            while (System.nanoTime() < deadline && process.isAlive()) {
                try {
                    if (http.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return (System.nanoTime() - startedNanos) / 1_000_000;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String log = log(30);
        close();
        throw new IllegalStateException("Keycloak did not get ready in " + START_LIMIT + "; its log ends:\n" + log);
    }

    /** The last {@code count} lines of its output. */
    public String log(int count) {
        try {
            List<String> lines = Files.readAllLines(home.resolve("keycloak.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public long readyMillis() {
        return readyMillis;
    }

    /** The JVM's pid: kc.sh runs it as a child, or replaces itself with it after a rebuild of its configuration. */
    public long pid() {
        return process.toHandle().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst().orElse(process.toHandle()).pid();
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
