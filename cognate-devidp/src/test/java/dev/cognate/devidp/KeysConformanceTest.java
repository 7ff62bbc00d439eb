package dev.cognate.devidp;

import static dev.cognate.devidp.testing.TestIdp.ALICE;
import static dev.cognate.devidp.testing.TestIdp.ALICE_PASSWORD;
import static dev.cognate.devidp.testing.TestIdp.CONSUMERS;
import static dev.cognate.devidp.testing.TestIdp.CONTOSO;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import dev.cognate.devidp.testing.TestIdp;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** entra.md checklist 2: JWKS with several keys (kid = x5t, x5c, per-key issuer, no alg) and live rotation. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeysConformanceTest {
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
    void jwksPublishesSeveralRsa2048KeysWithKidEqualToX5tOfTheCertificateAndNoAlg() throws Exception {
        JsonNode keys = idp.getJson("/common/discovery/v2.0/keys").get("keys");
        assertThat(keys.size()).isGreaterThanOrEqualTo(2);
        for (JsonNode key : keys) {
            assertThat(key.get("kty").asText()).isEqualTo("RSA");
            assertThat(key.get("use").asText()).isEqualTo("sig");
            assertThat(key.has("alg")).isFalse();
            byte[] der = Base64.getDecoder().decode(key.get("x5c").get(0).asText());
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
            String thumbprint = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-1").digest(der));
            assertThat(key.get("kid").asText()).isEqualTo(thumbprint);
            assertThat(key.get("x5t").asText()).isEqualTo(thumbprint);
            assertThat(((RSAPublicKey) certificate.getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
            assertThat(Base64.getUrlDecoder().decode(key.get("n").asText())).hasSizeBetween(256, 257);
        }
    }

    @Test
    void eachKeyCarriesTheIssuerOfItsAuthority() {
        idp.getJson("/common/discovery/v2.0/keys").get("keys")
                .forEach(k -> assertThat(k.get("issuer").asText()).isEqualTo(idp.base() + "/{tenantid}/v2.0"));
        idp.getJson("/organizations/discovery/v2.0/keys").get("keys")
                .forEach(k -> assertThat(k.get("issuer").asText()).isEqualTo(idp.base() + "/{tenantid}/v2.0"));
        idp.getJson("/consumers/discovery/v2.0/keys").get("keys")
                .forEach(k -> assertThat(k.get("issuer").asText()).isEqualTo(idp.base() + "/" + CONSUMERS + "/v2.0"));
        idp.getJson("/" + CONTOSO + "/discovery/v2.0/keys").get("keys")
                .forEach(k -> assertThat(k.get("issuer").asText()).isEqualTo(idp.base() + "/" + CONTOSO + "/v2.0"));
    }

    @Test
    void rotationPublishesANewKeyThatSignsFromThenOnWithoutRestart() throws Exception {
        List<String> before = kids();
        var rotated = idp.graph("POST", "/devidp/keys/rotate", null, null);
        assertThat(rotated.statusCode()).isEqualTo(200);
        String newKid = TestIdp.json(rotated.body()).get("kid").asText();
        List<String> after = kids();
        assertThat(after).contains(newKid).hasSize(before.size());
        assertThat(before).doesNotContain(newKid);

        TestIdp.App app = idp.registerWebApp("AzureADMyOrg");
        idp.adminConsent(app.appId(), null);
        var tokens = TestIdp.json(idp.redeem(app, CONTOSO,
                idp.code(app, CONTOSO, TestIdp.codeRequest(app), ALICE, ALICE_PASSWORD), java.util.Map.of()).body());
        assertThat(SignedJWT.parse(tokens.get("id_token").asText()).getHeader().getKeyID()).isEqualTo(newKid);
    }

    @Test
    void rotationNeedsTheAdminToken() {
        var refused = idp.get("/devidp/keys/rotate");
        assertThat(refused.statusCode()).isIn(401, 404, 405);
    }

    private List<String> kids() {
        List<String> kids = new ArrayList<>();
        idp.getJson("/common/discovery/v2.0/keys").get("keys").forEach(k -> kids.add(k.get("kid").asText()));
        return kids;
    }
}
