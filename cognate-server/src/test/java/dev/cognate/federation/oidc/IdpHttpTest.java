package dev.cognate.federation.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.cognate.testing.HangingServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every call to an IdP is bounded in time and size, and never leaves the IdP's host. */
class IdpHttpTest {
    HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/big", ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 40; i++) {
                    out.write(chunk);
                }
            }
        });
        server.createContext("/elsewhere", ex -> {
            ex.getResponseHeaders().add("Location", "http://localhost:" + port() + "/ok");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.createContext("/moved", ex -> {
            ex.getResponseHeaders().add("Location", "/ok");
            ex.sendResponseHeaders(301, -1);
            ex.close();
        });
        server.createContext("/ok", ex -> {
            byte[] body = "{\"ok\":true}".getBytes();
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    int port() {
        return server.getAddress().getPort();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    @Test
    void anIdpThatHangsFailsAtTheReadTimeoutInsteadOfHoldingTheThread() {
        IdpHttp http = new IdpHttp(Duration.ofSeconds(1), Duration.ofMillis(300));
        try (HangingServer hanging = new HangingServer()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> http.get(URI.create(hanging.url("/keys")), Map.of()))
                    .isInstanceOf(IdpHttp.IdpUnreachableException.class)
                    .hasMessageContaining("did not answer within");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void anAnswerOverOneMebibyteIsRefused() {
        assertThatThrownBy(() -> new IdpHttp().get(url("/big"), Map.of()))
                .isInstanceOf(IdpHttp.IdpUnreachableException.class)
                .hasMessageContaining("answered more than 1024 KiB");
    }

    @Test
    void aRedirectToAnotherHostIsNotFollowed() {
        assertThatThrownBy(() -> new IdpHttp().get(url("/elsewhere"), Map.of()))
                .isInstanceOf(IdpHttp.IdpUnreachableException.class)
                .hasMessageContaining("redirected to another host (localhost)");
    }

    @Test
    void aRedirectOnTheSameHostIsFollowed() throws IOException {
        IdpHttp.Response response = new IdpHttp().get(url("/moved"), Map.of());
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"ok\":true}");
    }

    @Test
    void anIdpThatHangsUpIsDescribedWithoutJavaClassNames() throws Exception {
        try (java.net.ServerSocket rude = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (java.net.Socket s = rude.accept()) {
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{".getBytes());
                } catch (IOException e) {
                    // the test sees what the client made of it
                }
            });
            URI uri = URI.create("http://127.0.0.1:" + rude.getLocalPort() + "/keys");

            assertThatThrownBy(() -> new IdpHttp().get(uri, Map.of()))
                    .hasMessageContaining("could not be reached")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContainPattern("java\\.|Exception"));
        }
    }
}
