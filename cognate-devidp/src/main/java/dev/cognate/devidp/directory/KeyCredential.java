package dev.cognate.devidp.directory;

import dev.cognate.devidp.crypto.Certificates;
import java.security.cert.X509Certificate;
import java.time.Instant;

/** A certificate credential: the public certificate that verifies the app's {@code private_key_jwt} client assertions. */
public record KeyCredential(String keyId, String displayName, X509Certificate certificate) {
    public String sha1Thumbprint() {
        return Certificates.sha1Thumbprint(certificate);
    }

    public String sha256Thumbprint() {
        return Certificates.sha256Thumbprint(certificate);
    }

    public Instant startDateTime() {
        return certificate.getNotBefore().toInstant();
    }

    public Instant endDateTime() {
        return certificate.getNotAfter().toInstant();
    }
}
