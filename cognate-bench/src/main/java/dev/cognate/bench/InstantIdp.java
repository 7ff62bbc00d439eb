package dev.cognate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cognate.tokens.SigningProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * An OpenID provider that signs every user in at once, in the driver's JVM (JDK HttpServer), so
 * that a federated sign-in's cost is the broker's own: discovery (no userinfo endpoint, so the
 * broker makes one upstream call per sign-in, the code exchange), its JWKS, an authorize
 * endpoint that redirects straight back with a code and the state, and a token endpoint that
 * answers the code with an RS256 ID token carrying the nonce (signed with the provider the
 * server would use, to keep this JVM's share of the cores small). Users are {@code subjects}
 * subjects taken in turn, so after the first round every sign-in is a returning user's. It
 * checks neither client authentication nor PKCE: a benchmark stand-in, never a test double for
 * the protocol's checks.
 */
final class InstantIdp implements AutoCloseable {
    static final String PATH = "/instant";
    static final String CLIENT_ID = "instant-client";
    static final String CLIENT_SECRET = "instant-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What an authorization was for: the broker's client, its nonce, and the user signed in. */
    private record Grant(String clientId, String nonce, String subject) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final RSAKey key;
    private final RSASSASigner signer;
    private final byte[] discovery;
    private final byte[] keys;
    private final int subjects;
    private final AtomicLong nextSubject = new AtomicLong();
    private final AtomicLong nextCode = new AtomicLong();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final LongAdder idTokens = new LongAdder();
    private final LongAdder discoveries = new LongAdder();
    private final LongAdder keyFetches = new LongAdder();

    InstantIdp(int subjects) {
        this.subjects = subjects;
        try {
            key = new RSAKeyGenerator(2048).keyID("instant-1").generate();
            signer = SigningProvider.detect().signer(key.toRSAPrivateKey());
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer());
        doc.put("authorization_endpoint", issuer() + "/authorize");
        doc.put("token_endpoint", issuer() + "/token");
        doc.put("jwks_uri", issuer() + "/keys");
        doc.put("response_types_supported", List.of("code"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
        doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        try {
            discovery = JSON.writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        keys = new JWKSet(key).toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
        server.createContext(PATH + "/.well-known/openid-configuration", ex -> {
            discoveries.increment();
            send(ex, 200, discovery);
        });
        server.createContext(PATH + "/keys", ex -> {
            keyFetches.increment();
            send(ex, 200, keys);
        });
        server.createContext(PATH + "/authorize", this::authorize);
        server.createContext(PATH + "/token", this::token);
        server.setExecutor(executor);
        server.start();
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** ID tokens issued so far: one per federated sign-in that reached the code exchange. */
    long idTokens() {
        return idTokens.sum();
    }

    /** How often the broker read the discovery document and the JWKS (its caches at work, or not). */
    String fetches() {
        return "discovery " + discoveries.sum() + ", JWKS " + keyFetches.sum() + ", ID tokens " + idTokens.sum();
    }

    private void authorize(HttpExchange ex) throws IOException {
        Map<String, String> query = form(ex.getRequestURI().getRawQuery());
        String redirect = query.get("redirect_uri");
        if (redirect == null || query.get("state") == null) {
            send(ex, 400, "{\"error\":\"invalid_request\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String code = "c" + nextCode.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
        String subject = "instant-user-" + (nextSubject.getAndIncrement() % subjects);
        codes.put(code, new Grant(query.get("client_id"), query.get("nonce"), subject));
        ex.getResponseHeaders().add("Location", redirect + (redirect.contains("?") ? "&" : "?") + "code=" + code
                + "&state=" + URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8));
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    private void token(HttpExchange ex) throws IOException {
        Map<String, String> form = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Grant grant = form.get("code") == null ? null : codes.remove(form.get("code"));
        if (grant == null) {
            send(ex, 400, "{\"error\":\"invalid_grant\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        Date now = new Date();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer()).audience(grant.clientId())
                .subject(grant.subject()).issueTime(now).notBeforeTime(now)
                .expirationTime(new Date(now.getTime() + 3_600_000)).claim("email", grant.subject() + "@example.com");
        if (grant.nonce() != null) {
            claims.claim("nonce", grant.nonce());
        }
        SignedJWT idToken = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                claims.build());
        try {
            idToken.sign(signer);
        } catch (JOSEException e) {
            throw new IOException(e);
        }
        idTokens.increment();
        send(ex, 200, ("{\"token_type\":\"Bearer\",\"expires_in\":3600,\"access_token\":\"at-" + nextCode.incrementAndGet()
                + "\",\"id_token\":\"" + idToken.serialize() + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.getResponseHeaders().add("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
