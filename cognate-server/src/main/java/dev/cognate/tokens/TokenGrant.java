package dev.cognate.tokens;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What a sign-in (or refresh) grants: to which client, with which scopes, since when, whether
 * an ID token comes with the access token, and how the user authenticated. The
 * {@code originJti} names the original authentication event and is kept across refreshes.
 *
 * @param withIdToken at the OAuth endpoints the ID token follows {@code openid}; Cognito's API
 *                    sign-ins always give one although their tokens carry no {@code openid}
 * @param amr         how the user authenticated (RFC 8176 values: pwd, otp, mfa, fed), empty when unknown
 * @param deviceKey   the user's device of an API sign-in in a pool that tracks devices (the access
 *                    token's {@code device_key}), null for none
 */
public record TokenGrant(String poolId, String clientId, Set<String> scopes, Instant authTime, String originJti,
                         String eventId, String nonce, Duration idTokenValidity, Duration accessTokenValidity,
                         boolean withIdToken, List<String> amr, String deviceKey) {
    public TokenGrant {
        scopes = Set.copyOf(scopes);
        amr = amr == null ? List.of() : List.copyOf(amr);
    }

    /** A grant without a device. */
    public TokenGrant(String poolId, String clientId, Set<String> scopes, Instant authTime, String originJti,
                      String eventId, String nonce, Duration idTokenValidity, Duration accessTokenValidity,
                      boolean withIdToken, List<String> amr) {
        this(poolId, clientId, scopes, authTime, originJti, eventId, nonce, idTokenValidity, accessTokenValidity,
                withIdToken, amr, null);
    }

    /** The same grant for {@code deviceKey}. */
    public TokenGrant withDevice(String deviceKey) {
        return new TokenGrant(poolId, clientId, scopes, authTime, originJti, eventId, nonce, idTokenValidity,
                accessTokenValidity, withIdToken, amr, deviceKey);
    }

    /** A grant of the OAuth endpoints: an ID token only with {@code openid}, no {@code amr}. */
    public TokenGrant(String poolId, String clientId, Set<String> scopes, Instant authTime, String originJti,
                      String eventId, String nonce, Duration idTokenValidity, Duration accessTokenValidity) {
        this(poolId, clientId, scopes, authTime, originJti, eventId, nonce, idTokenValidity, accessTokenValidity,
                scopes.contains("openid"), List.of());
    }

    /** An ID token as {@code withIdToken} says, no {@code amr}. */
    public TokenGrant(String poolId, String clientId, Set<String> scopes, Instant authTime, String originJti,
                      String eventId, String nonce, Duration idTokenValidity, Duration accessTokenValidity,
                      boolean withIdToken) {
        this(poolId, clientId, scopes, authTime, originJti, eventId, nonce, idTokenValidity, accessTokenValidity,
                withIdToken, List.of());
    }

    /** An ID token only with {@code openid}, with this {@code amr}. */
    public TokenGrant(String poolId, String clientId, Set<String> scopes, Instant authTime, String originJti,
                      String eventId, String nonce, Duration idTokenValidity, Duration accessTokenValidity,
                      List<String> amr) {
        this(poolId, clientId, scopes, authTime, originJti, eventId, nonce, idTokenValidity, accessTokenValidity,
                scopes.contains("openid"), amr);
    }

    public boolean includesIdToken() {
        return withIdToken;
    }
}
