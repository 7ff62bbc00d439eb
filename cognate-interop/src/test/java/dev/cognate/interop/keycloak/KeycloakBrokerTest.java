package dev.cognate.interop.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import dev.cognate.bench.KeycloakProcess;
import dev.cognate.interop.Chromium;
import dev.cognate.interop.CognatePool;
import dev.cognate.testing.Backend;
import dev.cognate.testing.IssuedCodes;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Keycloak 26 brokering to Cognate: a realm whose OpenID Connect identity provider is a Cognate
 * pool, configured from the pool's discovery document as Keycloak's admin console does ("import
 * from URL"). A user of the pool signs in to a Keycloak client through Cognate's hosted page in
 * Chromium; Keycloak's first broker login makes its user from Cognate's claims, and the client
 * gets Keycloak's tokens for them.
 */
@Tag("browser")
class KeycloakBrokerTest {
    static String realm;
    static final String ALIAS = "cognate";
    static final String KEYCLOAK_CLIENT = "interop-app";
    static final String PASSWORD = "Passw0rd!long";
    static final ObjectMapper JSON = new ObjectMapper();

    static Chromium chromium;
    static KeycloakProcess keycloak;
    static String keycloakUrl;
    static KeycloakAdmin admin;
    static HttpServer app;
    static String appCallback;
    static TestServer server;
    static IssuedCodes pools;
    static String poolId;
    static IssuedCodes.TestUser jane;

    @BeforeAll
    static void start() throws IOException {
        chromium = Chromium.launch();
        // -Dkeycloak.url=http://localhost:8080 runs against a Keycloak already running (bootstrap admin as KeycloakProcess's).
        keycloakUrl = System.getProperty("keycloak.url");
        if (keycloakUrl == null) {
            String zip = System.getProperty("keycloak.zip");
            Assumptions.assumeTrue(zip != null && Files.isRegularFile(Path.of(zip)),
                    "needs Keycloak's distribution (org.keycloak:keycloak-quarkus-dist zip), which the build resolves");
            keycloak = KeycloakProcess.start(Path.of(zip), Path.of(System.getProperty("java.home"), "bin", "java"),
                    // Its calls to Cognate (token, JWKS, userInfo) give up after 5 s of silence by default: too
                    // short for a 2-core machine that builds and runs the other tests at the same time.
                    List.of("--spi-connections-http-client--default--socket-timeout-millis=60000"),
                    // A heap for a test realm, not Keycloak's default share of the machine's memory.
                    Map.of("JAVA_OPTS_KC_HEAP", "-Xms128m -Xmx768m"));
            // The address a browser uses (Cognate allows plain http callbacks on localhost only).
            keycloakUrl = "http://localhost:" + keycloak.port();
        }
        admin = new KeycloakAdmin(keycloakUrl);
        realm = "interop-" + UUID.randomUUID().toString().substring(0, 8);

        server = TestServer.shared(Backend.SQLITE);
        pools = new IssuedCodes(server);
        poolId = pools.newPool("keycloak-broker");
        jane = pools.user(poolId, "jane", "email", "jane@example.com", "email_verified", "true",
                "given_name", "Jane", "family_name", "Doe");
        String brokerEndpoint = keycloakUrl + "/realms/" + realm + "/broker/" + ALIAS + "/endpoint";
        IssuedCodes.Client cognateClient = pools.client(poolId, true, r -> r.clientName("keycloak").callbackURLs(brokerEndpoint));

        app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext("/", exchange -> {
            byte[] body = "<!DOCTYPE html><title>App</title><h1>Signed in</h1>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        app.start();
        appCallback = "http://localhost:" + app.getAddress().getPort() + "/callback";

        admin.post("", Map.of("realm", realm, "enabled", true));
        ObjectNode discovered = (ObjectNode) admin.post("/" + realm + "/identity-provider/import-config",
                Map.of("providerId", "oidc", "fromUrl", CognatePool.issuer(server, poolId) + "/.well-known/openid-configuration"));
        discovered.put("clientId", cognateClient.clientId())
                .put("clientSecret", cognateClient.secret())
                .put("clientAuthMethod", "client_secret_basic")
                .put("defaultScope", "openid email profile")
                .put("pkceEnabled", "true")
                .put("pkceMethod", "S256")
                .put("syncMode", "IMPORT");
        admin.post("/" + realm + "/identity-provider/instances", Map.of("alias", ALIAS, "displayName", "Cognate",
                "providerId", "oidc", "enabled", true, "config", discovered));
        admin.post("/" + realm + "/clients", Map.of("clientId", KEYCLOAK_CLIENT, "enabled", true, "publicClient", true,
                "standardFlowEnabled", true, "directAccessGrantsEnabled", false, "redirectUris", List.of(appCallback)));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.stop(0);
        }
        if (keycloak != null) {
            keycloak.close();
        }
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void userSignsInToKeycloakThroughCognatesHostedPage() throws Exception {
        String code;
        try (BrowserContext context = chromium.browser().newContext()) {
            Page page = context.newPage();
            page.navigate(keycloakUrl + "/realms/" + realm + "/protocol/openid-connect/auth?response_type=code&client_id="
                    + KEYCLOAK_CLIENT + "&redirect_uri=" + TestBrowser.enc(appCallback) + "&scope=openid&state=kc-1");
            page.locator("#social-" + ALIAS).click();
            Chromium.waitForUrl(page, Pattern.compile(".*:" + server.port() + "/login\\?.*"));
            Chromium.signInOnCognatesPage(page, "jane", PASSWORD);
            try {
                Chromium.waitForUrl(page, Pattern.compile(Pattern.quote(appCallback) + "\\?.*"));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nKeycloak's log ends:\n" + (keycloak == null ? "(not ours)" : keycloak.log(400)), e);
            }
            Map<String, String> callback = TestBrowser.parameters(URI.create(page.url()).getRawQuery());
            assertThat(callback).containsEntry("state", "kc-1").containsKey("code");
            code = callback.get("code");
        }

        JsonNode tokens = keycloakToken(code);
        JsonNode idToken = payload(tokens.path("id_token").asText());
        assertThat(idToken.path("iss").asText()).isEqualTo(keycloakUrl + "/realms/" + realm);
        assertThat(idToken.path("email").asText()).isEqualTo("jane@example.com");
        assertThat(idToken.path("given_name").asText()).isEqualTo("Jane");
        assertThat(idToken.path("family_name").asText()).isEqualTo("Doe");

        // First broker login made Keycloak's user from Cognate's claims and linked it to the pool's user.
        JsonNode users = admin.get("/" + realm + "/users?email=" + TestBrowser.enc("jane@example.com") + "&exact=true");
        assertThat(users).hasSize(1);
        // Cognate's ID token has no preferred_username (Cognito's has cognito:username), so Keycloak names the user by e-mail.
        assertThat(users.get(0).path("username").asText()).isEqualTo("jane@example.com");
        assertThat(users.get(0).path("firstName").asText()).isEqualTo("Jane");
        assertThat(users.get(0).path("lastName").asText()).isEqualTo("Doe");
        JsonNode links = admin.get("/" + realm + "/users/" + users.get(0).path("id").asText() + "/federated-identity");
        assertThat(links).hasSize(1);
        assertThat(links.get(0).path("identityProvider").asText()).isEqualTo(ALIAS);
        assertThat(links.get(0).path("userId").asText()).isEqualTo(jane.sub());
    }

    private static JsonNode keycloakToken(String code) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(keycloakUrl + "/realms/" + realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(KeycloakAdmin.form(Map.of("grant_type", "authorization_code",
                        "code", code, "client_id", KEYCLOAK_CLIENT, "redirect_uri", appCallback)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode payload(String jwt) throws IOException {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }
}
