package dev.cognate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./cognate demo} as a person runs it (after {@code package}: the launcher runs target/cognate-demo.jar):
 * it prints what to open, the app answers there, and SIGTERM (Ctrl-C's signal to the JVM) stops everything.
 */
class LauncherIT {
    private static final Pattern APP_URL = Pattern.compile("^Open the demo app: +(http://localhost:\\d+)$");

    @Test
    void cognateDemoPrintsItsUrlsServesTheAppAndStopsOnSigterm(@TempDir Path data) throws Exception {
        CompletableFuture<String> appUrl = new CompletableFuture<>();
        AtomicReference<String> url = new AtomicReference<>();
        try (LaunchedCognate demo = new LaunchedCognate(Map.of(), line -> {
            Matcher m = APP_URL.matcher(line);
            if (m.matches()) {
                url.set(m.group(1));
            }
            if (line.equals(DemoSummary.READY_LINE) && url.get() != null) {
                appUrl.complete(url.get());
            }
        }, () -> appUrl.completeExceptionally(new IllegalStateException("./cognate demo ended before it printed its URLs")),
                "demo", "--app-port", "0", "--cognate-port", "0", "--devidp-port", "0", "--data", data.toString())) {
            try {
                // Generous: the launcher builds the jar first when it is older than the sources.
                String app = appUrl.get(5, TimeUnit.MINUTES);
                assertThat(String.join("\n", demo.output())).contains("/login?response_type=code&client_id=",
                        "alice@contoso.onmicrosoft.com", "export AWS_ACCESS_KEY_ID=");

                HttpResponse<String> home = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(home.statusCode()).isEqualTo(200);
                assertThat(home.body()).contains("id=\"sign-in\"");

                // SIGTERM through the handle: Process.destroy would also close the pipe before the last lines are read.
                demo.process.toHandle().destroy();
                assertThat(demo.process.waitFor(30, TimeUnit.SECONDS)).as("stops within 30 s of SIGTERM").isTrue();
                demo.reader.join(5_000);
                assertThat(demo.output()).contains("Demo stopped.");
            } catch (Exception | AssertionError e) {
                throw demo.failure(e);
            }
        }
    }
}
