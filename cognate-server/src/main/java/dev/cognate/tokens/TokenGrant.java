package dev.cognate.tokens;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * What a sign-in (or refresh) grants: to which client, with which scopes, since when. The
 * {@code originJti} names the original authentication event and is kept across refreshes.
 */
public record TokenGrant(String poolId, String clientId, Set<String> scopes, Instant authTime, String originJti,
                         String eventId, String nonce, Duration idTokenValidity, Duration accessTokenValidity) {
    public TokenGrant {
        scopes = Set.copyOf(scopes);
    }

    public boolean includesIdToken() {
        return scopes.contains("openid");
    }
}
