package dev.cognate.devidp.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signed X.509 certificates (signing keys, TLS, test client credentials) and their thumbprints. */
public final class Certificates {
    private Certificates() {}

    /** An RSA key pair with a self-signed certificate for it. */
    public record SelfSigned(KeyPair keyPair, X509Certificate certificate) {
        public byte[] der() {
            return Certificates.der(certificate);
        }
    }

    /** A new RSA-2048 key and a self-signed certificate with the given common name, valid from now for {@code validity}. */
    public static SelfSigned generate(String commonName, Duration validity, String... dnsOrIpNames) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keyPair = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=" + commonName.replaceAll("[,=+<>#;\"\\\\]", " "));
            var builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, RandomValues.SOURCE).abs(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), name, keyPair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            if (dnsOrIpNames.length > 0) {
                List<GeneralName> names = new ArrayList<>();
                for (String n : dnsOrIpNames) {
                    names.add(new GeneralName(n.matches("[0-9.:]+") ? GeneralName.iPAddress : GeneralName.dNSName, n));
                }
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            var signer = new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new SelfSigned(keyPair, certificate);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException
                 | org.bouncycastle.cert.CertIOException e) {
            throw new IllegalStateException("cannot generate a self-signed certificate", e);
        }
    }

    public static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a DER certificate given in standard base64 (Graph's keyCredentials.key, a JWK's x5c). */
    public static X509Certificate parse(byte[] der) throws GeneralSecurityException {
        var factory = java.security.cert.CertificateFactory.getInstance("X.509");
        return (X509Certificate) factory.generateCertificate(new java.io.ByteArrayInputStream(der));
    }

    /** base64url(SHA-1(DER)): Entra's {@code kid} and {@code x5t}. */
    public static String sha1Thumbprint(X509Certificate certificate) {
        return base64Url(digest("SHA-1", der(certificate)));
    }

    /** base64url(SHA-256(DER)): the {@code x5t#S256} header value. */
    public static String sha256Thumbprint(X509Certificate certificate) {
        return base64Url(digest("SHA-256", der(certificate)));
    }

    static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
