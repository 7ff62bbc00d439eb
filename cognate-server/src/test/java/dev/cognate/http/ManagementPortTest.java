package dev.cognate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.testing.Backend;
import dev.cognate.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * /metrics was on the public port with no authentication: it now lives on the management port
 * (127.0.0.1 by default, as Keycloak's), which serves nothing else but /health and /ready.
 */
class ManagementPortTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    static TestServer server;

    @BeforeAll
    static void connect() {
        server = TestServer.shared(Backend.SQLITE);
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsAreNotOnThePublicPort() throws Exception {
        HttpResponse<String> metrics = get(server.port(), "/metrics");

        assertThat(metrics.statusCode()).isEqualTo(404);
        assertThat(metrics.body()).doesNotContain("jvm_").doesNotContain("cognate_");
    }

    @Test
    void managementPortServesMetricsHealthAndReady() throws Exception {
        int management = server.server().managementPort();

        assertThat(management).isPositive().isNotEqualTo(server.port());
        assertThat(get(management, "/metrics").statusCode()).isEqualTo(200);
        assertThat(get(management, "/health").body()).contains("UP");
        assertThat(get(management, "/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void publicPortKeepsHealthAndReadyForLoadBalancers() throws Exception {
        assertThat(get(server.port(), "/health").statusCode()).isEqualTo(200);
        assertThat(get(server.port(), "/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void managementPortServesNothingElse() throws Exception {
        int management = server.server().managementPort();

        assertThat(get(management, "/oauth2/authorize?client_id=x").statusCode()).isEqualTo(404);
        assertThat(get(management, "/static/cognate.css").statusCode()).isEqualTo(404);
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(404);
    }
}
