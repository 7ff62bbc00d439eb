package dev.cognate.store;

import dev.cognate.store.RefreshGrant;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Refresh tokens, kept as hashes, and the revocation of the sign-in events they come from. */
public interface RefreshTokenStore {
    void save(String tokenHash, RefreshGrant grant);

    /**
     * The grant of a token that exists, is unexpired and not revoked, nor is its sign-in event
     * (even when the token was saved after the event was revoked: a code replay can race its
     * first redemption).
     */
    Optional<RefreshGrant> findActive(String tokenHash, Instant now);

    /**
     * Rotates a refresh token, atomically (one transaction, the refresh's only write): the old
     * token stops working at once when {@code grace} is zero (single use across nodes: a second
     * rotation of it finds nothing to update), otherwise at {@code now + grace}; the new one,
     * of the same sign-in event, is saved.
     * @return false, and nothing saved, when the old token was no longer active
     */
    boolean rotate(String oldHash, Instant now, Duration grace, String newHash, RefreshGrant next);

    /** Revokes every refresh token of the sign-in event and marks the event revoked. */
    void revokeOrigin(String poolId, String originJti, Instant now);

    /** Revokes every refresh token of a user (global sign-out), marking their events revoked. */
    void revokeUser(String poolId, String username, Instant now);

    /**
     * Revokes the refresh tokens of a user that were handed out to one of their devices (the
     * device was forgotten). Their sign-in events' access tokens are left to expire.
     *
     * @return how many were revoked
     */
    int revokeDevice(String poolId, String username, String deviceKey, Instant now);

    boolean isOriginRevoked(String originJti);

    /** Forgets refresh tokens that expired before {@code before}. */
    int purgeExpired(Instant before);

    /** Forgets revoked sign-in events revoked before {@code before} (no access token of theirs is still valid). */
    int purgeRevokedOrigins(Instant before);
}
