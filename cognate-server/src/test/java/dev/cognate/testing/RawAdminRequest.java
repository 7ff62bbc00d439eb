package dev.cognate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * A hand-made admin API request (any body, any headers), signed with the AWS SDK's own SigV4
 * signer unless told otherwise: for the inputs the SDK itself would never send.
 */
public final class RawAdminRequest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: its status, its {@code x-amzn-ErrorType} header and its body. */
    public record Response(int status, String errorType, String body, String contentType) {
        /** The {@code __type} member of an AWS error body (null when the body has none). */
        public String type() {
            return member("__type");
        }

        /** The {@code message} member of an AWS error body (null when the body has none). */
        public String message() {
            return member("message");
        }

        private String member(String name) {
            try {
                JsonNode node = JSON.readTree(body).get(name);
                return node == null || !node.isTextual() ? null : node.asText();
            } catch (IOException e) {
                return null;
            }
        }
    }

    private final URI endpoint;
    private byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    private String accessKeyId = TestServer.ACCESS_KEY_ID;
    private String secret = TestServer.SECRET_ACCESS_KEY;
    private Instant signedAt = Instant.now();
    private boolean signed = true;
    private byte[] sentBody;
    private String signingService = "cognito-idp";
    private String target;
    private boolean chunked;
    private final Map<String, String> extraHeaders = new LinkedHashMap<>();

    private RawAdminRequest(URI endpoint, String operation) {
        this.endpoint = endpoint;
        this.target = "AWSCognitoIdentityProviderService." + operation;
    }

    public static RawAdminRequest to(TestServer server, String operation) {
        return new RawAdminRequest(server.endpoint(), operation);
    }

    /** A request to any admin API endpoint (a server built in the test itself, say). */
    public static RawAdminRequest to(URI endpoint, String operation) {
        return new RawAdminRequest(endpoint, operation);
    }

    public RawAdminRequest body(String json) {
        this.body = json.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    public RawAdminRequest body(byte[] raw) {
        this.body = raw;
        return this;
    }

    public RawAdminRequest signedWith(String accessKeyId, String secret) {
        this.accessKeyId = accessKeyId;
        this.secret = secret;
        return this;
    }

    public RawAdminRequest signedAt(Instant when) {
        this.signedAt = when;
        return this;
    }

    public RawAdminRequest unsigned() {
        this.signed = false;
        return this;
    }

    /** Signs for another service's credential scope than cognito-idp. */
    public RawAdminRequest signedForService(String service) {
        this.signingService = service;
        return this;
    }

    /** Sends this X-Amz-Target instead of the operation's (null: no X-Amz-Target at all). */
    public RawAdminRequest target(String rawTarget) {
        this.target = rawTarget;
        return this;
    }

    /** Adds a header (after signing, so unsigned). */
    public RawAdminRequest header(String name, String value) {
        extraHeaders.put(name, value);
        return this;
    }

    /** Streams the body with chunked transfer encoding: no Content-Length announces its size. */
    public RawAdminRequest chunked() {
        this.chunked = true;
        return this;
    }

    /** Signs {@code body} but sends {@code other} with that signature (a tampered payload). */
    public RawAdminRequest sendingInstead(String other) {
        this.sentBody = other.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    public Response send() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-amz-json-1.1");
        if (target != null) {
            headers.put("X-Amz-Target", target);
        }
        if (signed) {
            SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint.resolve("/"));
            headers.forEach(request::putHeader);
            var result = AwsV4HttpSigner.create().sign(r -> r
                    .identity(AwsCredentialsIdentity.create(accessKeyId, secret))
                    .request(request.build())
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingService)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)));
            result.request().headers().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("host")) {
                    headers.put(name, String.join(",", values));
                }
            });
        }
        headers.putAll(extraHeaders);
        byte[] payload = sentBody != null ? sentBody : body;
        HttpRequest.Builder http = HttpRequest.newBuilder(endpoint.resolve("/"))
                .POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(payload))
                        : HttpRequest.BodyPublishers.ofByteArray(payload));
        headers.forEach(http::header);
        try {
            HttpResponse<String> response = HTTP.send(http.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(),
                    response.headers().firstValue("x-amzn-ErrorType").orElse(null), response.body(),
                    response.headers().firstValue("Content-Type").orElse(null));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
