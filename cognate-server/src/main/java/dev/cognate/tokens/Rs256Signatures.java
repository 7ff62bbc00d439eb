package dev.cognate.tokens;

import com.nimbusds.jose.crypto.RSASSASigner;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * RS256 (RFC 7518 3.3, RSASSA-PKCS1-v1_5 with SHA-256) with one private key, reusing
 * initialized {@link Signature} objects: Nimbus' {@code RSASSASigner} asks the provider for a new
 * one and initializes it with the key for every token. After {@code sign()} a signature object is
 * back in its {@code initSign} state (its contract), so it serves the next token; one thread uses
 * it at a time.
 */
final class Rs256Signatures {
    /** More idle objects than threads signing at once would only hold memory. */
    private static final int KEPT = 4 * Runtime.getRuntime().availableProcessors();

    private final PrivateKey key;
    private final Provider provider;
    private final ArrayBlockingQueue<Signature> idle = new ArrayBlockingQueue<>(KEPT);

    /** The key and provider the signer was made with ({@link SigningProvider#signer}). */
    Rs256Signatures(RSASSASigner signer) {
        this.key = signer.getPrivateKey();
        this.provider = signer.getJCAContext().getProvider();
    }

    byte[] sign(byte[] signingInput) {
        Signature signature = idle.poll();
        try {
            if (signature == null) {
                signature = provider == null ? Signature.getInstance("SHA256withRSA")
                        : Signature.getInstance("SHA256withRSA", provider);
                signature.initSign(key);
            }
            signature.update(signingInput);
            byte[] signed = signature.sign();
            idle.offer(signature);
            return signed;
        } catch (GeneralSecurityException e) {
            // the object is left out of the pool: its state is unknown
            throw new IllegalStateException("RS256 signing failed", e);
        }
    }
}
