package dev.cognate.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The static single-page apps of src/test/node-spa (oidc-client-ts, Amplify JS), bundled by
 * esbuild as an app's build would (packages pinned in its package-lock.json, installed once with
 * {@code npm ci} under target/spa-node) and served as plain files from {@code http://localhost:<port>}
 * (an app's URLs may use http only on localhost). Cognate listens on another port: another origin,
 * so every call the pages make to Cognate is cross-origin and goes through CORS. {@link SpaBrowser}
 * starts it.
 */
public final class SpaSite implements AutoCloseable {
    static final Path SOURCES = Path.of("src", "test", "node-spa");
    static final Path WORK = Path.of("target", "spa-node");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8");

    private final HttpServer server;
    private final Path root;

    private SpaSite(HttpServer server, Path root) {
        this.server = server;
        this.root = root;
    }

    /** Installs the packages (when they changed), bundles the pages and serves them. */
    static SpaSite start() throws IOException, InterruptedException {
        NodeScript.install(SOURCES, WORK);
        Process build = new ProcessBuilder("node", "build.mjs").directory(WORK.toFile()).redirectErrorStream(true).start();
        String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!build.waitFor(120, TimeUnit.SECONDS) || build.exitValue() != 0) {
            throw new AssertionError("esbuild: " + output);
        }
        Path root = WORK.resolve("dist").toAbsolutePath().normalize();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        SpaSite site = new SpaSite(server, root);
        server.createContext("/", site::serve);
        server.start();
        return site;
    }

    /** {@code http://localhost:<port>}: the pages' origin. */
    public String origin() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /** The address of a page (or any path) on the site. */
    public String url(String path) {
        return origin() + "/" + path;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Path file = root.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            String name = file.getFileName() == null ? "" : file.getFileName().toString();
            String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
            if (!exchange.getRequestMethod().equals("GET") || !file.startsWith(root) || type == null
                    || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.getResponseHeaders().add("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
