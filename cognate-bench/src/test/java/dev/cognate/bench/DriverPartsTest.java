package dev.cognate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load driver's own parts, against the JDK's HTTP server: the benchmark itself never runs in the build. */
class DriverPartsTest {
    HttpServer http;
    final AtomicInteger connections = new AtomicInteger();

    @BeforeEach
    void startServer() throws Exception {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/fixed", exchange -> {
            byte[] body = ("{\"form\":\"" + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                    + "\",\"auth\":\"" + exchange.getRequestHeaders().getFirst("Authorization") + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.createContext("/chunked", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(401, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{\"error\":".getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.write("\"invalid_client\"}".getBytes(StandardCharsets.UTF_8));
            }
        });
        http.start();
    }

    @AfterEach
    void stopServer() {
        http.stop(0);
    }

    @Test
    void aConnectionSendsReadyMadeFormPostsAndReadsFixedAndChunkedAnswersOnOneSocket() throws Exception {
        int port = http.getAddress().getPort();
        try (Http1Connection connection = new Http1Connection("127.0.0.1", port)) {
            byte[] fixed = Http1Connection.formPost("127.0.0.1", port, "/fixed", "Basic YTpi", "grant_type=client_credentials");
            for (int i = 0; i < 3; i++) {
                Http1Connection.Response response = connection.exchange(fixed, true);
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.text()).isEqualTo("{\"form\":\"grant_type=client_credentials\",\"auth\":\"Basic YTpi\"}");
                assertThat(connection.reusable()).isTrue();
            }
            Http1Connection.Response chunked = connection.exchange(
                    Http1Connection.formPost("127.0.0.1", port, "/chunked", null, "x=1"), true);
            assertThat(chunked.status()).isEqualTo(401);
            assertThat(chunked.text()).isEqualTo("{\"error\":\"invalid_client\"}");
            assertThat(connection.exchange(fixed, false).body()).isEmpty();
        }
    }

    @Test
    void aShortLoadCountsItsAnswersAndLatencies() throws Exception {
        int port = http.getAddress().getPort();
        Scenario scenario = new Scenario("fixed", 1,
                List.of(Http1Connection.formPost("127.0.0.1", port, "/fixed", null, "grant_type=client_credentials")));
        LoadRun.Result result = LoadRun.run("127.0.0.1", port, scenario, 2, java.time.Duration.ZERO,
                java.time.Duration.ofMillis(300), ProcessHandle.current().pid());
        assertThat(result.grants()).isPositive();
        assertThat(result.errors()).isZero();
        assertThat(result.p50Millis()).isPositive().isLessThanOrEqualTo(result.p99Millis());
        assertThat(result.driverCpuSeconds()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void percentilesAreNearestRank() {
        Latencies latencies = new Latencies();
        for (int i = 100; i >= 1; i--) {
            latencies.add(i * 1_000_000L);
        }
        assertThat(latencies.percentileMillis(50)).isEqualTo(50.0);
        assertThat(latencies.percentileMillis(99)).isEqualTo(99.0);
        assertThat(latencies.percentileMillis(100)).isEqualTo(100.0);
        assertThat(new Latencies().percentileMillis(50)).isNaN();
    }

    @Test
    void optionsDefaultToAFullRunAndRefuseNonsense() {
        BenchOptions defaults = BenchOptions.parse();
        assertThat(defaults.connections()).containsExactly(16, 64);
        assertThat(defaults.preWarmSeconds()).isEqualTo(20);
        assertThat(defaults.warmUpSeconds()).isEqualTo(10);
        assertThat(defaults.keycloakZip()).isNull();
        assertThat(defaults.seconds()).isEqualTo(20);
        assertThat(BenchOptions.parse("--connections", "1,8", "--seconds", "3").connections()).containsExactly(1, 8);
        assertThatThrownBy(() -> BenchOptions.parse("--connections", "0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchOptions.parse("--seconds")).hasMessageContaining("no value");
        assertThatThrownBy(() -> BenchOptions.parse("--bogus", "1")).hasMessageContaining("unknown option");
    }
}
