package dev.cognate.devidp;

import static dev.cognate.devidp.testing.TestIdp.ALICE;
import static dev.cognate.devidp.testing.TestIdp.ALICE_PASSWORD;
import static dev.cognate.devidp.testing.TestIdp.CONTOSO;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.cognate.devidp.directory.User;
import dev.cognate.devidp.testing.TestIdp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** entra.md checklist 4: claims gated by scopes and optional claims (email, given_name, family_name, xms_edov), groups and overage. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClaimsConformanceTest {
    private TestIdp idp;

    @BeforeAll
    void start() {
        idp = TestIdp.start();
    }

    @AfterAll
    void stop() {
        idp.close();
    }

    private JWTClaimsSet aliceClaims(TestIdp.App app, String scope) {
        Map<String, String> params = new LinkedHashMap<>(TestIdp.codeRequest(app));
        params.put("scope", scope);
        return idp.idTokenClaims(app, CONTOSO, params, ALICE, ALICE_PASSWORD);
    }

    @Test
    void emailComesWithTheEmailScope() throws Exception {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        assertThat(aliceClaims(app, "openid profile email").getStringClaim("email")).isEqualTo("alice@contoso.onmicrosoft.com");
        assertThat(aliceClaims(app, "openid profile").getClaims()).doesNotContainKey("email");
    }

    @Test
    void emailComesWithTheEmailOptionalClaimEvenWithoutTheScope() throws Exception {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg", "email");
        assertThat(aliceClaims(app, "openid profile").getStringClaim("email")).isEqualTo("alice@contoso.onmicrosoft.com");
    }

    @Test
    void givenNameAndFamilyNameOnlyAsOptionalClaims() throws Exception {
        TestIdp.App plain = idp.registerWebApp("AzureADMyOrg");
        assertThat(aliceClaims(plain, "openid profile email").getClaims()).doesNotContainKeys("given_name", "family_name");
        TestIdp.App configured = idp.registerWebApp("AzureADMyOrg", "given_name", "family_name");
        JWTClaimsSet claims = aliceClaims(configured, "openid profile email");
        assertThat(claims.getStringClaim("given_name")).isEqualTo("Alice");
        assertThat(claims.getStringClaim("family_name")).isEqualTo("Smith");
    }

    @Test
    void xmsEdovTellsWhetherTheEmailDomainOwnerIsVerified() throws Exception {
        TestIdp.App app = idp.registerWebApp("AzureADMultipleOrgs", "xms_edov", "email");
        idp.graph("PATCH", "/v1.0/applications/" + app.id(), "{\"authenticationBehaviors\":{\"removeUnverifiedEmailClaim\":false}}", null);
        assertThat(aliceClaims(app, "openid profile email").getBooleanClaim("xms_edov")).isTrue();
        Map<String, String> params = new LinkedHashMap<>(TestIdp.codeRequest(app));
        JWTClaimsSet mallory = idp.idTokenClaims(app, TestIdp.NORTHWIND, params, "mallory@northwind.onmicrosoft.com", "mallory-pw");
        assertThat(mallory.getBooleanClaim("xms_edov")).isFalse();
        assertThat(aliceClaims(idp.registerWebApp("AzureADMyOrg"), "openid email").getClaims()).doesNotContainKey("xms_edov");
    }

    @Test
    void verifiedPrimaryEmailAndLoginHintAreOptionalClaims() throws Exception {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg", "verified_primary_email", "login_hint");
        JWTClaimsSet claims = aliceClaims(app, "openid profile");
        assertThat(claims.getStringListClaim("verified_primary_email")).containsExactly("alice@contoso.onmicrosoft.com");
        assertThat(claims.getStringClaim("login_hint")).isNotBlank();
    }

    @Test
    void groupsClaimWhenGroupMembershipClaimsIsConfigured() throws Exception {
        TestIdp.App app = idp.register("""
                {"displayName":"Groups app","web":{"redirectUris":["%s"]},"groupMembershipClaims":"SecurityGroup"}""".formatted(TestIdp.REDIRECT_URI), null);
        assertThat(aliceClaims(app, "openid").getStringListClaim("groups"))
                .containsExactly("aaaaaaaa-0000-4000-8000-000000000001", "aaaaaaaa-0000-4000-8000-000000000002");
        assertThat(aliceClaims(idp.registerWebApp("AzureADMyOrg"), "openid").getClaims()).doesNotContainKey("groups");
    }

    @Test
    void pastTwoHundredGroupsTheTokenCarriesClaimNamesAndSourcesInsteadOfGroups() throws Exception {
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            groups.add(UUID.randomUUID().toString());
        }
        idp.idp.directory().addUser(new User(UUID.randomUUID().toString(), CONTOSO, "many@contoso.onmicrosoft.com", "Many Groups",
                null, null, null, false, "many-pw", null, groups));
        TestIdp.App app = idp.register("""
                {"displayName":"Groups app","web":{"redirectUris":["%s"]},"groupMembershipClaims":"All"}""".formatted(TestIdp.REDIRECT_URI), null);
        var tokens = TestIdp.json(idp.redeem(app, CONTOSO, idp.code(app, CONTOSO, TestIdp.codeRequest(app),
                "many@contoso.onmicrosoft.com", "many-pw"), Map.of()).body());
        JWTClaimsSet claims = TestIdp.claims(tokens.get("id_token").asText());
        assertThat(claims.getClaims()).doesNotContainKey("groups");
        assertThat(claims.getJSONObjectClaim("_claim_names")).containsEntry("groups", "src1");
        @SuppressWarnings("unchecked")
        Map<String, Object> source = (Map<String, Object>) claims.getJSONObjectClaim("_claim_sources").get("src1");
        String endpoint = (String) source.get("endpoint");
        assertThat(endpoint).endsWith("/v1.0/users/" + claims.getStringClaim("oid") + "/getMemberObjects");

        var overage = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(endpoint))
                .header("Authorization", "Bearer " + tokens.get("access_token").asText())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"securityEnabledOnly\":false}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(TestIdp.json(overage.body()).get("value").size()).isEqualTo(201);
    }
}
