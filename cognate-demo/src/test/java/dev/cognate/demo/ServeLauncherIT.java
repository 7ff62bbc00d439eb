package dev.cognate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./cognate serve} as an operator runs it: it gets ready, answers /ready, loads SQLite's
 * native library from the one the build unpacked beside the driver (no copy in the temporary
 * directory), and stops on SIGTERM.
 */
class ServeLauncherIT {
    private static final Pattern READY = Pattern.compile("^Cognate ready in \\d+ ms at \\S+ \\(listening on [^:]+:(\\d+),.*");

    @Test
    void cognateServeGetsReadyOnTheUnpackedSqliteLibraryAndStopsOnSigterm(@TempDir Path data) throws Exception {
        Path root = Repository.root();
        ProcessBuilder builder = new ProcessBuilder(root.resolve("cognate").toString(), "serve",
                "--port", "0", "--management-port", "0", "--data", data.resolve("store").toString())
                .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("COGNATE_ADMIN_ACCESS_KEY_ID", "AKIDSERVELAUNCHERIT1");
        builder.environment().put("COGNATE_ADMIN_SECRET_ACCESS_KEY", "serve-launcher-it-secret-access-key-000000");
        Process process = builder.start();
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> read(process, output, port));
        try {
            // Generous: the launcher builds the jar first when it is older than the sources.
            int listening = port.get(5, TimeUnit.MINUTES);
            HttpResponse<String> ready = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listening + "/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);

            Path maps = Path.of("/proc", Long.toString(process.pid()), "maps");
            if (Files.isReadable(maps)) {
                assertThat(Files.readAllLines(maps)).as("the libraries the node mapped")
                        .anyMatch(line -> line.matches(".*/target/lib/sqlite-jdbc-[^/]+-native/.*libsqlitejdbc.*"))
                        .noneMatch(line -> line.matches(".*/sqlite-[^/]*-libsqlitejdbc\\.so.*"));
            }

            process.toHandle().destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stops within 60 s of SIGTERM").isTrue();
            reader.join(5_000);
        } catch (Exception | AssertionError e) {
            throw new AssertionError("./cognate serve printed:\n" + String.join("\n", output), e);
        } finally {
            process.destroyForcibly();
        }
    }

    private static void read(Process process, List<String> output, CompletableFuture<Integer> port) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                output.add(line);
                Matcher m = READY.matcher(line);
                if (m.matches()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            output.add("(output unreadable: " + e.getMessage() + ")");
        }
        port.completeExceptionally(new IllegalStateException("./cognate serve ended before it was ready"));
    }
}
