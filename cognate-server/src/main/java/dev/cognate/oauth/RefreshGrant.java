package dev.cognate.oauth;

import java.time.Instant;
import java.util.Set;

/**
 * What a refresh token stands for: the user's original sign-in (its time and origin_jti are
 * kept across refreshes) with the client and scopes it was granted.
 */
public record RefreshGrant(
        String poolId,
        String clientId,
        String username,
        Set<String> scopes,
        Instant authTime,
        String originJti,
        Instant createdAt,
        Instant expiresAt) {
    public RefreshGrant {
        scopes = Set.copyOf(scopes);
    }
}
