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
 * {@code ./cognate demo} as a person runs it (after {@code package}: the launcher runs target/cognate-demo.jar):
 * it prints what to open, the app answers there, and SIGTERM (Ctrl-C's signal to the JVM) stops everything.
 */
class LauncherIT {
    private static final Pattern APP_URL = Pattern.compile("^Open the demo app: +(http://localhost:\\d+)$");

    @Test
    void cognateDemoPrintsItsUrlsServesTheAppAndStopsOnSigterm(@TempDir Path data) throws Exception {
        Path root = Repository.root();
        ProcessBuilder builder = new ProcessBuilder(root.resolve("cognate").toString(), "demo",
                "--app-port", "0", "--cognate-port", "0", "--devidp-port", "0", "--data", data.toString())
                .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<String> appUrl = new CompletableFuture<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> read(process, output, appUrl));
        try {
            // Generous: the launcher builds the jar first when it is older than the sources.
            String app = appUrl.get(5, TimeUnit.MINUTES);
            assertThat(String.join("\n", output)).contains("/login?response_type=code&client_id=",
                    "alice@contoso.onmicrosoft.com", "export AWS_ACCESS_KEY_ID=");

            HttpResponse<String> home = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(home.statusCode()).isEqualTo(200);
            assertThat(home.body()).contains("id=\"sign-in\"");

            // SIGTERM through the handle: Process.destroy would also close the pipe before the last lines are read.
            process.toHandle().destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stops within 30 s of SIGTERM").isTrue();
            reader.join(5_000);
            assertThat(output).contains("Demo stopped.");
        } catch (Exception | AssertionError e) {
            throw new AssertionError("./cognate demo printed:\n" + String.join("\n", output), e);
        } finally {
            process.destroyForcibly();
        }
    }

    private static void read(Process process, List<String> output, CompletableFuture<String> appUrl) {
        String url = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                output.add(line);
                Matcher m = APP_URL.matcher(line);
                if (m.matches()) {
                    url = m.group(1);
                }
                if (line.equals(DemoSummary.READY_LINE) && url != null) {
                    appUrl.complete(url);
                }
            }
        } catch (IOException e) {
            output.add("(output unreadable: " + e.getMessage() + ")");
        }
        appUrl.completeExceptionally(new IllegalStateException("./cognate demo ended before it printed its URLs"));
    }
}
