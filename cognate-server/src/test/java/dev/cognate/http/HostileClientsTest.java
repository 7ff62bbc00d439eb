package dev.cognate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12, "hold up under hostile clients": clients that trickle, stall, send too much or
 * hang up halfway cost themselves, never the node; each is answered in the shape of the
 * endpoint it called (docs/RELIABILITY.md).
 */
class HostileClientsTest {
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(1);
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final byte[] HEALTH = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(HttpLimits.defaults().withTimeouts(Duration.ofSeconds(2), BODY_TIMEOUT,
                Duration.ofSeconds(30)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void threeHundredSlowBodyConnectionsDoNotStopHealthAnswering() throws Exception {
        // the default limits, the default timeouts: the slow clients are still there when /health is asked
        try (TestServer node = TestServer.start(HttpLimits.defaults())) {
            List<RawHttp> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 300; i++) {
                    slow.add(RawHttp.connect(node.port()).post("/login", FORM, 1000, new byte[] {'a'}));
                }
                long started = System.nanoTime();
                HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(node.endpoint().resolve("/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());

                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            } finally {
                slow.forEach(RawHttp::close);
            }
        }
    }

    @Test
    void bodyTricklingSlowerThanTheMinimumRateIsCutOffWith408() {
        HttpLimits limits = new HttpLimits(HttpLimits.DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(10),
                Duration.ofSeconds(30), 1024, Duration.ofMillis(500), Duration.ofSeconds(30), 100, 100,
                HttpLimits.DEFAULT_SIGN_INS_PER_ADDRESS_PER_MINUTE);
        try (TestServer node = TestServer.start(limits); RawHttp client = RawHttp.connect(node.port())) {
            long started = System.nanoTime();
            client.post("/oauth2/token", FORM, 1000, "grant_type=".getBytes(StandardCharsets.US_ASCII));

            RawHttp.Answer answer = client.answer();

            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.body()).contains("\"error\":\"invalid_request\"");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void requestHeadTrickledPastItsTimeoutIsClosed() throws Exception {
        try (RawHttp client = RawHttp.connect(server.port())) {
            client.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                try {
                    client.send("X-Slow: a\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (java.io.UncheckedIOException closed) {
                    break;
                }
                Thread.sleep(100); // the attack itself: one header line every 100 ms
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void connectionsBeyondThePerAddressLimitAreClosed() {
        try (TestServer node = TestServer.start(HttpLimits.defaults().withConnections(100, 3))) {
            List<RawHttp> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    // answered, so open on the node's side before the next one connects
                    RawHttp kept = RawHttp.connect(node.port());
                    held.add(kept);
                    assertThat(kept.send(HEALTH).answer().status()).isEqualTo(200);
                }
                RawHttp fourth = RawHttp.connect(node.port());
                held.add(fourth);
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> fourth.send(HEALTH).answer())
                        .isInstanceOf(java.io.UncheckedIOException.class);
            } finally {
                held.forEach(RawHttp::close);
            }
        }
    }

    @Test
    void closedConnectionsGiveTheirPlaceBackSoTheLimitLocksNoAddressOut() {
        // The limit counts open connections, not connections ever made: a client (or the load
        // balancer every request comes through) that closed its connections may open as many again.
        try (TestServer node = TestServer.start(HttpLimits.defaults().withConnections(100, 3))) {
            for (int round = 0; round < 3; round++) {
                List<RawHttp> held = new ArrayList<>();
                try {
                    for (int i = 0; i < 3; i++) {
                        held.add(answeredConnection(node.port()));
                    }
                    RawHttp fourth = RawHttp.connect(node.port());
                    held.add(fourth);
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> fourth.send(HEALTH).answer())
                            .isInstanceOf(java.io.UncheckedIOException.class);
                } finally {
                    held.forEach(RawHttp::close);
                }
            }
        }
    }

    /** A connection /health answered on, once the node has counted the ones this client closed. */
    private static RawHttp answeredConnection(int port) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            RawHttp connection = RawHttp.connect(port);
            try {
                if (connection.send(HEALTH).answer().status() == 200) {
                    return connection;
                }
            } catch (java.io.UncheckedIOException refused) {
                // the node has not yet seen an earlier connection of ours close
            }
            connection.close();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the node kept refusing connections from this address");
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void connectionsBeyondTheNodesCapWaitUntilOneCloses() {
        try (TestServer node = TestServer.start(HttpLimits.defaults().withConnections(3, 0))) {
            List<RawHttp> held = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                held.add(RawHttp.connect(node.port()).post("/login", FORM, 10, new byte[] {'a'}));
            }
            try (RawHttp waiting = RawHttp.connect(node.port()).readTimeout(Duration.ofMillis(700))) {
                waiting.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                // not accepted while the cap is reached: no answer at all
                org.assertj.core.api.Assertions.assertThatThrownBy(waiting::answer)
                        .hasRootCauseInstanceOf(java.net.SocketTimeoutException.class);

                held.removeFirst().close();

                assertThat(waiting.readTimeout(Duration.ofSeconds(10)).answer().status()).isEqualTo(200);
            } finally {
                held.forEach(RawHttp::close);
            }
        }
    }

    /**
     * Virtual threads are never preempted, and Jetty reads a keep-alive connection's pipelined
     * requests one after another in the same thread: were nothing in a request to give way, one
     * pipelining client per carrier would keep every other client waiting until its last answer.
     */
    @Test
    void pipeliningClientsCannotHoldEveryCarrierWhileAnotherClientWaits() throws Exception {
        int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors());
        int pipelined = 20_000;
        byte[] burst = new String(HEALTH, StandardCharsets.US_ASCII).repeat(pipelined).getBytes(StandardCharsets.US_ASCII);
        List<java.net.Socket> hogs = new ArrayList<>();
        List<java.util.concurrent.CompletableFuture<Long>> lastAnswers = new ArrayList<>();
        java.util.concurrent.CountDownLatch firstAnswers = new java.util.concurrent.CountDownLatch(carriers);
        try {
            for (int i = 0; i < carriers; i++) {
                java.net.Socket hog = new java.net.Socket("127.0.0.1", server.port());
                hog.setSoTimeout(60_000);
                hogs.add(hog);
                // platform threads: the test shares the server's virtual-thread carriers
                lastAnswers.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> nanoTimeOfLastAnswer(hog, pipelined, firstAnswers),
                        task -> Thread.ofPlatform().daemon().start(task)));
            }
            for (java.net.Socket hog : hogs) {
                Thread.ofPlatform().start(() -> {
                    try {
                        hog.getOutputStream().write(burst);
                        hog.getOutputStream().flush();
                    } catch (java.io.IOException ignored) {
                        // the reader fails the test if the answers do not come
                    }
                });
            }
            assertThat(firstAnswers.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            long answered;
            try (RawHttp other = RawHttp.connect(server.port())) {
                assertThat(other.send(HEALTH).answer().status()).isEqualTo(200);
                answered = System.nanoTime();
            }
            for (var last : lastAnswers) {
                assertThat(last.get(60, java.util.concurrent.TimeUnit.SECONDS))
                        .as("every pipelining client still had answers to come when the other client was answered")
                        .isGreaterThan(answered);
            }
        } finally {
            for (java.net.Socket hog : hogs) {
                hog.close();
            }
        }
    }

    private static long nanoTimeOfLastAnswer(java.net.Socket socket, int answers, java.util.concurrent.CountDownLatch first) {
        byte[] marker = "HTTP/1.1 200".getBytes(StandardCharsets.US_ASCII);
        byte[] buffer = new byte[64 * 1024];
        int seen = 0;
        int matched = 0;
        try {
            var in = socket.getInputStream();
            while (seen < answers) {
                int read = in.read(buffer);
                if (read < 0) {
                    throw new java.io.IOException("closed after " + seen + " answers");
                }
                for (int i = 0; i < read; i++) {
                    matched = buffer[i] == marker[matched] ? matched + 1 : (buffer[i] == marker[0] ? 1 : 0);
                    if (matched == marker.length) {
                        if (seen++ == 0) {
                            first.countDown();
                        }
                        matched = 0;
                    }
                }
            }
            return System.nanoTime();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void oversizedBodyToTheAdminApiIs413InAwsShape() {
        RawHttp.Answer answer = oversized("/", "application/x-amz-json-1.1");

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.header("x-amzn-ErrorType")).isEqualTo("RequestEntityTooLargeException");
        assertThat(answer.body()).contains("\"__type\":\"RequestEntityTooLargeException\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/oauth2/token", "/oauth2/revoke"})
    void oversizedBodyToAnOAuthEndpointIs413InvalidRequest(String path) {
        RawHttp.Answer answer = oversized(path, FORM);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.body()).contains("\"error\":\"invalid_request\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/login", "/login/new-password", "/oauth2/idpresponse"})
    void oversizedBodyToAHostedPageIs413ErrorPage(String path) {
        RawHttp.Answer answer = oversized(path, FORM);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.header("Content-Type")).startsWith("text/html");
        assertThat(answer.body()).contains("Request too large");
    }

    @Test
    void stalledBodyToTheAdminApiIs408InAwsShape() {
        RawHttp.Answer answer = stalled("/", "application/x-amz-json-1.1");

        assertThat(answer.status()).isEqualTo(408);
        assertThat(answer.header("x-amzn-ErrorType")).isEqualTo("RequestTimeoutException");
        assertThat(answer.body()).contains("\"__type\":\"RequestTimeoutException\"").doesNotContain("java.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/oauth2/token", "/oauth2/revoke"})
    void stalledBodyToAnOAuthEndpointIs408InvalidRequest(String path) {
        RawHttp.Answer answer = stalled(path, FORM);

        assertThat(answer.status()).isEqualTo(408);
        assertThat(answer.body()).contains("\"error\":\"invalid_request\"").doesNotContain("Exception");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/login", "/login/new-password", "/oauth2/idpresponse"})
    void stalledBodyToAHostedPageIs408ErrorPage(String path) {
        RawHttp.Answer answer = stalled(path, FORM);

        assertThat(answer.status()).isEqualTo(408);
        assertThat(answer.header("Content-Type")).startsWith("text/html");
        assertThat(answer.body()).contains("Request too slow").doesNotContain("Exception");
    }

    @Test
    void clientHangingUpMidBodyIsOneDebugLineNotAStackTrace() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            RawHttp.connect(server.port()).post("/login", FORM, 1000, "username=a".getBytes(StandardCharsets.US_ASCII))
                    .close();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!captured.toString(StandardCharsets.UTF_8).contains("client went away")
                    && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
            }
            // one more exchange, so that whatever the node logs after noticing is in the capture too
            HTTP.send(HttpRequest.newBuilder(server.endpoint().resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("DEBUG RequestBodies - client went away").doesNotContain("ERROR").doesNotContain("\tat ");
    }

    private static RawHttp.Answer oversized(String path, String contentType) {
        try (RawHttp client = RawHttp.connect(server.port())) {
            return client.post(path, contentType, 2_000_000, new byte[0]).answer();
        }
    }

    private static RawHttp.Answer stalled(String path, String contentType) {
        try (RawHttp client = RawHttp.connect(server.port())) {
            return client.post(path, contentType, 100, "a=b".getBytes(StandardCharsets.US_ASCII)).answer();
        }
    }
}
