package dev.cognate.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A new RSA-2048 key and a self-signed signing certificate for it (SHA256withRSA, not a CA). */
public record SelfSignedCertificate(X509Certificate certificate, KeyPair keyPair) {

    /** @param commonName the subject's and issuer's CN (characters special in a DN are replaced by spaces) */
    public static SelfSignedCertificate make(String commonName, Instant notBefore, Instant notAfter) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keyPair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=" + commonName.replaceAll("[,=+<>#;\"\\\\]", " "));
            var builder = new JcaX509v3CertificateBuilder(name, new BigInteger(1, RandomIds.bytes(16)),
                    Date.from(notBefore), Date.from(notAfter), name, keyPair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate())));
            return new SelfSignedCertificate(certificate, keyPair);
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot make a self-signed certificate", e);
        }
    }

    /** The certificate's DER, base64 (no PEM armour). */
    public String certificateBase64() {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The private key's PKCS#8 DER, base64. */
    public String privateKeyBase64() {
        return Base64.getEncoder().encodeToString(keyPair.getPrivate().getEncoded());
    }

    @Override
    public String toString() {
        return "SelfSignedCertificate[" + certificate.getSubjectX500Principal() + "]";
    }
}
