package dev.cognate.store;

import java.time.Instant;
import java.util.Optional;

/**
 * The one live code per user and purpose (sign-up, password reset, attribute verification),
 * as a keyed hash. A code is used at most once across every node: {@link #consume} is a
 * conditional update, and guesses are counted by {@link #reserveAttempt} before comparing. A used
 * code's row stays (expired, its hash cleared) while its send window is open, so that using a
 * code does not reset how many were sent.
 */
public interface VerificationCodeStore {
    /** How long the sends to a user are counted from the first: at most so many codes an hour. */
    java.time.Duration SEND_WINDOW = java.time.Duration.ofHours(1);

    /**
     * @param attribute the attribute the code was sent to (email, phone_number), or null
     * @param sends codes sent to this user for this purpose since {@code windowStart}
     * @param pendingValue the new value of {@code attribute} that the code was sent to and that
     *                     takes effect when it comes back, or null when the code verifies the current one
     */
    record StoredCode(String poolId, String username, String purpose, String codeHash, String attribute,
                      int attempts, int sends, Instant windowStart, Instant expiresAt, String pendingValue) {
        @Override
        public String toString() {
            return "StoredCode[poolId=" + poolId + ", username=" + username + ", purpose=" + purpose + "]";
        }
    }

    Optional<StoredCode> find(String poolId, String username, String purpose);

    /** Replaces the user's code for this purpose. @throws RuntimeException when the user does not exist */
    void save(StoredCode code);

    /** Counts one guess unless {@code maxAttempts} are used up. @return false when they are (or there is no code) */
    boolean reserveAttempt(String poolId, String username, String purpose, int maxAttempts);

    /** Uses the code up (expired, hash cleared, the sends kept) if it still has this hash. @return true for exactly one caller */
    boolean consume(String poolId, String username, String purpose, String codeHash);

    /** Forgets codes that expired before {@code before} and whose send window had ended by then. */
    int purgeExpired(Instant before);
}
