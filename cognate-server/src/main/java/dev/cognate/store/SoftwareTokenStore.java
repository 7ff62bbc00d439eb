package dev.cognate.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Each user's TOTP state (secrets sealed by the caller) and the MFA sessions already answered.
 * Accepting a time step and answering a session are atomic, so a code or a session is used once
 * across every node.
 */
public interface SoftwareTokenStore {
    /** A user's TOTP state; {@code secret} and {@code pendingSecret} are sealed, or null. */
    record SoftwareToken(String secret, String pendingSecret, boolean enabled, boolean preferred, Long lastStep) {}

    Optional<SoftwareToken> find(String poolId, String username);

    /** Keeps a secret being associated (replacing any earlier one); nothing happens when the user does not exist. */
    void associate(String poolId, String username, String sealedPendingSecret);

    /** The pending secret becomes the user's secret. @return false when {@code sealedPendingSecret} is no longer pending */
    boolean confirm(String poolId, String username, String sealedPendingSecret);

    void setPreference(String poolId, String username, boolean enabled, boolean preferred);

    /** Removes the user's token, verified or pending, and its preference. @return false when there was none */
    boolean delete(String poolId, String username);

    /** Records the time step of an accepted code. @return false when this step or a later one was accepted already */
    boolean useStep(String poolId, String username, long step);

    /** Marks a session answered. @return false when it was answered before */
    boolean useSession(String sessionHash, Instant expiresAt);

    /** Whether a session was answered already (a read only: {@link #useSession} is what makes it single use). */
    boolean sessionUsed(String sessionHash);

    int purgeUsedSessions(Instant before);
}
