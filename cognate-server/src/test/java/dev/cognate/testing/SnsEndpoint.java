package dev.cognate.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server that speaks the part of STS and SNS a text message sent as Cognito sends it takes, in
 * the AWS Query protocol (a form-encoded POST naming its {@code Action}, XML answers shaped as the
 * services shape them): {@code AssumeRole} hands out temporary credentials of its own, and
 * {@code Publish} takes a message for a phone number and answers as the test scripted for that
 * number (published, unless told to fail first). Each call must be SigV4-signed for its service
 * (sts, sns); each is recorded with the key that signed it and the region it was signed for.
 */
public final class SnsEndpoint implements AutoCloseable {
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/]+)/[^/]+/([^/]+)/([^/]+)/aws4_request");

    /** One AssumeRole: signed by {@code accessKeyId} for {@code region}; what it asked for. */
    public record AssumeRole(String region, String accessKeyId, String roleArn, String roleSessionName, String externalId) {}

    /** Temporary credentials handed out for {@code roleArn}. */
    public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken, String roleArn) {}

    /**
     * One Publish: signed by {@code accessKeyId} (with {@code securityToken}) for {@code region};
     * the phone number, the text, the {@code AWS.SNS.SMS.SMSType} attribute; the HTTP status it got.
     */
    public record Publish(String region, String accessKeyId, String securityToken, String phoneNumber, String message,
                          String smsType, int status) {}

    /** How a scripted Publish is answered. */
    public sealed interface Answer {
        record Published() implements Answer {}

        /** SNS's error of {@code status}: InternalError (500), InvalidParameter (400)... */
        record Fails(int status, String code) implements Answer {}

        static Answer fails(int status, String code) {
            return new Fails(status, code);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<AssumeRole> assumedRoles = new CopyOnWriteArrayList<>();
    private final Map<String, Credentials> issued = new ConcurrentHashMap<>();
    private final List<Publish> publishes = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();
    private final java.util.Set<String> refusedRoles = ConcurrentHashMap.newKeySet();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    public SnsEndpoint() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The endpoint of both services (the node's {@code --sns-endpoint} and {@code --sts-endpoint}). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next Publishes to {@code phoneNumber} are answered so, in order; any after them is published. */
    public synchronized void answerPublishesTo(String phoneNumber, Answer... answers) {
        scripts.computeIfAbsent(phoneNumber, n -> new ArrayDeque<>()).addAll(List.of(answers));
    }

    /** AssumeRole of {@code roleArn} is answered 403 AccessDenied, as for a role whose trust policy leaves the caller out. */
    public void refuseRole(String roleArn) {
        refusedRoles.add(roleArn);
    }

    /** Takes every call but answers none (each is recorded first) until the returned handle is closed. */
    public AutoCloseable holdAnswers() {
        CountDownLatch held = new CountDownLatch(1);
        gate = held;
        return held::countDown;
    }

    public List<AssumeRole> assumedRoles(String roleArn) {
        return assumedRoles.stream().filter(a -> roleArn.equals(a.roleArn())).toList();
    }

    /** The credentials handed out with {@code accessKeyId}, or null when this endpoint never issued it. */
    public Credentials credentialsIssued(String accessKeyId) {
        return issued.get(accessKeyId);
    }

    /** Every Publish to {@code phoneNumber} as received, whether it was published or not. */
    public List<Publish> publishesTo(String phoneNumber) {
        return publishes.stream().filter(p -> phoneNumber.equals(p.phoneNumber())).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String action = form.getOrDefault("Action", "");
            String service = "AssumeRole".equals(action) ? "sts" : "sns";
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Matcher credential = CREDENTIAL.matcher(authorization == null ? "" : authorization);
            if (!exchange.getRequestMethod().equals("POST") || authorization == null
                    || !authorization.startsWith("AWS4-HMAC-SHA256 ") || !credential.find()
                    || !credential.group(3).equals(service)) {
                error(exchange, service, 403, "Sender", "MissingAuthenticationToken", "Request is missing Authentication Token");
                return;
            }
            String accessKeyId = credential.group(1);
            String region = credential.group(2);
            switch (action) {
                case "AssumeRole" -> assumeRole(exchange, form, region, accessKeyId);
                case "Publish" -> publish(exchange, form, region, accessKeyId);
                default -> error(exchange, service, 400, "Sender", "InvalidAction", "Could not find operation " + action);
            }
        }
    }

    private void assumeRole(HttpExchange exchange, Map<String, String> form, String region, String accessKeyId)
            throws IOException {
        assumedRoles.add(new AssumeRole(region, accessKeyId, form.get("RoleArn"), form.get("RoleSessionName"),
                form.get("ExternalId")));
        awaitGate();
        if (refusedRoles.contains(form.get("RoleArn"))) {
            error(exchange, "sts", 403, "Sender", "AccessDenied", "User: " + accessKeyId
                    + " is not authorized to perform: sts:AssumeRole on resource: " + form.get("RoleArn"));
            return;
        }
        Credentials credentials = new Credentials("ASIA" + token(16), token(40), token(64), form.get("RoleArn"));
        issued.put(credentials.accessKeyId(), credentials);
        String roleName = form.get("RoleArn").substring(form.get("RoleArn").lastIndexOf('/') + 1);
        xml(exchange, 200, """
                <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <AssumeRoleResult>
                    <AssumedRoleUser>
                      <AssumedRoleId>AROA%s:%s</AssumedRoleId>
                      <Arn>arn:aws:sts::123456789012:assumed-role/%s/%s</Arn>
                    </AssumedRoleUser>
                    <Credentials>
                      <AccessKeyId>%s</AccessKeyId>
                      <SecretAccessKey>%s</SecretAccessKey>
                      <SessionToken>%s</SessionToken>
                      <Expiration>%s</Expiration>
                    </Credentials>
                  </AssumeRoleResult>
                  <ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata>
                </AssumeRoleResponse>
                """.formatted(token(16), form.get("RoleSessionName"), roleName, form.get("RoleSessionName"),
                credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken(),
                Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS), UUID.randomUUID()));
    }

    private void publish(HttpExchange exchange, Map<String, String> form, String region, String accessKeyId)
            throws IOException {
        String phoneNumber = form.get("PhoneNumber");
        Deque<Answer> script = phoneNumber == null ? null : scripts.get(phoneNumber);
        Answer answer;
        synchronized (this) {
            answer = script == null || script.isEmpty() ? new Answer.Published() : script.poll();
        }
        int status = answer instanceof Answer.Fails fails ? fails.status() : 200;
        publishes.add(new Publish(region, accessKeyId, exchange.getRequestHeaders().getFirst("X-Amz-Security-Token"),
                phoneNumber, form.get("Message"), smsType(form), status));
        awaitGate();
        switch (answer) {
            case Answer.Published p -> xml(exchange, 200, """
                    <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
                      <PublishResult><MessageId>%s</MessageId></PublishResult>
                      <ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata>
                    </PublishResponse>
                    """.formatted(UUID.randomUUID(), UUID.randomUUID()));
            case Answer.Fails f -> error(exchange, "sns", f.status(), f.status() >= 500 ? "Receiver" : "Sender", f.code(),
                    f.status() >= 500 ? "Request could not be completed" : "Invalid parameter: PhoneNumber Reason: "
                            + phoneNumber + " is not valid to publish to");
        }
    }

    /** The value of the message attribute {@code AWS.SNS.SMS.SMSType} ({@code MessageAttributes.entry.N.*}). */
    private static String smsType(Map<String, String> form) {
        for (int n = 1; form.containsKey("MessageAttributes.entry." + n + ".Name"); n++) {
            if ("AWS.SNS.SMS.SMSType".equals(form.get("MessageAttributes.entry." + n + ".Name"))) {
                return form.get("MessageAttributes.entry." + n + ".Value.StringValue");
            }
        }
        return null;
    }

    private void awaitGate() {
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                form.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void error(HttpExchange exchange, String service, int status, String type, String code, String message)
            throws IOException {
        String namespace = service.equals("sts") ? "https://sts.amazonaws.com/doc/2011-06-15/"
                : "http://sns.amazonaws.com/doc/2010-03-31/";
        xml(exchange, status, """
                <ErrorResponse xmlns="%s">
                  <Error><Type>%s</Type><Code>%s</Code><Message>%s</Message></Error>
                  <RequestId>%s</RequestId>
                </ErrorResponse>
                """.formatted(namespace, type, code, message, UUID.randomUUID()));
    }

    private static void xml(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String token(int length) {
        StringBuilder token = new StringBuilder();
        while (token.length() < length) {
            token.append(UUID.randomUUID().toString().replace("-", "").toUpperCase(java.util.Locale.ROOT));
        }
        return token.substring(0, length);
    }

    @Override
    public void close() {
        gate.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
