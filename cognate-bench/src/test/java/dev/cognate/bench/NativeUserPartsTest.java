package dev.cognate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The native-user load's parts against the JDK's HTTP server (the benchmark itself never runs
 * in the build): SignUp sends a new user every time, ForgotPassword walks its users in turn,
 * and the password-hash bound is measured with the server's hasher.
 */
class NativeUserPartsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    HttpServer http;
    final Set<String> usernames = ConcurrentHashMap.newKeySet();
    final Set<String> targets = ConcurrentHashMap.newKeySet();
    final AtomicInteger received = new AtomicInteger();

    @BeforeEach
    void startServer() throws Exception {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            usernames.add(body.path("Username").asText());
            targets.add(exchange.getRequestHeaders().getFirst("X-Amz-Target") + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type"));
            received.incrementAndGet();
            byte[] answer = "{\"UserConfirmed\":false}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        http.start();
    }

    @AfterEach
    void stopServer() {
        http.stop(0);
    }

    @Test
    void aSignUpLoadSendsANewUserWithEveryRequest() throws Exception {
        int port = http.getAddress().getPort();
        Scenario signUp = new Scenario("SignUp", 0, 1,
                NativeUserFixture.signUpRequests("127.0.0.1", port, "client123", new AtomicLong()));
        try (Http1Connection first = new Http1Connection("127.0.0.1", port)) {
            // One answer before the load, so the window does not wait for this JVM's class loading.
            assertThat(first.exchange(signUp.requestFor(0), true).status()).isEqualTo(200);
        }
        LoadRun.Result result = LoadRun.run("127.0.0.1", port, signUp, 2, Duration.ZERO, Duration.ofSeconds(1),
                ProcessHandle.current().pid());

        assertThat(result.grants()).isPositive();
        assertThat(result.errors()).isZero();
        assertThat(usernames).hasSize(received.get());
        assertThat(targets).containsExactly("AWSCognitoIdentityProviderService.SignUp application/x-amz-json-1.1");
    }

    @Test
    void forgotPasswordWalksItsUsersInTurn() throws Exception {
        Scenario.Requests requests = NativeUserFixture.forgotPasswordRequests("127.0.0.1", 1, "client123",
                List.of("ann", "bob", "cid"), new AtomicLong());
        List<String> asked = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String text = new String(requests.next(i % 2), StandardCharsets.UTF_8);
            asked.add(JSON.readTree(text.substring(text.indexOf("\r\n\r\n") + 4)).path("Username").asText());
            assertThat(text).contains("X-Amz-Target: AWSCognitoIdentityProviderService.ForgotPassword\r\n");
        }
        assertThat(asked).containsExactly("ann", "bob", "cid", "ann", "bob", "cid");
    }

    @Test
    void thePasswordHashBoundIsMeasuredWithTheServersHasher() throws Exception {
        PasswordHashRate.Result rate = PasswordHashRate.measure(Duration.ofMillis(100), Duration.ofMillis(300), "now");
        assertThat(rate.singleThread()).isPositive();
        assertThat(rate.allCores()).isPositive();
        assertThat(rate.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }
}
