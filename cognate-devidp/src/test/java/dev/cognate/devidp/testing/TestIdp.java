package dev.cognate.devidp.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.cognate.devidp.DevIdp;
import dev.cognate.devidp.DevIdpConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** A dev IdP with the test directory (test-directory.json), a movable clock, and helpers that speak its HTTP API. */
public final class TestIdp implements AutoCloseable {
    public static final String CONTOSO = "11111111-1111-4111-8111-111111111111";
    public static final String FABRIKAM = "22222222-2222-4222-8222-222222222222";
    public static final String NORTHWIND = "33333333-3333-4333-8333-333333333333";
    public static final String CONSUMERS = "9188040d-6c67-4c5b-b112-36a304b66dad";
    public static final String ALICE = "alice@contoso.onmicrosoft.com";
    public static final String ALICE_PASSWORD = "alice-pw";
    public static final String REDIRECT_URI = "https://app.example.com/callback";
    public static final ObjectMapper JSON = new ObjectMapper();

    public final DevIdp idp;
    public final MutableClock clock = new MutableClock();
    private final HttpClient http;

    /** An app registration made through the Graph-shaped API, with one secret. */
    public record App(String id, String appId, String secret) {}

    private TestIdp(boolean tls) {
        DevIdpConfig config;
        try (InputStream in = TestIdp.class.getResourceAsStream("/test-directory.json")) {
            config = DevIdpConfig.parse(in.readAllBytes()).withPort(0).withTls(tls);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        idp = DevIdp.start(config, clock);
        HttpClient.Builder builder = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER);
        if (tls) {
            builder.sslContext(idp.clientSslContext());
        }
        http = builder.build();
    }

    public static TestIdp start() {
        return new TestIdp(false);
    }

    public static TestIdp startWithTls() {
        return new TestIdp(true);
    }

    public String base() {
        return idp.baseUrl();
    }

    public Browser browser() {
        return idp.tlsCertificate().isPresent() ? new Browser(idp.clientSslContext()) : new Browser();
    }

    public HttpResponse<String> get(String pathOrUrl) {
        return send(HttpRequest.newBuilder(url(pathOrUrl)).GET().build());
    }

    public JsonNode getJson(String pathOrUrl) {
        return json(get(pathOrUrl).body());
    }

    /** A Graph-shaped API call with the admin token, in the default tenant or the one named. */
    public HttpResponse<String> graph(String method, String path, String body, String tenant) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path)).header("Authorization", "Bearer " + idp.adminToken())
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (tenant != null) {
            request.header("X-DevIdp-Tenant", tenant);
        }
        return send(request.build());
    }

    /** Registers an app in a tenant (null: the default, Contoso) and adds a secret. */
    public App register(String applicationJson, String tenant) {
        HttpResponse<String> created = graph("POST", "/v1.0/applications", applicationJson, tenant);
        if (created.statusCode() != 201) {
            throw new AssertionError("registration failed: " + created.statusCode() + " " + created.body());
        }
        JsonNode app = json(created.body());
        HttpResponse<String> password = graph("POST", "/v1.0/applications/" + app.get("id").asText() + "/addPassword",
                "{\"passwordCredential\":{\"displayName\":\"test\"}}", tenant);
        return new App(app.get("id").asText(), app.get("appId").asText(), json(password.body()).get("secretText").asText());
    }

    /** A web app in Contoso with {@link #REDIRECT_URI}, the given audience and optional claims (JSON array of names). */
    public App registerWebApp(String signInAudience, String... optionalClaims) {
        StringBuilder claims = new StringBuilder();
        for (String c : optionalClaims) {
            claims.append(claims.isEmpty() ? "" : ",").append("{\"name\":\"").append(c).append("\"}");
        }
        return register("""
                {"displayName":"Test app","signInAudience":"%s","web":{"redirectUris":["%s"]},
                 "optionalClaims":{"idToken":[%s]}}""".formatted(signInAudience, REDIRECT_URI, claims), null);
    }

    public void adminConsent(String appId, String tenant) {
        HttpResponse<String> granted = graph("POST", "/v1.0/oauth2PermissionGrants",
                "{\"clientId\":\"" + appId + "\",\"consentType\":\"AllPrincipals\",\"scope\":\"openid profile email offline_access User.Read\"}", tenant);
        if (granted.statusCode() != 201) {
            throw new AssertionError("consent failed: " + granted.body());
        }
    }

    public String authorizeUrl(String tenant, Map<String, String> params) {
        StringBuilder query = new StringBuilder();
        params.forEach((k, v) -> query.append(query.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return base() + "/" + tenant + "/oauth2/v2.0/authorize?" + query;
    }

    /** The usual parameters of a code request for {@code app} (client id, code, redirect, openid profile email, state, nonce). */
    public static Map<String, String> codeRequest(App app) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client_id", app.appId());
        params.put("response_type", "code");
        params.put("redirect_uri", REDIRECT_URI);
        params.put("scope", "openid profile email offline_access");
        params.put("state", "state-123");
        params.put("nonce", "nonce-456");
        return params;
    }

    public HttpResponse<String> token(String tenant, Map<String, String> form, String basicUser, String basicPassword) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url("/" + tenant + "/oauth2/v2.0/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Browser.encode(form)));
        if (basicUser != null) {
            String credentials = URLEncoder.encode(basicUser, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(basicPassword, StandardCharsets.UTF_8);
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return send(request.build());
    }

    /** Redeems a code with client_secret_post. */
    public HttpResponse<String> redeem(App app, String tenant, String code, Map<String, String> extra) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("client_id", app.appId());
        form.put("client_secret", app.secret());
        form.put("code", code);
        form.put("redirect_uri", REDIRECT_URI);
        form.putAll(extra);
        return token(tenant, form, null, null);
    }

    /** Signs in as a user through the authorize endpoint and returns the code. */
    public String code(App app, String tenant, Map<String, String> params, String login, String password) {
        HttpResponse<String> done = browser().signIn(authorizeUrl(tenant, params), login, password);
        Map<String, String> result = Browser.redirectParams(done);
        if (!result.containsKey("code")) {
            throw new AssertionError("no code: " + result);
        }
        return result.get("code");
    }

    /** The full code flow for a user: sign in (consenting), redeem, and return the ID token's claims. */
    public JWTClaimsSet idTokenClaims(App app, String tenant, Map<String, String> params, String login, String password) {
        HttpResponse<String> tokens = redeem(app, tenant, code(app, tenant, params, login, password), Map.of());
        if (tokens.statusCode() != 200) {
            throw new AssertionError("redemption failed: " + tokens.body());
        }
        return claims(json(tokens.body()).get("id_token").asText());
    }

    public static JWTClaimsSet claims(String jwt) {
        try {
            return SignedJWT.parse(jwt).getJWTClaimsSet();
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    public static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private URI url(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base() + pathOrUrl);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        idp.close();
    }
}
