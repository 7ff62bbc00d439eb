package dev.cognate.store;

import java.time.Instant;
import java.util.Set;

/**
 * What a refresh token stands for: the user's original sign-in (its time and origin_jti are
 * kept across refreshes) with the client and scopes it was granted. The user's {@code sub}
 * guards against a deleted user's name being reused by someone else.
 *
 * @param withIdToken whether its refreshes give an ID token (API sign-ins always, the OAuth
 *                    endpoints with {@code openid}); null in grants stored before it was kept,
 *                    which gave one with {@code openid}
 * @param deviceKey   the user's device an API sign-in named or was given (device tracking), which
 *                    its refreshed access tokens name too; null for none
 */
public record RefreshGrant(
        String poolId,
        String clientId,
        String username,
        String sub,
        Set<String> scopes,
        Instant authTime,
        String originJti,
        Instant createdAt,
        Instant expiresAt,
        Boolean withIdToken,
        String deviceKey) {
    public RefreshGrant {
        scopes = Set.copyOf(scopes);
        if (withIdToken == null) {
            withIdToken = scopes.contains("openid");
        }
    }

    /** A grant of a sign-in without a device. */
    public RefreshGrant(String poolId, String clientId, String username, String sub, Set<String> scopes,
                        Instant authTime, String originJti, Instant createdAt, Instant expiresAt, Boolean withIdToken) {
        this(poolId, clientId, username, sub, scopes, authTime, originJti, createdAt, expiresAt, withIdToken, null);
    }
}
