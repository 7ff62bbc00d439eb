package dev.cognate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The same load in Keycloak, made through its admin REST API: a realm with confidential
 * clients allowed client_credentials (service accounts) and users signed in with the password
 * grant ({@code scope=openid}) at a public client, whose refresh tokens the refresh load
 * presents. Keycloak's refresh answer carries an ID and an access token (RS256) like
 * Cognate's, plus a new refresh token (HS512).
 */
final class KeycloakFixture {
    private static final String REALM = "bench";
    private static final String PASSWORD = "Bench-Passw0rd!long";
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeycloakFixture() {}

    record Prepared(Scenario clientCredentials, Scenario refreshToken) {}

    static Prepared prepare(String baseUrl, String host, int port, int machineClients, int users) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String admin = JSON.readTree(post(http, baseUrl + "/realms/master/protocol/openid-connect/token", null,
                form(Map.of("grant_type", "password", "client_id", "admin-cli", "username", KeycloakProcess.ADMIN,
                        "password", KeycloakProcess.ADMIN_PASSWORD)))).path("access_token").asText();
        String adminUrl = baseUrl + "/admin/realms";
        postJson(http, adminUrl, admin, Map.of("realm", REALM, "enabled", true));
        String tokenPath = "/realms/" + REALM + "/protocol/openid-connect/token";

        List<byte[]> clientCredentials = new ArrayList<>();
        for (int i = 0; i < machineClients; i++) {
            String clientId = "machine" + i;
            String secret = "machine-secret-" + i + "-0123456789abcdef";
            postJson(http, adminUrl + "/" + REALM + "/clients", admin, Map.of("clientId", clientId, "enabled", true,
                    "publicClient", false, "secret", secret, "serviceAccountsEnabled", true, "standardFlowEnabled", false,
                    "directAccessGrantsEnabled", false));
            String basic = "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
            clientCredentials.add(Http1Connection.formPost(host, port, tokenPath, basic, "grant_type=client_credentials"));
        }

        postJson(http, adminUrl + "/" + REALM + "/clients", admin, Map.of("clientId", "app", "enabled", true,
                "publicClient", true, "standardFlowEnabled", false, "directAccessGrantsEnabled", true));
        List<byte[]> refreshes = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            String username = "user" + i;
            postJson(http, adminUrl + "/" + REALM + "/users", admin, Map.of("username", username,
                    "email", username + "@example.com", "emailVerified", true, "firstName", "User", "lastName", "No" + i,
                    "enabled", true, "credentials", List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false))));
            String refreshToken = JSON.readTree(post(http, baseUrl + tokenPath, null, form(Map.of("grant_type", "password",
                    "client_id", "app", "username", username, "password", PASSWORD, "scope", "openid"))))
                    .path("refresh_token").asText();
            refreshes.add(Http1Connection.formPost(host, port, tokenPath, null,
                    "grant_type=refresh_token&client_id=app&refresh_token=" + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8)));
        }
        return new Prepared(new Scenario("client_credentials", 1, clientCredentials),
                new Scenario("refresh_token", 2, refreshes));
    }

    private static String form(Map<String, String> values) {
        StringBuilder form = new StringBuilder();
        values.forEach((name, value) -> form.append(form.isEmpty() ? "" : "&").append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return form.toString();
    }

    private static String post(HttpClient http, String url, String bearer, String form) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return expect2xx(url, http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private static void postJson(HttpClient http, String url, String bearer, Object body) throws IOException, InterruptedException {
        expect2xx(url, http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    private static String expect2xx(String url, HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("Keycloak answered " + response.statusCode() + " to " + url + ": " + response.body());
        }
        return response.body();
    }
}
