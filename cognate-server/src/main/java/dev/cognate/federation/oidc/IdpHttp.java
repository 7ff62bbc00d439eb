package dev.cognate.federation.oidc;

import com.nimbusds.oauth2.sdk.http.HTTPRequestSender;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.http.ReadOnlyHTTPRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every call Cognate makes to an identity provider (discovery, keys, token, userinfo) goes
 * through here, bounded: 5 s to connect, 10 s for the answer, at most 1 MiB of body, and
 * redirects followed only on the same scheme, host and port (a GET only, at most 3). A call
 * that breaks a bound fails with an {@link IdpUnreachableException} that says which bound, so
 * no request thread waits on an IdP for longer than that.
 */
public final class IdpHttp {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    public static final int MAX_BODY_BYTES = 1 << 20;
    private static final int MAX_REDIRECTS = 3;
    private static final Set<String> UNSENDABLE_HEADERS = Set.of("host", "content-length", "connection", "expect",
            "upgrade");

    /** An IdP's answer: status, headers (names in lower case) and body as text. */
    public record Response(int status, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.getFirst();
        }
    }

    /** The IdP could not be reached, or did not answer within the bounds. */
    public static final class IdpUnreachableException extends IOException {
        public IdpUnreachableException(String message) {
            super(message);
        }
    }

    private final Duration connectTimeout;
    private final Duration readTimeout;
    /**
     * Built at the first call to an IdP, not with the node: the JDK's client loads the default
     * TLS context (the trust store's certificates) as it is built, a tenth of a second of CPU
     * that a node's start need not spend when no pool federates.
     */
    private volatile HttpClient client;

    public IdpHttp() {
        this(CONNECT_TIMEOUT, READ_TIMEOUT);
    }

    IdpHttp(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    private HttpClient client() {
        HttpClient built = client;
        if (built == null) {
            synchronized (this) {
                built = client;
                if (built == null) {
                    built = HttpClient.newBuilder()
                            .connectTimeout(connectTimeout)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .version(HttpClient.Version.HTTP_1_1)
                            .build();
                    client = built;
                }
            }
        }
        return built;
    }

    /** A GET, following same-origin redirects. */
    public Response get(URI uri, Map<String, String> headers) throws IdpUnreachableException {
        URI current = uri;
        for (int hop = 0; ; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(current).GET();
            headers.forEach(request::header);
            Response response = send(request, current);
            if (response.status() < 300 || response.status() >= 400 || response.status() == 304) {
                return response;
            }
            String location = response.header("location");
            if (location == null) {
                return response;
            }
            URI next = current.resolve(location);
            if (!sameOrigin(current, next)) {
                throw new IdpUnreachableException(describe(uri) + " redirected to another host (" + next.getHost()
                        + "), which Cognate does not follow");
            }
            if (hop + 1 >= MAX_REDIRECTS) {
                throw new IdpUnreachableException(describe(uri) + " redirected more than " + MAX_REDIRECTS + " times");
            }
            current = next;
        }
    }

    /** Nimbus requests (token, userinfo) sent through this client; redirects are not followed. */
    public HTTPRequestSender nimbusSender() {
        return this::sendNimbus;
    }

    private HTTPResponse sendNimbus(ReadOnlyHTTPRequest nimbus) throws IOException {
        URI uri = nimbus.getURI();
        String body = nimbus.getBody();
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(nimbus.getMethod().name(), publisher);
        nimbus.getHeaderMap().forEach((name, values) -> {
            if (!UNSENDABLE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        Response response = send(request, uri);
        HTTPResponse answer = new HTTPResponse(response.status());
        response.headers().forEach((name, values) -> answer.setHeader(name, values.toArray(String[]::new)));
        answer.setBody(response.body());
        return answer;
    }

    private Response send(HttpRequest.Builder builder, URI uri) throws IdpUnreachableException {
        HttpRequest request = builder.timeout(readTimeout).build();
        CompletableFuture<HttpResponse<byte[]>> future = client().sendAsync(request, info -> new LimitedBody(
                info.headers().firstValueAsLong("content-length").orElse(-1)));
        try {
            // The request timeout covers the answer's headers; this bound covers a body that trickles.
            HttpResponse<byte[]> response = future.get(CONNECT_TIMEOUT.plus(readTimeout).toMillis(), TimeUnit.MILLISECONDS);
            Map<String, List<String>> headers = new java.util.TreeMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
            return new Response(response.statusCode(), headers, new String(response.body(), StandardCharsets.UTF_8));
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new IdpUnreachableException(describe(uri) + " did not answer within " + readTimeout.toSeconds() + " seconds");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IdpUnreachableException("the call to " + describe(uri) + " was interrupted");
        } catch (ExecutionException e) {
            throw unreachable(uri, e.getCause());
        }
    }

    private IdpUnreachableException unreachable(URI uri, Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return new IdpUnreachableException(describe(uri) + " could not be reached within "
                    + CONNECT_TIMEOUT.toSeconds() + " seconds");
        }
        if (cause instanceof HttpTimeoutException) {
            return new IdpUnreachableException(describe(uri) + " did not answer within " + readTimeout.toSeconds() + " seconds");
        }
        if (cause instanceof BodyTooLargeException) {
            return new IdpUnreachableException(describe(uri) + " answered more than " + (MAX_BODY_BYTES >> 10) + " KiB");
        }
        if (cause instanceof ConnectException) {
            return new IdpUnreachableException(describe(uri) + " could not be reached (connection refused)");
        }
        // the message, without Java class names ("java.io.IOException: ..."): it reaches users and admins
        String detail = cause == null || cause.getMessage() == null ? "the connection failed"
                : JAVA_CLASS_NAME.matcher(cause.getMessage()).replaceAll("");
        return new IdpUnreachableException(describe(uri) + " could not be reached (" + detail + ")");
    }

    private static final java.util.regex.Pattern JAVA_CLASS_NAME =
            java.util.regex.Pattern.compile("(?:[a-z][a-z0-9_]*\\.)+[A-Z][\\w$]*(?:Exception|Error)(?::\\s*)?");

    private static String describe(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(lower(a.getScheme()), lower(b.getScheme()))
                && Objects.equals(lower(a.getHost()), lower(b.getHost()))
                && port(a) == port(b);
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static final class BodyTooLargeException extends IOException {
        BodyTooLargeException() {
            super("body too large");
        }
    }

    /** Collects a body, giving up (and closing the connection) past {@link #MAX_BODY_BYTES}. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final long declaredLength;
        private Flow.Subscription subscription;

        LimitedBody(long declaredLength) {
            this.declaredLength = declaredLength;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (declaredLength > MAX_BODY_BYTES) {
                subscription.cancel();
                result.completeExceptionally(new BodyTooLargeException());
                return;
            }
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + buffer.remaining() > MAX_BODY_BYTES) {
                    subscription.cancel();
                    result.completeExceptionally(new BodyTooLargeException());
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}
