package dev.cognate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A pre token generation function that answers at once, behind the Lambda Invoke API
 * ({@code POST /2015-03-31/functions/{name}/invocations}), in the driver's JVM: it adds one
 * claim to the ID token (V1 {@code claimsOverrideDetails}) and returns the event. What the
 * token endpoint loses with it is the trigger's own cost: the event, the call, the answer.
 */
final class InstantLambda implements AutoCloseable {
    static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:bench-pre-token-generation";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong invocations = new AtomicLong();

    InstantLambda() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/2015-03-31/functions/", this::invoke);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    long invocations() {
        return invocations.get();
    }

    private void invoke(HttpExchange exchange) throws IOException {
        try (exchange) {
            ObjectNode event = (ObjectNode) JSON.readTree(exchange.getRequestBody());
            event.putObject("response").putObject("claimsOverrideDetails").putObject("claimsToAddOrOverride")
                    .put("tenant", "bench");
            byte[] body = JSON.writeValueAsBytes(event);
            invocations.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
