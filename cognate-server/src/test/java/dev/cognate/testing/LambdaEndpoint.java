package dev.cognate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A server that speaks the Lambda Invoke API ({@code POST /2015-03-31/functions/{FunctionName}/invocations})
 * well enough for the AWS SDK's Lambda client: it records each invocation and answers what the
 * test scripted for the function: the event with a response filled in, a function error
 * ({@code X-Amz-Function-Error} and an {@code errorMessage}/{@code errorType} body), raw bytes,
 * or nothing until the test ends; an asynchronous invocation ({@code Event}) gets 202 and no body,
 * as from Lambda. A function nobody scripted answers Lambda's 404
 * ResourceNotFoundException. It checks that each call is SigV4-signed for service {@code lambda}.
 */
public final class LambdaEndpoint implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "/2015-03-31/functions/";

    /** What a scripted function does with an event. */
    public sealed interface Answer {
        /** The event as the function returns it (usually with {@code response} filled in). */
        record Returns(JsonNode body) implements Answer {}

        record FunctionError(String errorType, String errorMessage) implements Answer {}

        record Raw(String body) implements Answer {}

        /** Never answers (until the endpoint closes). */
        record Hangs() implements Answer {}
    }

    /** One call as received: the function, the event, the SigV4 Authorization header. */
    public record Invocation(String functionName, JsonNode event, String authorization, String invocationType) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Function<ObjectNode, Answer>> functions = new ConcurrentHashMap<>();
    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    public LambdaEndpoint() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A function ARN of its own in us-east-1, scripted by {@code behaviour}. */
    public String function(String name, Function<ObjectNode, Answer> behaviour) {
        return function("us-east-1", name, behaviour);
    }

    /** A function ARN of its own in {@code region}. */
    public String function(String region, String name, Function<ObjectNode, Answer> behaviour) {
        String arn = "arn:aws:lambda:" + region + ":123456789012:function:" + name;
        functions.put(arn, behaviour);
        return arn;
    }

    /**
     * A function this endpoint knows only by its name, as serverless-offline does: invoked by ARN
     * it answers 404 ResourceNotFoundException. Returns the ARN a pool's LambdaConfig names it by.
     */
    public String functionKnownByNameOnly(String name, Function<ObjectNode, Answer> behaviour) {
        functions.put(name, behaviour);
        return "arn:aws:lambda:us-east-1:123456789012:function:" + name;
    }

    /** A function that returns the event as it came (a trigger that changes nothing). */
    public String passThrough(String name) {
        return function(name, Answer.Returns::new);
    }

    public List<Invocation> invocationsOf(String functionArn) {
        return invocations.stream().filter(i -> i.functionName().equals(functionArn)).toList();
    }

    /** The one event {@code functionArn} received. */
    public JsonNode onlyEventOf(String functionArn) {
        List<Invocation> calls = invocationsOf(functionArn);
        if (calls.size() != 1) {
            throw new AssertionError(functionArn + " was invoked " + calls.size() + " times");
        }
        return calls.get(0).event();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (!exchange.getRequestMethod().equals("POST") || !path.startsWith(PREFIX) || !path.endsWith("/invocations")) {
                send(exchange, 404, null, "{\"Type\":\"User\",\"message\":\"Unknown path\"}", "UnknownOperationException");
                return;
            }
            String name = URLDecoder.decode(path.substring(PREFIX.length(), path.length() - "/invocations".length()),
                    StandardCharsets.UTF_8);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")
                    || !authorization.contains("/lambda/aws4_request")) {
                send(exchange, 403, null, "{\"message\":\"Missing Authentication Token\"}", "MissingAuthenticationTokenException");
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            JsonNode event = JSON.readTree(body);
            invocations.add(new Invocation(name, event, authorization,
                    exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type")));
            Function<ObjectNode, Answer> function = functions.get(name);
            if (function == null) {
                send(exchange, 404, null, "{\"Type\":\"User\",\"message\":\"Function not found: " + name + "\"}",
                        "ResourceNotFoundException");
                return;
            }
            if ("Event".equals(exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type"))) {
                // Lambda queues an asynchronous invocation: 202, no body, whatever the function does later.
                function.apply(event.deepCopy());
                exchange.sendResponseHeaders(202, -1);
                return;
            }
            switch (function.apply(event.deepCopy())) {
                case Answer.Returns r -> send(exchange, 200, null, JSON.writeValueAsString(r.body()), null);
                case Answer.FunctionError e -> send(exchange, 200, "Unhandled", JSON.writeValueAsString(
                        Map.of("errorType", e.errorType(), "errorMessage", e.errorMessage(), "trace", List.of())), null);
                case Answer.Raw raw -> send(exchange, 200, null, raw.body(), null);
                case Answer.Hangs h -> {
                    try {
                        closing.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String functionError, String body, String errorType)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("X-Amz-Executed-Version", "$LATEST");
        if (functionError != null) {
            exchange.getResponseHeaders().set("X-Amz-Function-Error", functionError);
        }
        if (errorType != null) {
            exchange.getResponseHeaders().set("X-Amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
