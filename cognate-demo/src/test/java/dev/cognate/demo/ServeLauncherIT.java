package dev.cognate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
        CompletableFuture<Integer> port = new CompletableFuture<>();
        try (LaunchedCognate serve = new LaunchedCognate(Map.of("COGNATE_ADMIN_ACCESS_KEY_ID", "AKIDSERVELAUNCHERIT1",
                "COGNATE_ADMIN_SECRET_ACCESS_KEY", "serve-launcher-it-secret-access-key-000000"), line -> {
            Matcher m = READY.matcher(line);
            if (m.matches()) {
                port.complete(Integer.parseInt(m.group(1)));
            }
        }, () -> port.completeExceptionally(new IllegalStateException("./cognate serve ended before it was ready")),
                "serve", "--port", "0", "--management-port", "0", "--data", data.resolve("store").toString())) {
            try {
                // Generous: the launcher builds the jar first when it is older than the sources.
                int listening = port.get(5, TimeUnit.MINUTES);
                HttpResponse<String> ready = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listening + "/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).isEqualTo(200);

                Path maps = Path.of("/proc", Long.toString(serve.process.pid()), "maps");
                if (Files.isReadable(maps)) {
                    assertThat(Files.readAllLines(maps)).as("the libraries the node mapped")
                            .anyMatch(line -> line.matches(".*/target/lib/sqlite-jdbc-[^/]+-native/.*libsqlitejdbc.*"))
                            .noneMatch(line -> line.matches(".*/sqlite-[^/]*-libsqlitejdbc\\.so.*"));
                }

                serve.process.toHandle().destroy();
                assertThat(serve.process.waitFor(60, TimeUnit.SECONDS)).as("stops within 60 s of SIGTERM").isTrue();
                serve.reader.join(5_000);
            } catch (Exception | AssertionError e) {
                throw serve.failure(e);
            }
        }
    }
}
