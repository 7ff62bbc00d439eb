package dev.cognate.devidp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.devidp.testing.Browser;
import dev.cognate.devidp.testing.TestIdp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running from a configuration file: tenants, users and app registrations known from the start. */
class DevIdpConfigTest {
    private static final String CONFIG = """
            {"port": 0, "adminToken": "file-token",
             "tenants": [{"id": "44444444-4444-4444-8444-444444444444", "displayName": "Woodgrove",
               "domains": ["woodgrove.onmicrosoft.com"],
               "users": [{"userPrincipalName": "dana@woodgrove.onmicrosoft.com", "displayName": "Dana", "password": "dana-pw",
                          "mail": "dana@woodgrove.onmicrosoft.com"}],
               "applications": [{"appId": "55555555-5555-4555-8555-555555555555", "displayName": "Configured app",
                                 "signInAudience": "AzureADMyOrg", "redirectUris": ["http://localhost:8080/callback"],
                                 "optionalClaims": ["email"], "clientSecret": "configured-secret-value", "adminConsent": true}]}]}
            """;

    @Test
    void anAppFromTheConfigFileSignsInWithoutConsentAndRedeemsWithItsSecret(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("devidp.json");
        Files.writeString(file, CONFIG);
        try (DevIdp idp = DevIdp.start(DevIdpConfig.load(file))) {
            assertThat(idp.adminToken()).isEqualTo("file-token");
            String authorize = idp.baseUrl() + "/woodgrove.onmicrosoft.com/oauth2/v2.0/authorize?client_id=55555555-5555-4555-8555-555555555555"
                    + "&response_type=code&scope=openid%20email&redirect_uri=" + URLEncoder.encode("http://localhost:8080/callback", StandardCharsets.UTF_8);
            Map<String, String> callback = Browser.redirectParams(new Browser().signIn(authorize, "dana@woodgrove.onmicrosoft.com", "dana-pw"));
            HttpResponse<String> tokens = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(idp.baseUrl() + "/44444444-4444-4444-8444-444444444444/oauth2/v2.0/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(Browser.encode(Map.of("grant_type", "authorization_code",
                            "client_id", "55555555-5555-4555-8555-555555555555", "client_secret", "configured-secret-value",
                            "code", callback.get("code"), "redirect_uri", "http://localhost:8080/callback")))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(tokens.statusCode()).isEqualTo(200);
            assertThat(TestIdp.claims(TestIdp.json(tokens.body()).get("id_token").asText()).getStringClaim("email"))
                    .isEqualTo("dana@woodgrove.onmicrosoft.com");
        }
    }

    @Test
    void userIdsDerivedFromTheConfigAreStableAcrossRestarts() {
        DevIdpConfig config = DevIdpConfig.parse(CONFIG.getBytes(StandardCharsets.UTF_8));
        String first;
        try (DevIdp idp = DevIdp.start(config)) {
            first = idp.directory().users().getFirst().id();
        }
        try (DevIdp idp = DevIdp.start(config)) {
            assertThat(idp.directory().users().getFirst().id()).isEqualTo(first);
        }
    }

    @Test
    void theSampleDirectoryStartsAndItsSummaryNamesAuthoritiesUsersAndTheAdminToken() {
        try (DevIdp idp = DevIdp.start(DevIdpConfig.sample().withPort(0))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            DevIdpCommand.printSummary(idp, new PrintStream(out, true, StandardCharsets.UTF_8));
            String summary = out.toString(StandardCharsets.UTF_8);
            assertThat(summary).contains(idp.authority("common")).contains("alice@contoso.onmicrosoft.com")
                    .contains("carol@outlook.com").contains("unverified e-mail alice@contoso.com").contains(idp.adminToken());
            assertThat(idp.directory().tenants()).hasSize(4);
        }
    }

    @Test
    void anEmptyConfigurationGetsADefaultTenantForRegistrations() {
        try (DevIdp idp = DevIdp.start(DevIdpConfig.empty().withPort(0))) {
            assertThat(idp.directory().tenant("devidp.onmicrosoft.com")).isPresent();
        }
    }

    @Test
    void configurationMistakesAreReportedClearly() {
        assertThatThrownBy(() -> DevIdpConfig.parse("{\"tenantz\": []}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tenantz");
        assertThatThrownBy(() -> DevIdp.start(DevIdpConfig.parse("{\"port\":0,\"tenants\":[{\"id\":\"contoso\"}]}".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GUID");
        assertThatThrownBy(() -> DevIdp.start(DevIdpConfig.parse("""
                {"port":0,"tenants":[{"id":"44444444-4444-4444-8444-444444444444","users":[{"userPrincipalName":"x@y"}]}]}"""
                .getBytes(StandardCharsets.UTF_8)))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("password");
    }
}
