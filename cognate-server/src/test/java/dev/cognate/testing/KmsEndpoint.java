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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A server that speaks the part of the KMS API (JSON 1.1, {@code TrentService.*}) the AWS
 * Encryption SDK's KMS master keys use: GenerateDataKey, Encrypt and Decrypt, with symmetric keys
 * of its own. A ciphertext blob is the key's id, then AES-GCM of the data key with the encryption
 * context as associated data, so a blob decrypts only under its key and its context, as in KMS.
 * It checks that each call is SigV4-signed for service {@code kms} and records what it was asked.
 */
public final class KmsEndpoint implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One call: the operation (GenerateDataKey, Decrypt...), the key asked for, the encryption context. */
    public record Call(String operation, String keyId, Map<String, String> encryptionContext) {}

    private record Key(UUID id, String arn, SecretKey material) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Key> keysByArn = new ConcurrentHashMap<>();
    private final Map<UUID, Key> keysById = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(0);

    public KmsEndpoint() {
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

    /** A new symmetric key in {@code region}: its ARN. */
    public String key(String region) {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            UUID id = UUID.randomUUID();
            Key key = new Key(id, "arn:aws:kms:" + region + ":123456789012:key/" + id, generator.generateKey());
            keysByArn.put(key.arn(), key);
            keysById.put(id, key);
            return key.arn();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Holds every answer (requests are taken and wait) until the returned handle is closed. */
    public AutoCloseable holdAnswers() {
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        gate = held;
        return held::countDown;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")
                    || !authorization.contains("/kms/aws4_request")) {
                error(exchange, 400, "MissingAuthenticationTokenException", "Missing Authentication Token");
                return;
            }
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
            Map<String, String> context = context(request.path("EncryptionContext"));
            calls.add(new Call(operation, request.path("KeyId").asText(null), context));
            switch (operation) {
                case "GenerateDataKey" -> generateDataKey(exchange, request, context);
                case "Encrypt" -> encrypt(exchange, request, context);
                case "Decrypt" -> decrypt(exchange, request, context);
                default -> error(exchange, 400, "UnknownOperationException", "Unknown operation " + target);
            }
        } catch (GeneralSecurityException e) {
            error(exchange, 400, "InvalidCiphertextException", "The ciphertext is not valid under this key and context");
        }
    }

    private void generateDataKey(HttpExchange exchange, JsonNode request, Map<String, String> context)
            throws IOException, GeneralSecurityException {
        Key key = known(exchange, request);
        if (key == null) {
            return;
        }
        int bytes = request.has("NumberOfBytes") ? request.path("NumberOfBytes").asInt()
                : "AES_128".equals(request.path("KeySpec").asText()) ? 16 : 32;
        byte[] plaintext = new byte[bytes];
        RANDOM.nextBytes(plaintext);
        ObjectNode answer = JSON.createObjectNode()
                .put("KeyId", key.arn())
                .put("Plaintext", Base64.getEncoder().encodeToString(plaintext))
                .put("CiphertextBlob", Base64.getEncoder().encodeToString(seal(key, plaintext, context)));
        ok(exchange, answer);
    }

    private void encrypt(HttpExchange exchange, JsonNode request, Map<String, String> context)
            throws IOException, GeneralSecurityException {
        Key key = known(exchange, request);
        if (key == null) {
            return;
        }
        byte[] plaintext = Base64.getDecoder().decode(request.path("Plaintext").asText());
        ok(exchange, JSON.createObjectNode().put("KeyId", key.arn())
                .put("CiphertextBlob", Base64.getEncoder().encodeToString(seal(key, plaintext, context))));
    }

    /** The key the request names, or null once KMS's NotFoundException is answered. */
    private Key known(HttpExchange exchange, JsonNode request) throws IOException {
        Key key = keysByArn.get(request.path("KeyId").asText());
        if (key == null) {
            error(exchange, 400, "NotFoundException", "Key '" + request.path("KeyId").asText() + "' does not exist");
        }
        return key;
    }

    private void decrypt(HttpExchange exchange, JsonNode request, Map<String, String> context)
            throws IOException, GeneralSecurityException {
        ByteBuffer blob = ByteBuffer.wrap(Base64.getDecoder().decode(request.path("CiphertextBlob").asText()));
        if (blob.remaining() < 16 + 12 + 16) {
            error(exchange, 400, "InvalidCiphertextException", "The ciphertext is not a KMS ciphertext");
            return;
        }
        Key key = keysById.get(new UUID(blob.getLong(), blob.getLong()));
        if (key == null) {
            error(exchange, 400, "InvalidCiphertextException", "The ciphertext refers to no key of this account");
            return;
        }
        if (request.hasNonNull("KeyId") && !key.arn().equals(request.path("KeyId").asText())) {
            error(exchange, 400, "IncorrectKeyException", "The key ID in the request does not identify the key that encrypted it");
            return;
        }
        byte[] iv = new byte[12];
        blob.get(iv);
        byte[] sealed = new byte[blob.remaining()];
        blob.get(sealed);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key.material(), new GCMParameterSpec(128, iv));
        cipher.updateAAD(aad(context));
        byte[] plaintext = cipher.doFinal(sealed);
        ok(exchange, JSON.createObjectNode().put("KeyId", key.arn()).put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT")
                .put("Plaintext", Base64.getEncoder().encodeToString(plaintext)));
    }

    private static byte[] seal(Key key, byte[] plaintext, Map<String, String> context) throws GeneralSecurityException {
        byte[] iv = new byte[12];
        RANDOM.nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key.material(), new GCMParameterSpec(128, iv));
        cipher.updateAAD(aad(context));
        byte[] sealed = cipher.doFinal(plaintext);
        return ByteBuffer.allocate(16 + 12 + sealed.length).putLong(key.id().getMostSignificantBits())
                .putLong(key.id().getLeastSignificantBits()).put(iv).put(sealed).array();
    }

    private static byte[] aad(Map<String, String> context) {
        StringBuilder canonical = new StringBuilder();
        new TreeMap<>(context).forEach((k, v) -> canonical.append(k).append('\0').append(v).append('\0'));
        return canonical.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> context(JsonNode node) {
        Map<String, String> context = new TreeMap<>();
        node.fields().forEachRemaining(e -> context.put(e.getKey(), e.getValue().asText()));
        return context;
    }

    private static void ok(HttpExchange exchange, JsonNode body) throws IOException {
        send(exchange, 200, JSON.writeValueAsBytes(body));
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        send(exchange, status, JSON.writeValueAsBytes(Map.of("__type", type, "message", message)));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        gate.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
