package dev.cognate.tokens;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What a sign-in (or refresh) grants: to which client, with which scopes, since when. The
 * {@code originJti} names the original authentication event and is kept across refreshes;
 * {@code amr} says how the user authenticated (RFC 8176 values: pwd, otp, mfa, fed), empty when unknown.
 */
public record TokenGrant(String poolId, String clientId, Set<String> scopes, Instant authTime, String originJti,
                         String eventId, String nonce, Duration idTokenValidity, Duration accessTokenValidity,
                         List<String> amr) {
    public TokenGrant {
        scopes = Set.copyOf(scopes);
        amr = amr == null ? List.of() : List.copyOf(amr);
    }

    public TokenGrant(String poolId, String clientId, Set<String> scopes, Instant authTime, String originJti,
                      String eventId, String nonce, Duration idTokenValidity, Duration accessTokenValidity) {
        this(poolId, clientId, scopes, authTime, originJti, eventId, nonce, idTokenValidity, accessTokenValidity,
                List.of());
    }

    public boolean includesIdToken() {
        return scopes.contains("openid");
    }
}
