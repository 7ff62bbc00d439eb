package dev.cognate.testing;

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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A tiny OpenID provider in the test (JDK HttpServer): discovery, keys, a non-interactive
 * authorize endpoint, a token endpoint and userinfo, each replaceable, so a test can craft
 * what a broken or malicious IdP would send (forged, unsigned or mis-addressed ID tokens,
 * another subject at userinfo...). It checks PKCE, and the client authentication a test
 * asks it to check ({@link #checkClientAuthentication}).
 */
public final class StubIdp implements AutoCloseable {
    public static final String SUBJECT = "stub-subject-0001";
    public static final String OID = "7e6d5c4b-3a29-4181-9f0e-d1c2b3a49586";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An authorization request the stub answered, and the code it answered with. */
    public record Authorization(String code, Map<String, String> parameters) {
        public String get(String name) {
            return parameters.get(name);
        }
    }

    /** A token request: its form, its Authorization header, and the authorization its code was issued for. */
    public record TokenCall(Map<String, String> form, String authorizationHeader, Authorization authorization) {}

    /** What a broken token endpoint answers instead of tokens: a status and body, after a delay. */
    public record BrokenAnswer(int status, String body, java.time.Duration delay) {}

    private final HttpServer server;
    private final String path;
    private final RSAKey key;
    private final Map<String, Authorization> codes = new ConcurrentHashMap<>();
    private final Map<String, String> accessTokens = new ConcurrentHashMap<>();
    public final List<Authorization> authorizations = new CopyOnWriteArrayList<>();
    public final List<TokenCall> tokenCalls = new CopyOnWriteArrayList<>();
    public final List<String> userInfoMethods = new CopyOnWriteArrayList<>();
    /** Each userinfo request's path and query, and its Authorization header, as sent. */
    public final List<URI> userInfoRequests = new CopyOnWriteArrayList<>();
    public final List<String> userInfoAuthorizations = new CopyOnWriteArrayList<>();

    private volatile UnaryOperator<Map<String, Object>> discovery = UnaryOperator.identity();
    private volatile Function<Authorization, Map<String, String>> authorizeAnswer = a -> answer(a.code(), a.get("state"));
    private volatile Function<Authorization, String> idToken = a -> sign(claims(a).build());
    private volatile Function<TokenCall, String> clientAuthentication = call -> null;
    private volatile Function<String, Map<String, Object>> userInfo = subject -> Map.of("sub", subject);
    private volatile Function<TokenCall, BrokenAnswer> brokenTokenAnswer = call -> null;

    private StubIdp(String path) {
        this.path = path;
        try {
            this.key = new RSAKeyGenerator(2048).keyID("stub-key-1").generate();
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        server.createContext(path + "/.well-known/openid-configuration", this::discovery);
        server.createContext(path + "/keys", ex -> send(ex, 200, new JWKSet(key).toPublicJWKSet().toString()));
        server.createContext(path + "/authorize", this::authorize);
        server.createContext(path + "/token", this::token);
        server.createContext(path + "/userinfo", this::userInfo);
        // one virtual thread per exchange: a slow answer to one request must not hold up the others
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    /** A stub whose issuer is {@code http://127.0.0.1:<port><path>}, e.g. path {@code /<tenant>/v2.0}. */
    public static StubIdp start(String path) {
        return new StubIdp(path);
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String issuer() {
        return base() + path;
    }

    public String endpoint(String name) {
        return issuer() + "/" + name;
    }

    public RSAKey key() {
        return key;
    }

    /** The tenant of an Entra-shaped path ({@code /<tenant>/v2.0}). */
    public String tenant() {
        String[] segments = path.split("/");
        return segments.length > 1 ? segments[1] : "";
    }

    // --- what the stub answers (replaceable by a test)

    public StubIdp discovery(UnaryOperator<Map<String, Object>> change) {
        this.discovery = change;
        return this;
    }

    public StubIdp authorizeAnswer(Function<Authorization, Map<String, String>> answer) {
        this.authorizeAnswer = answer;
        return this;
    }

    public StubIdp idToken(Function<Authorization, String> token) {
        this.idToken = token;
        return this;
    }

    /** @param check null when the token request's client authentication is good, else why not */
    public StubIdp checkClientAuthentication(Function<TokenCall, String> check) {
        this.clientAuthentication = check;
        return this;
    }

    /** @param answer what the token endpoint answers for a call instead of tokens, or null to answer normally */
    public StubIdp brokenTokenAnswer(Function<TokenCall, BrokenAnswer> answer) {
        this.brokenTokenAnswer = answer;
        return this;
    }

    public StubIdp userInfo(Function<String, Map<String, Object>> claims) {
        this.userInfo = claims;
        return this;
    }

    /** The answer of an IdP that signed the user in: code and state. */
    public static Map<String, String> answer(String code, String state) {
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("code", code);
        answer.put("state", state);
        return answer;
    }

    /** A well-formed ID token's claims for an authorization: our issuer, the client as audience, its nonce, 1 hour. */
    public JWTClaimsSet.Builder claims(Authorization a) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer())
                .audience(a.get("client_id"))
                .subject(SUBJECT)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600)))
                .claim("nonce", a.get("nonce"))
                .claim("ver", "2.0")
                .claim("tid", tenant())
                .claim("oid", OID);
    }

    public String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- endpoints

    private void discovery(HttpExchange ex) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer());
        doc.put("authorization_endpoint", endpoint("authorize"));
        doc.put("token_endpoint", endpoint("token"));
        doc.put("userinfo_endpoint", endpoint("userinfo"));
        doc.put("jwks_uri", endpoint("keys"));
        doc.put("response_types_supported", List.of("code"));
        doc.put("subject_types_supported", List.of("pairwise"));
        doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
        doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "client_secret_basic",
                "private_key_jwt"));
        send(ex, 200, JSON.writeValueAsString(discovery.apply(doc)));
    }

    private void authorize(HttpExchange ex) throws IOException {
        Map<String, String> parameters = form(ex.getRequestURI().getRawQuery());
        Authorization authorization = new Authorization("code-" + UUID.randomUUID(), parameters);
        authorizations.add(authorization);
        codes.put(authorization.code(), authorization);
        List<String> pairs = new ArrayList<>();
        authorizeAnswer.apply(authorization).forEach((k, v) -> pairs.add(encode(k) + "=" + encode(v)));
        String redirect = parameters.get("redirect_uri");
        ex.getResponseHeaders().add("Location", redirect + (redirect.contains("?") ? "&" : "?") + String.join("&", pairs));
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    private void token(HttpExchange ex) throws IOException {
        Map<String, String> form = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Authorization authorization = form.get("code") == null ? null : codes.remove(form.get("code"));
        TokenCall call = new TokenCall(form, ex.getRequestHeaders().getFirst("Authorization"), authorization);
        tokenCalls.add(call);
        String refused = clientAuthentication.apply(call);
        if (refused != null) {
            send(ex, 401, JSON.writeValueAsString(Map.of("error", "invalid_client", "error_description", refused)));
            return;
        }
        if (authorization == null) {
            send(ex, 400, JSON.writeValueAsString(Map.of("error", "invalid_grant",
                    "error_description", "AADSTS54005: OAuth2 Authorization code was already redeemed.\r\nTrace ID: x")));
            return;
        }
        BrokenAnswer broken = brokenTokenAnswer.apply(call);
        if (broken != null) {
            try {
                Thread.sleep(broken.delay());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(ex, broken.status(), broken.body());
            return;
        }
        String challenge = authorization.get("code_challenge");
        if (challenge != null && !challenge.equals(s256(form.getOrDefault("code_verifier", "")))) {
            send(ex, 400, JSON.writeValueAsString(Map.of("error", "invalid_grant",
                    "error_description", "AADSTS501481: The Code_Verifier does not match the code_challenge.")));
            return;
        }
        String accessToken = "at-" + UUID.randomUUID();
        String token = idToken.apply(authorization);
        accessTokens.put(accessToken, subjectOf(token));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("token_type", "Bearer");
        response.put("expires_in", 3600);
        response.put("access_token", accessToken);
        response.put("id_token", token);
        send(ex, 200, JSON.writeValueAsString(response));
    }

    private void userInfo(HttpExchange ex) throws IOException {
        userInfoMethods.add(ex.getRequestMethod());
        userInfoRequests.add(ex.getRequestURI());
        userInfoAuthorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
        ex.getRequestBody().readAllBytes();
        String header = ex.getRequestHeaders().getFirst("Authorization");
        String subject = header == null || !header.startsWith("Bearer ") ? null : accessTokens.get(header.substring(7));
        if (subject == null) {
            ex.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            send(ex, 401, "");
            return;
        }
        send(ex, 200, JSON.writeValueAsString(userInfo.apply(subject)));
    }

    private static String subjectOf(String idToken) {
        try {
            return SignedJWT.parse(idToken).getJWTClaimsSet().getSubject();
        } catch (java.text.ParseException | ClassCastException e) {
            return SUBJECT;
        }
    }

    public static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, String> form(String encoded) {
        Map<String, String> form = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return form;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(name, value);
        }
        return form;
    }

    /** The query parameters of a URL. */
    public static Map<String, String> query(String url) {
        return form(URI.create(url).getRawQuery());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
