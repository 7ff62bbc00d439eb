package dev.cognate.store;

import java.time.Instant;
import java.util.Optional;

/** Each pool's signing certificate (GetSigningCertificate); the private key is sealed by the implementation. */
public interface PoolCertificateStore {
    /** A certificate (base64 DER), its private key (PKCS#8 DER, base64) and when it was made. */
    record PoolCertificate(String poolId, String certificate, String privateKey, Instant createdAt) {
        @Override
        public String toString() {
            return "PoolCertificate[poolId=" + poolId + ", createdAt=" + createdAt + "]";
        }
    }

    /** The pool's certificate and its key (opened). */
    Optional<PoolCertificate> find(String poolId);

    /** The pool's certificate alone (base64 DER): its key is not opened. */
    Optional<String> certificate(String poolId);

    /**
     * Keeps {@code certificate} unless the pool has one already (another node made it first) or is
     * gone (deleted meanwhile); false then.
     */
    boolean insertIfAbsent(PoolCertificate certificate);
}
