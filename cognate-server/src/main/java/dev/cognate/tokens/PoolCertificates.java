package dev.cognate.tokens;

import dev.cognate.crypto.SelfSignedCertificate;
import dev.cognate.store.PoolCertificateStore;
import dev.cognate.store.PoolCertificateStore.PoolCertificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Each pool's signing certificate, as Cognito's GetSigningCertificate answers it: a self-signed
 * RSA certificate valid for ten years, made at the first request and the same afterwards on every
 * node (the first node to store one wins). It is what a SAML identity provider would be given to
 * check the pool's signed requests; Cognate signs no SAML request yet, so its key is only kept
 * (sealed).
 */
public final class PoolCertificates {
    static final Duration VALIDITY = Duration.ofDays(3653);

    private final PoolCertificateStore store;
    private final Clock clock;

    public PoolCertificates(PoolCertificateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The pool's certificate, base64 DER, made now if the pool has none; empty when the pool is gone. */
    public Optional<String> certificateOf(String poolId) {
        Optional<String> kept = store.certificate(poolId);
        if (kept.isPresent()) {
            return kept;
        }
        Instant now = clock.instant();
        SelfSignedCertificate made = SelfSignedCertificate.make(poolId, now.minus(Duration.ofMinutes(5)), now.plus(VALIDITY));
        store.insertIfAbsent(new PoolCertificate(poolId, made.certificateBase64(), made.privateKeyBase64(), now));
        // another node may have stored its own first (answer the one kept), or the pool was deleted meanwhile
        return store.certificate(poolId);
    }
}
