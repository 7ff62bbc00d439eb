package dev.cognate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import dev.cognate.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;

/**
 * GetSigningCertificate, as Cognito answers it (and Terraform's aws_cognito_user_pool_signing_certificate
 * reads it): the pool's self-signed certificate, base64 DER, valid for ten years, the same at every call.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class SigningCertificateTest {
    @Parameter
    Backend backend;

    TestServer server;
    CognitoIdentityProviderClient cognito;
    String poolId;

    @BeforeEach
    void pool() {
        server = TestServer.shared(backend);
        cognito = server.client();
        poolId = cognito.createUserPool(r -> r.poolName("saml-" + UUID.randomUUID().toString().substring(0, 8)))
                .userPool().id();
    }

    String certificate(String pool) {
        return cognito.getSigningCertificate(r -> r.userPoolId(pool)).certificate();
    }

    static X509Certificate parse(String base64) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
    }

    @Test
    void thePoolsCertificateIsASelfSignedRsaCertificateValidForTenYears() throws Exception {
        X509Certificate certificate = parse(certificate(poolId));

        certificate.verify(certificate.getPublicKey());
        certificate.checkValidity();
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=" + poolId);
        assertThat(((RSAPublicKey) certificate.getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(certificate.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(certificate.getNotAfter().toInstant())
                .isAfter(Instant.now().plus(Duration.ofDays(3650)))
                .isBefore(Instant.now().plus(Duration.ofDays(3660)));
    }

    @Test
    void everyCallAnswersTheSameCertificateAndEachPoolHasItsOwn() {
        String first = certificate(poolId);
        String other = cognito.createUserPool(r -> r.poolName("saml-other")).userPool().id();

        assertThat(certificate(poolId)).isEqualTo(first);
        assertThat(certificate(other)).isNotEqualTo(first);
    }

    @Test
    void theCertificatesPrivateKeyIsSealedInTheStoreAndIsTheCertificatesOwn() throws Exception {
        X509Certificate certificate = parse(certificate(poolId));

        var jdbi = server.server().database().jdbi();
        String sealed = jdbi.withHandle(h -> h.createQuery(
                "SELECT private_sealed FROM pool_signing_certificates WHERE pool_id = :pool")
                .bind("pool", poolId).mapTo(String.class).one());
        String key = new dev.cognate.store.jdbc.JdbcPoolCertificateStore(jdbi,
                new dev.cognate.crypto.SecretBox(TestServer.MASTER_KEY)).find(poolId).orElseThrow().privateKey();
        assertThat(sealed).startsWith("v1.").doesNotContain(key);
        var privateKey = (java.security.interfaces.RSAPrivateCrtKey) java.security.KeyFactory.getInstance("RSA")
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(Base64.getDecoder().decode(key)));
        assertThat(privateKey.getModulus()).isEqualTo(((RSAPublicKey) certificate.getPublicKey()).getModulus());
    }

    @Test
    void anUnknownPoolIsNotFoundAndADeletedPoolTakesItsCertificateAlong() {
        certificate(poolId);
        cognito.deleteUserPool(r -> r.userPoolId(poolId));

        assertThatThrownBy(() -> certificate(poolId)).isInstanceOf(ResourceNotFoundException.class);
        int left = server.server().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM pool_signing_certificates WHERE pool_id = :pool").bind("pool", poolId)
                .mapTo(Integer.class).one());
        assertThat(left).isZero();
    }
}
