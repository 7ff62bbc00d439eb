package dev.cognate.devidp;

import static dev.cognate.devidp.testing.TestIdp.ALICE;
import static dev.cognate.devidp.testing.TestIdp.ALICE_PASSWORD;
import static dev.cognate.devidp.testing.TestIdp.CONTOSO;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.cognate.devidp.testing.TestIdp;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** entra.md checklist 3: RS256 ID tokens with ver, tid, oid, pairwise sub, nonce, uti and a one-hour exp. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdTokenConformanceTest {
    private TestIdp idp;

    @BeforeAll
    void start() {
        idp = TestIdp.start();
    }

    @AfterAll
    void stop() {
        idp.close();
    }

    private JsonNode signInAndRedeem(TestIdp.App app) {
        return TestIdp.json(idp.redeem(app, CONTOSO, idp.code(app, CONTOSO, TestIdp.codeRequest(app), ALICE, ALICE_PASSWORD), Map.of()).body());
    }

    @Test
    void idTokenIsRs256SignedByAPublishedKeyWithEntraHeader() throws Exception {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        SignedJWT jwt = SignedJWT.parse(signInAndRedeem(app).get("id_token").asText());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getHeader().getType().toString()).isEqualTo("JWT");
        JWKSet keys = JWKSet.parse(idp.get("/" + CONTOSO + "/discovery/v2.0/keys").body());
        RSAKey key = (RSAKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
    }

    @Test
    void idTokenCarriesVerTidOidSubNonceUtiAioRhSidAndAOneHourLifetime() throws Exception {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        JWTClaimsSet claims = TestIdp.claims(signInAndRedeem(app).get("id_token").asText());
        assertThat(claims.getAudience()).containsExactly(app.appId());
        assertThat(claims.getIssuer()).isEqualTo(idp.base() + "/" + CONTOSO + "/v2.0");
        assertThat(claims.getStringClaim("ver")).isEqualTo("2.0");
        assertThat(claims.getStringClaim("tid")).isEqualTo(CONTOSO);
        assertThat(claims.getStringClaim("oid")).matches("[0-9a-f-]{36}");
        assertThat(claims.getStringClaim("nonce")).isEqualTo("nonce-456");
        assertThat(claims.getSubject()).isNotBlank().isNotEqualTo(claims.getStringClaim("oid"));
        for (String opaque : new String[] {"uti", "aio", "rh", "sid"}) {
            assertThat(claims.getStringClaim(opaque)).as(opaque).isNotBlank();
        }
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant())).isEqualTo(Duration.ofHours(1));
        assertThat(claims.getNotBeforeTime()).isEqualTo(claims.getIssueTime());
        assertThat(claims.getStringClaim("name")).isEqualTo("Alice Smith");
        assertThat(claims.getStringClaim("preferred_username")).isEqualTo(ALICE);
    }

    @Test
    void subIsPairwiseStablePerAppAndDifferentAcrossAppsWhileOidStaysTheSame() throws Exception {
        TestIdp.App first = idp.registerWebApp("AzureADMyOrg");
        TestIdp.App second = idp.registerWebApp("AzureADMyOrg");
        JWTClaimsSet a1 = TestIdp.claims(signInAndRedeem(first).get("id_token").asText());
        JWTClaimsSet a2 = TestIdp.claims(signInAndRedeem(first).get("id_token").asText());
        JWTClaimsSet b = TestIdp.claims(signInAndRedeem(second).get("id_token").asText());
        assertThat(a1.getSubject()).isEqualTo(a2.getSubject()).isNotEqualTo(b.getSubject());
        assertThat(a1.getStringClaim("oid")).isEqualTo(b.getStringClaim("oid"));
        assertThat(a1.getStringClaim("uti")).isNotEqualTo(a2.getStringClaim("uti"));
    }

    @Test
    void withoutProfileScopeThereIsNoNameOrPreferredUsername() throws Exception {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        Map<String, String> params = new java.util.LinkedHashMap<>(TestIdp.codeRequest(app));
        params.put("scope", "openid");
        JWTClaimsSet claims = idp.idTokenClaims(app, CONTOSO, params, ALICE, ALICE_PASSWORD);
        assertThat(claims.getClaims()).doesNotContainKeys("name", "preferred_username", "email");
    }

    @Test
    void tokenResponseHasEntraMembersAndIsNotCached() {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        var response = idp.redeem(app, CONTOSO, idp.code(app, CONTOSO, TestIdp.codeRequest(app), ALICE, ALICE_PASSWORD), Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode body = TestIdp.json(response.body());
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("scope").asText()).contains("openid", "profile", "email");
        assertThat(body.get("expires_in").asInt()).isBetween(3500, 3600);
        assertThat(body.get("ext_expires_in").asInt()).isBetween(3500, 3600);
        for (String member : new String[] {"access_token", "refresh_token", "id_token"}) {
            assertThat(body.get(member).asText()).as(member).isNotBlank();
        }
    }

    @Test
    void refreshTokenOnlyWithOfflineAccessAndItRedeemsForNewTokens() {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        Map<String, String> params = new java.util.LinkedHashMap<>(TestIdp.codeRequest(app));
        params.put("scope", "openid profile");
        JsonNode without = TestIdp.json(idp.redeem(app, CONTOSO, idp.code(app, CONTOSO, params, ALICE, ALICE_PASSWORD), Map.of()).body());
        assertThat(without.has("refresh_token")).isFalse();

        JsonNode with = signInAndRedeem(app);
        var refreshed = idp.token(CONTOSO, Map.of("grant_type", "refresh_token", "client_id", app.appId(),
                "client_secret", app.secret(), "refresh_token", with.get("refresh_token").asText()), null, null);
        assertThat(refreshed.statusCode()).isEqualTo(200);
        JsonNode body = TestIdp.json(refreshed.body());
        assertThat(TestIdp.claims(body.get("id_token").asText()).getSubject())
                .isEqualTo(TestIdp.claims(with.get("id_token").asText()).getSubject());
        assertThat(body.get("refresh_token").asText()).isNotBlank();
    }

    @Test
    void refreshTokenIsBoundToTheClient() {
        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        TestIdp.App other = idp.registerWebApp("AzureADMyOrg");
        JsonNode tokens = signInAndRedeem(app);
        var refused = idp.token(CONTOSO, Map.of("grant_type", "refresh_token", "client_id", other.appId(),
                "client_secret", other.secret(), "refresh_token", tokens.get("refresh_token").asText()), null, null);
        assertThat(TestIdp.json(refused.body()).get("error").asText()).isEqualTo("invalid_grant");
    }
}
