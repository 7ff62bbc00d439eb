package dev.cognate.devidp;

import static dev.cognate.devidp.testing.TestIdp.ALICE;
import static dev.cognate.devidp.testing.TestIdp.ALICE_PASSWORD;
import static dev.cognate.devidp.testing.TestIdp.CONTOSO;
import static dev.cognate.devidp.testing.TestIdp.FABRIKAM;
import static dev.cognate.devidp.testing.TestIdp.REDIRECT_URI;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognate.devidp.testing.TestIdp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** entra.md checklist 9: Graph-shaped app registration and addPassword; userinfo with the Graph claim set. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GraphAndUserInfoConformanceTest {
    private static final String SEED_REGISTRATION = """
            {"displayName":"CognitoOIDC","signInAudience":"AzureADMyOrg",
             "web":{"redirectUris":["https://cognate.example.com/oauth2/idpresponse"]},
             "optionalClaims":{"idToken":[{"name":"email"},{"name":"given_name"},{"name":"family_name"}]},
             "groupMembershipClaims":"SecurityGroup",
             "requiredResourceAccess":[{"resourceAppId":"00000003-0000-0000-c000-000000000000","resourceAccess":[
               {"id":"37f7f235-527c-4136-accd-4a02d197296e","type":"Scope"},
               {"id":"14dad69e-099b-42c9-810b-d002981feec1","type":"Scope"},
               {"id":"64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0","type":"Scope"}]}],
             "authenticationBehaviors":{"removeUnverifiedEmailClaim":true}}""";
    private TestIdp idp;

    @BeforeAll
    void start() {
        idp = TestIdp.start();
    }

    @AfterAll
    void stop() {
        idp.close();
    }

    @Test
    void createApplicationAnswersWithObjectIdAndAppIdAndEchoesTheRegistration() {
        HttpResponse<String> created = idp.graph("POST", "/v1.0/applications", SEED_REGISTRATION, null);
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode app = TestIdp.json(created.body());
        assertThat(app.get("id").asText()).matches("[0-9a-f-]{36}");
        assertThat(app.get("appId").asText()).matches("[0-9a-f-]{36}").isNotEqualTo(app.get("id").asText());
        assertThat(app.get("displayName").asText()).isEqualTo("CognitoOIDC");
        assertThat(app.get("signInAudience").asText()).isEqualTo("AzureADMyOrg");
        assertThat(app.get("web").get("redirectUris").get(0).asText()).isEqualTo("https://cognate.example.com/oauth2/idpresponse");
        List<String> claims = new ArrayList<>();
        app.get("optionalClaims").get("idToken").forEach(c -> claims.add(c.get("name").asText()));
        assertThat(claims).containsExactly("email", "given_name", "family_name");
        assertThat(app.get("groupMembershipClaims").asText()).isEqualTo("SecurityGroup");
        assertThat(app.get("requiredResourceAccess").get(0).get("resourceAccess").size()).isEqualTo(3);
        assertThat(app.get("passwordCredentials").size()).isZero();
        assertThat(app.get("publisherDomain").asText()).isEqualTo("contoso.onmicrosoft.com");

        JsonNode fetched = idp.getJson("/v1.0/applications/" + app.get("id").asText()).get("error");
        assertThat(fetched.get("code").asText()).isEqualTo("InvalidAuthenticationToken");
        JsonNode listed = TestIdp.json(idp.graph("GET", "/v1.0/applications?$filter=" + java.net.URLEncoder.encode(
                "appId eq '" + app.get("appId").asText() + "'", java.nio.charset.StandardCharsets.UTF_8), null, null).body());
        assertThat(listed.get("value").size()).isEqualTo(1);
    }

    @Test
    void addPasswordShowsTheSecretOnceWithHintKeyIdAndATwoYearDefaultExpiry() {
        JsonNode app = TestIdp.json(idp.graph("POST", "/v1.0/applications", SEED_REGISTRATION, null).body());
        String id = app.get("id").asText();
        HttpResponse<String> added = idp.graph("POST", "/v1.0/applications/" + id + "/addPassword",
                "{\"passwordCredential\":{\"displayName\":\"cognate\"}}", null);
        assertThat(added.statusCode()).isEqualTo(200);
        JsonNode secret = TestIdp.json(added.body());
        String text = secret.get("secretText").asText();
        assertThat(text.length()).isBetween(16, 64);
        assertThat(secret.get("hint").asText()).isEqualTo(text.substring(0, 3));
        assertThat(secret.get("keyId").asText()).matches("[0-9a-f-]{36}");
        Instant start = Instant.parse(secret.get("startDateTime").asText());
        Instant end = Instant.parse(secret.get("endDateTime").asText());
        assertThat(Duration.between(start, end).toDays()).isBetween(730L, 731L);

        JsonNode later = TestIdp.json(idp.graph("GET", "/v1.0/applications/" + id, null, null).body());
        assertThat(later.get("passwordCredentials").get(0).get("secretText").isNull()).isTrue();
        assertThat(later.get("passwordCredentials").get(0).get("hint").asText()).isEqualTo(text.substring(0, 3));
        assertThat(later.toString()).doesNotContain(text);
    }

    @Test
    void theGraphApiRefusesCallsWithoutTheAdminToken() throws Exception {
        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(idp.base() + "/v1.0/applications"))
                .header("Authorization", "Bearer not-the-token").POST(HttpRequest.BodyPublishers.ofString(SEED_REGISTRATION)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(TestIdp.json(refused.body()).get("error").get("code").asText()).isEqualTo("InvalidAuthenticationToken");
    }

    @Test
    void badRegistrationsAreGraphBadRequests() {
        assertThat(idp.graph("POST", "/v1.0/applications", "{\"displayName\":\"x\",\"signInAudience\":\"Everyone\"}", null).statusCode()).isEqualTo(400);
        assertThat(idp.graph("POST", "/v1.0/applications", "{}", null).statusCode()).isEqualTo(400);
        assertThat(idp.graph("POST", "/v1.0/applications", "not json", null).statusCode()).isEqualTo(400);
        assertThat(idp.graph("GET", "/v1.0/applications/00000000-0000-0000-0000-000000000000", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void registrationsLiveInTheTenantNamedByTheHeader() {
        JsonNode app = TestIdp.json(idp.graph("POST", "/v1.0/applications", SEED_REGISTRATION, "fabrikam.onmicrosoft.com").body());
        assertThat(app.get("publisherDomain").asText()).isEqualTo("fabrikam.onmicrosoft.com");
        assertThat(idp.graph("GET", "/v1.0/applications/" + app.get("id").asText(), null, null).statusCode()).isEqualTo(404);
        assertThat(idp.graph("GET", "/v1.0/applications/" + app.get("id").asText(), null, FABRIKAM).statusCode()).isEqualTo(200);
    }

    @Test
    void servicePrincipalAndAllPrincipalsGrantGiveAdminConsent() {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        JsonNode sp = TestIdp.json(idp.graph("POST", "/v1.0/servicePrincipals", "{\"appId\":\"" + app.appId() + "\"}", null).body());
        HttpResponse<String> grant = idp.graph("POST", "/v1.0/oauth2PermissionGrants", """
                {"clientId":"%s","consentType":"AllPrincipals","resourceId":"graph","scope":"openid profile email offline_access"}"""
                .formatted(sp.get("id").asText()), null);
        assertThat(grant.statusCode()).isEqualTo(201);
        var response = idp.browser().signIn(idp.authorizeUrl(CONTOSO, TestIdp.codeRequest(app)), ALICE, ALICE_PASSWORD);
        assertThat(response.statusCode()).isEqualTo(302);
    }

    @Test
    void theSeedRegistrationSignsAliceInWithItsOptionalClaims() throws Exception {
        JsonNode created = TestIdp.json(idp.graph("POST", "/v1.0/applications", SEED_REGISTRATION.replace(
                "https://cognate.example.com/oauth2/idpresponse", REDIRECT_URI), null).body());
        JsonNode secret = TestIdp.json(idp.graph("POST", "/v1.0/applications/" + created.get("id").asText() + "/addPassword", "{}", null).body());
        TestIdp.App app = new TestIdp.App(created.get("id").asText(), created.get("appId").asText(), secret.get("secretText").asText());
        idp.adminConsent(app.appId(), null);
        var claims = idp.idTokenClaims(app, CONTOSO, TestIdp.codeRequest(app), ALICE, ALICE_PASSWORD);
        assertThat(claims.getStringClaim("email")).isEqualTo("alice@contoso.onmicrosoft.com");
        assertThat(claims.getStringClaim("given_name")).isEqualTo("Alice");
        assertThat(claims.getStringClaim("family_name")).isEqualTo("Smith");
        assertThat(claims.getStringListClaim("groups")).hasSize(2);
    }

    @Test
    void userinfoAnswersGetAndPostWithTheGraphClaimSetAndTheIdTokensSub() {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        idp.adminConsent(app.appId(), null);
        JsonNode tokens = TestIdp.json(idp.redeem(app, CONTOSO, idp.code(app, CONTOSO, TestIdp.codeRequest(app), ALICE, ALICE_PASSWORD), Map.of()).body());
        String accessToken = tokens.get("access_token").asText();
        for (String method : new String[] {"GET", "POST"}) {
            HttpResponse<String> response = userinfo(method, accessToken);
            assertThat(response.statusCode()).as(method).isEqualTo(200);
            JsonNode info = TestIdp.json(response.body());
            List<String> names = new ArrayList<>();
            info.fieldNames().forEachRemaining(names::add);
            assertThat(names).isSubsetOf("sub", "name", "family_name", "given_name", "picture", "email");
            assertThat(info.get("sub").asText()).isEqualTo(TestIdp.claims(tokens.get("id_token").asText()).getSubject());
            assertThat(info.get("name").asText()).isEqualTo("Alice Smith");
            assertThat(info.get("email").asText()).isEqualTo("alice@contoso.onmicrosoft.com");
        }
    }

    @Test
    void userinfoRefusesMissingForgedAndExpiredTokens() {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        idp.adminConsent(app.appId(), null);
        JsonNode tokens = TestIdp.json(idp.redeem(app, CONTOSO, idp.code(app, CONTOSO, TestIdp.codeRequest(app), ALICE, ALICE_PASSWORD), Map.of()).body());
        assertThat(userinfo("GET", null).statusCode()).isEqualTo(401);
        assertThat(userinfo("GET", tokens.get("id_token").asText()).statusCode()).isEqualTo(401);
        String accessToken = tokens.get("access_token").asText();
        String forged = accessToken.substring(0, accessToken.lastIndexOf('.') + 1) + "AAAA";
        assertThat(userinfo("GET", forged).statusCode()).isEqualTo(401);
        idp.clock.advance(Duration.ofHours(2));
        HttpResponse<String> expired = userinfo("GET", accessToken);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
    }

    private HttpResponse<String> userinfo(String method, String accessToken) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(idp.base() + "/oidc/userinfo"))
                    .method(method, HttpRequest.BodyPublishers.noBody());
            if (accessToken != null) {
                request.header("Authorization", "Bearer " + accessToken);
            }
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
