package dev.cognate.devidp;

import static dev.cognate.devidp.testing.TestIdp.ALICE;
import static dev.cognate.devidp.testing.TestIdp.ALICE_PASSWORD;
import static dev.cognate.devidp.testing.TestIdp.CONTOSO;
import static dev.cognate.devidp.testing.TestIdp.REDIRECT_URI;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.cognate.devidp.crypto.Certificates;
import dev.cognate.devidp.testing.TestIdp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** entra.md checklist 8: secret (post and Basic) and private_key_jwt client authentication, secret expiry, Entra-shaped JSON errors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientAuthenticationConformanceTest {
    private TestIdp idp;
    private TestIdp.App app;
    private Certificates.SelfSigned clientCertificate;

    @BeforeAll
    void start() {
        idp = TestIdp.start();
        app = idp.registerWebApp("AzureADMyOrg");
        idp.adminConsent(app.appId(), null);
        clientCertificate = Certificates.generate("test client", Duration.ofDays(30));
        String key = Base64.getEncoder().encodeToString(clientCertificate.der());
        var patched = idp.graph("PATCH", "/v1.0/applications/" + app.id(), """
                {"keyCredentials":[{"type":"AsymmetricX509Cert","usage":"Verify","key":"%s","displayName":"CN=test client"}]}""".formatted(key), null);
        assertThat(patched.statusCode()).isEqualTo(204);
    }

    @AfterAll
    void stop() {
        idp.close();
    }

    private String code() {
        return idp.code(app, CONTOSO, TestIdp.codeRequest(app), ALICE, ALICE_PASSWORD);
    }

    private Map<String, String> codeGrant(String code) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", REDIRECT_URI);
        return form;
    }

    @Test
    void clientSecretPostAuthenticates() {
        assertThat(idp.redeem(app, CONTOSO, code(), Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void clientSecretBasicAuthenticates() {
        assertThat(idp.token(CONTOSO, codeGrant(code()), app.appId(), app.secret()).statusCode()).isEqualTo(200);
    }

    @Test
    void aWrongSecretIs401InvalidClientWithAadsts7000215InEntrasErrorShape() {
        HttpResponse<String> response = idp.token(CONTOSO, codeGrant(code()), app.appId(), "wrong-secret");
        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode error = TestIdp.json(response.body());
        assertThat(error.get("error").asText()).isEqualTo("invalid_client");
        assertThat(error.get("error_description").asText()).matches("(?s)AADSTS7000215: .*\r\nTrace ID: [0-9a-f-]{36}\r\n"
                + "Correlation ID: [0-9a-f-]{36}\r\nTimestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ");
        assertThat(error.get("error_codes").get(0).asInt()).isEqualTo(7000215);
        for (String member : new String[] {"timestamp", "trace_id", "correlation_id", "error_uri"}) {
            assertThat(error.get(member).asText()).as(member).isNotBlank();
        }
    }

    @Test
    void noCredentialIsInvalidClient() {
        Map<String, String> form = codeGrant(code());
        form.put("client_id", app.appId());
        HttpResponse<String> response = idp.token(CONTOSO, form, null, null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(TestIdp.json(response.body()).get("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void anExpiredSecretFailsWithAadsts7000222() {
        TestIdp.App expiring = idp.registerWebApp("AzureADMyOrg");
        var added = idp.graph("POST", "/v1.0/applications/" + expiring.id() + "/addPassword",
                "{\"passwordCredential\":{\"displayName\":\"short\",\"endDateTime\":\"" + idp.clock.instant().plus(Duration.ofDays(1)) + "\"}}", null);
        String secret = TestIdp.json(added.body()).get("secretText").asText();
        idp.clock.advance(Duration.ofDays(2));
        HttpResponse<String> response = idp.token(CONTOSO, Map.of("grant_type", "client_credentials", "client_id", expiring.appId(),
                "client_secret", secret, "scope", "https://graph.microsoft.com/.default"), null, null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(TestIdp.json(response.body()).get("error_description").asText()).startsWith("AADSTS7000222");
    }

    @Test
    void anUnknownClientIsAnEntraError() {
        HttpResponse<String> response = idp.token(CONTOSO, Map.of("grant_type", "client_credentials",
                "client_id", UUID.randomUUID().toString(), "client_secret", "x", "scope", "https://graph.microsoft.com/.default"), null, null);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(TestIdp.json(response.body()).get("error_description").asText()).startsWith("AADSTS700016");
    }

    @Test
    void privateKeyJwtWithPs256AndX5tS256Authenticates() throws Exception {
        String assertion = assertion(JWSAlgorithm.PS256, true, idp.base() + "/" + CONTOSO + "/oauth2/v2.0/token", idp.clock.instant());
        assertThat(redeemWithAssertion(assertion).statusCode()).isEqualTo(200);
    }

    @Test
    void privateKeyJwtWithRs256AndX5tAuthenticates() throws Exception {
        String assertion = assertion(JWSAlgorithm.RS256, false, idp.base() + "/" + CONTOSO + "/oauth2/v2.0/token", idp.clock.instant());
        assertThat(redeemWithAssertion(assertion).statusCode()).isEqualTo(200);
    }

    @Test
    void privateKeyJwtForAnotherAudienceIsRefused() throws Exception {
        String assertion = assertion(JWSAlgorithm.PS256, true, "https://login.microsoftonline.com/" + CONTOSO + "/oauth2/v2.0/token", idp.clock.instant());
        HttpResponse<String> response = redeemWithAssertion(assertion);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(TestIdp.json(response.body()).get("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void privateKeyJwtSignedByAnUnregisteredKeyIsRefused() throws Exception {
        Certificates.SelfSigned stranger = Certificates.generate("stranger", Duration.ofDays(1));
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                .x509CertThumbprint(new Base64URL(Certificates.sha1Thumbprint(stranger.certificate()))).build();
        SignedJWT jwt = new SignedJWT(header, claims(idp.base() + "/" + CONTOSO + "/oauth2/v2.0/token", idp.clock.instant()));
        jwt.sign(new RSASSASigner(stranger.keyPair().getPrivate()));
        assertThat(redeemWithAssertion(jwt.serialize()).statusCode()).isEqualTo(401);
    }

    @Test
    void anExpiredOrReplayedAssertionIsRefused() throws Exception {
        String old = assertion(JWSAlgorithm.PS256, true, idp.base() + "/" + CONTOSO + "/oauth2/v2.0/token", idp.clock.instant().minus(Duration.ofHours(1)));
        assertThat(redeemWithAssertion(old).statusCode()).isEqualTo(401);
        String once = assertion(JWSAlgorithm.PS256, true, idp.base() + "/" + CONTOSO + "/oauth2/v2.0/token", idp.clock.instant());
        assertThat(redeemWithAssertion(once).statusCode()).isEqualTo(200);
        assertThat(redeemWithAssertion(once).statusCode()).isEqualTo(401);
    }

    @Test
    void twoAuthenticationMethodsAtOnceAreRefused() {
        Map<String, String> form = codeGrant(code());
        form.put("client_secret", app.secret());
        assertThat(idp.token(CONTOSO, form, app.appId(), app.secret()).statusCode()).isEqualTo(400);
    }

    @Test
    void clientCredentialsNeedsADotDefaultScope() {
        HttpResponse<String> ok = idp.token(CONTOSO, Map.of("grant_type", "client_credentials", "client_id", app.appId(),
                "client_secret", app.secret(), "scope", "https://graph.microsoft.com/.default"), null, null);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(TestIdp.json(ok.body()).has("refresh_token")).isFalse();
        HttpResponse<String> refused = idp.token(CONTOSO, Map.of("grant_type", "client_credentials", "client_id", app.appId(),
                "client_secret", app.secret(), "scope", "User.Read"), null, null);
        assertThat(TestIdp.json(refused.body()).get("error").asText()).isEqualTo("invalid_scope");
    }

    @Test
    void anUnsupportedGrantTypeIsAnEntraError() {
        HttpResponse<String> response = idp.token(CONTOSO, Map.of("grant_type", "password", "client_id", app.appId(),
                "client_secret", app.secret()), null, null);
        assertThat(TestIdp.json(response.body()).get("error").asText()).isEqualTo("unsupported_grant_type");
    }

    private HttpResponse<String> redeemWithAssertion(String assertion) {
        Map<String, String> form = codeGrant(code());
        form.put("client_id", app.appId());
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        form.put("client_assertion", assertion);
        return idp.token(CONTOSO, form, null, null);
    }

    private String assertion(JWSAlgorithm alg, boolean sha256Thumbprint, String audience, Instant issuedAt) throws Exception {
        JWSHeader.Builder header = new JWSHeader.Builder(alg);
        if (sha256Thumbprint) {
            header.x509CertSHA256Thumbprint(new Base64URL(Certificates.sha256Thumbprint(clientCertificate.certificate())));
        } else {
            header.x509CertThumbprint(new Base64URL(Certificates.sha1Thumbprint(clientCertificate.certificate())));
        }
        SignedJWT jwt = new SignedJWT(header.build(), claims(audience, issuedAt));
        jwt.sign(new RSASSASigner(clientCertificate.keyPair().getPrivate()));
        return jwt.serialize();
    }

    private JWTClaimsSet claims(String audience, Instant issuedAt) {
        return new JWTClaimsSet.Builder().issuer(app.appId()).subject(app.appId()).audience(audience)
                .jwtID(UUID.randomUUID().toString()).notBeforeTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(Duration.ofMinutes(10)))).build();
    }
}
