package dev.cognate.store;

import java.time.Instant;

/**
 * An authentication event of a pool that no user of it can be held to: a sign-in (or a code
 * resend) naming someone the pool does not have, or a sign-in through an upstream IdP that
 * failed before any user was known. Always a {@code Fail}. Never the name that was typed (people
 * type passwords into it): at most its keyed hash, so that attempts on one name correlate.
 *
 * @param provider     {@code Cognito}, or the upstream IdP's name
 * @param reason       a short code of why it failed ({@link #USER_NOT_FOUND}, {@link #THROTTLED}, or the
 *                     federation's: {@code IdpError}, {@code InvalidIdToken}, {@code StateReplayed}...)
 * @param usernameHash the typed name's keyed hash (base64url HMAC-SHA256 under a key derived from the
 *                     master key), or null when no name was typed or the node keeps none
 */
public record PoolAuthEvent(String id, Instant occurredAt, String poolId, String clientId, String provider,
                            AuthEvent.Type type, AuthEvent.Response response, String reason, String usernameHash,
                            String sourceAddress, String userAgent) {
    /** The name is no user of the pool. */
    public static final String USER_NOT_FOUND = "UserNotFound";
    /** The name is no user of the pool, and the attempt came while its source was throttled. */
    public static final String THROTTLED = "Throttled";
}
