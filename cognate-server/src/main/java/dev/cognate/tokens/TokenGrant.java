package dev.cognate.tokens;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * What a sign-in (or refresh) grants: to which client, with which scopes, since when, and
 * whether an ID token comes with the access token. The {@code originJti} names the original
 * authentication event and is kept across refreshes.
 *
 * @param withIdToken at the OAuth endpoints the ID token follows {@code openid}; Cognito's API
 *                    sign-ins always give one although their tokens carry no {@code openid}
 */
public record TokenGrant(String poolId, String clientId, Set<String> scopes, Instant authTime, String originJti,
                         String eventId, String nonce, Duration idTokenValidity, Duration accessTokenValidity,
                         boolean withIdToken) {
    public TokenGrant {
        scopes = Set.copyOf(scopes);
    }

    /** A grant of the OAuth endpoints: an ID token only with {@code openid}. */
    public TokenGrant(String poolId, String clientId, Set<String> scopes, Instant authTime, String originJti,
                      String eventId, String nonce, Duration idTokenValidity, Duration accessTokenValidity) {
        this(poolId, clientId, scopes, authTime, originJti, eventId, nonce, idTokenValidity, accessTokenValidity,
                scopes.contains("openid"));
    }

    public boolean includesIdToken() {
        return withIdToken;
    }
}
