package dev.cognate.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognate.testing.IssuedCodes;
import dev.cognate.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.nio.charset.StandardCharsets;

/** What a relying party is told about a pool (its issuer), and tokens a test asks for directly. */
public final class CognatePool {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private CognatePool() {}

    /** The pool's issuer, as its discovery document states it. */
    public static String issuer(TestServer server, String poolId) {
        return get(server.endpoint() + "/" + poolId + "/.well-known/openid-configuration").path("issuer").asText();
    }

    /** An access token for a client_credentials client, from {@code /oauth2/token}. */
    public static String machineToken(TestServer server, IssuedCodes.Client machine) {
        String basic = Base64.getEncoder().encodeToString((machine.clientId() + ":" + machine.secret()).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.endpoint() + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build();
        return send(request).path("access_token").asText();
    }

    private static com.fasterxml.jackson.databind.JsonNode get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    private static com.fasterxml.jackson.databind.JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(request.uri() + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
