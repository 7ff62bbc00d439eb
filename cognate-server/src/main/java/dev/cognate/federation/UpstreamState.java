package dev.cognate.federation;

import java.time.Instant;

/**
 * What Cognate keeps while the browser is at an upstream IdP, under the hash of the
 * {@code state} it sent there: which pool and provider the state was issued for, the browser
 * it is bound to (hash of the binding cookie), the nonce and PKCE verifier sent, and the app's
 * pending authorization. Stored sealed; single use.
 */
public record UpstreamState(
        String poolId,
        String providerName,
        String browserBindingHash,
        String nonce,
        String codeVerifier,
        PendingAuthorization pending,
        Instant createdAt,
        Instant expiresAt) {

    @Override
    public String toString() {
        return "UpstreamState[poolId=" + poolId + ", providerName=" + providerName + ", createdAt=" + createdAt + "]";
    }
}
