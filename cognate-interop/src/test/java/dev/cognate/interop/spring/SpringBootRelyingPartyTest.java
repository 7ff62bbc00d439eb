package dev.cognate.interop.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.cognate.interop.Chromium;
import dev.cognate.interop.CognatePool;
import dev.cognate.testing.Backend;
import dev.cognate.testing.IssuedCodes;
import dev.cognate.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Spring Boot 3 with Spring Security's OAuth 2.0 client and resource server, configured only
 * with a Cognate pool's issuer (plus its client id, secret and scopes): a user signs in
 * through Cognate's hosted page in Chromium, and the app's API takes the access token it got,
 * by the custom scope it carries, and refuses tokens that are not the pool's or lack the scope.
 */
@Tag("browser")
class SpringBootRelyingPartyTest {
    static final String READ = IssuedCodes.API + "/read";
    static final String WRITE = IssuedCodes.API + "/write";
    static final String PASSWORD = "Passw0rd!long";
    static final ObjectMapper JSON = new ObjectMapper();

    static Chromium chromium;
    static TestServer server;
    static IssuedCodes pools;
    static String poolId;
    static String issuer;
    static ConfigurableApplicationContext app;
    static String appBase;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        chromium = Chromium.launch();
        server = TestServer.shared(Backend.SQLITE);
        pools = new IssuedCodes(server);
        poolId = pools.newPool("spring-boot");
        issuer = CognatePool.issuer(server, poolId);
        pools.user(poolId, "jane", "email", "jane@example.com", "email_verified", "true");
        IssuedCodes.Client client = pools.client(poolId, true, r -> r.allowedOAuthScopes("openid", "email", "profile", READ));

        // Spring Boot's own logging system would take over the JVM's (Cognate's) logging.
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        String registration = "--spring.security.oauth2.client.registration." + RelyingPartyApp.REGISTRATION;
        app = new SpringApplicationBuilder(RelyingPartyApp.class).bannerMode(Banner.Mode.OFF).run(
                "--server.address=127.0.0.1", "--server.port=0",
                registration + ".client-id=" + client.clientId(),
                registration + ".client-secret=" + client.secret(),
                registration + ".scope=openid,email,profile," + READ,
                "--spring.security.oauth2.client.provider." + RelyingPartyApp.REGISTRATION + ".issuer-uri=" + issuer,
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer,
                "--interop.api-scope=" + READ);
        appBase = "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort();
        // Spring Security's redirect URI, http://localhost:<port>/login/oauth2/code/{registrationId}, known once it listens.
        server.client().updateUserPoolClient(r -> r.userPoolId(poolId).clientId(client.clientId()).clientName("spring-boot")
                .allowedOAuthFlowsUserPoolClient(true).allowedOAuthFlowsWithStrings("code")
                .allowedOAuthScopes("openid", "email", "profile", READ).supportedIdentityProviders("COGNITO")
                .callbackURLs(appBase + "/login/oauth2/code/" + RelyingPartyApp.REGISTRATION));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void userSignsInThroughTheHostedPageAndTheApiTakesTheAccessTokenByItsCustomScope() throws Exception {
        String accessToken;
        try (BrowserContext context = chromium.browser().newContext()) {
            Page page = context.newPage();
            page.navigate(appBase + "/me");
            Chromium.waitForUrl(page, Pattern.compile(".*:" + server.port() + "/login\\?.*"));
            Chromium.signInOnCognatesPage(page, "jane", PASSWORD);
            // Spring Security's saved request comes back as /me?continue.
            Chromium.waitForUrl(page, Pattern.compile(Pattern.quote(appBase) + "/me(\\?continue)?"));

            JsonNode me = JSON.readTree(page.locator("body").innerText());
            assertThat(me.path("username").asText()).isEqualTo("jane");
            assertThat(me.path("email").asText()).isEqualTo("jane@example.com");
            assertThat(me.path("issuer").asText()).isEqualTo(issuer);
            accessToken = me.path("accessToken").asText();
        }

        HttpResponse<String> api = callApi(accessToken);
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(api.body()).path("scope").asText().split(" ")).contains(READ, "openid");
    }

    @Test
    void accessTokenOfAnotherPoolIsRefused() throws Exception {
        // Same resource server identifier and scope, other pool: a token valid in every way but its issuer and key.
        String otherPool = pools.newPool("spring-boot-other");
        String foreign = CognatePool.machineToken(server, pools.machineClient(otherPool, READ));

        HttpResponse<String> api = callApi(foreign);
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
    }

    @Test
    void accessTokenWithoutTheApiScopeIsForbidden() throws Exception {
        String writeOnly = CognatePool.machineToken(server, pools.machineClient(poolId, WRITE));

        HttpResponse<String> api = callApi(writeOnly);
        assertThat(api.statusCode()).isEqualTo(403);
        assertThat(api.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("insufficient_scope"));
    }

    @Test
    void requestWithoutATokenIsRefused() throws Exception {
        HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create(appBase + "/api/read")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(401);
    }

    private static HttpResponse<String> callApi(String accessToken) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(appBase + "/api/read"))
                .header("Authorization", "Bearer " + accessToken).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
