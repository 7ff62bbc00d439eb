package dev.cognate.authn;

import dev.cognate.crypto.KeyedHash;
import dev.cognate.store.SignInFailureStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Slows password guessing down, per user and per source address (security.md, "Brute
 * force"). After a few free failures each further one doubles the wait, up to 15 minutes,
 * as Cognito does; a success clears the user's count. Counts live in the store, so every
 * node throttles alike, keyed by a keyed hash of pool and username (or address): the store
 * never holds the names people tried, right or mistyped (a password typed in the username
 * field, say).
 */
public final class SignInThrottle {
    static final int FREE_FAILURES_PER_USER = 5;
    static final int FREE_FAILURES_PER_SOURCE = 20;
    static final Duration MAX_WAIT = Duration.ofMinutes(15);
    /** A count older than this is forgotten. */
    public static final Duration MEMORY = Duration.ofHours(1);
    /** Longer usernames and addresses are keyed by their hash (keys are at most 400 characters). */
    static final int MAX_KEY_PART = 200;
    /** The purpose the throttle's hash key is derived for (KeyedHash.derive). */
    public static final String HASH_PURPOSE = "sign-in throttle";

    private final SignInFailureStore failures;
    private final KeyedHash keyedHash;
    private final Clock clock;

    public SignInThrottle(SignInFailureStore failures, KeyedHash keyedHash, Clock clock) {
        this.failures = failures;
        this.keyedHash = keyedHash;
        this.clock = clock;
    }

    /** How long the caller must still wait before another attempt, if at all. */
    public Optional<Duration> waitBefore(String poolId, String usernameKey, String source) {
        Instant now = clock.instant();
        Duration wait = longer(remaining(userKey(poolId, usernameKey), FREE_FAILURES_PER_USER, now),
                remaining(sourceKey(poolId, source), FREE_FAILURES_PER_SOURCE, now));
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    public void failed(String poolId, String usernameKey, String source) {
        Instant now = clock.instant();
        failures.recordFailure(userKey(poolId, usernameKey), now);
        if (source != null) {
            failures.recordFailure(sourceKey(poolId, source), now);
        }
    }

    public void succeeded(String poolId, String usernameKey) {
        failures.reset(userKey(poolId, usernameKey));
    }

    private Duration remaining(String key, int free, Instant now) {
        if (key == null) {
            return Duration.ZERO;
        }
        return failures.find(key).map(f -> {
            if (f.last().plus(MEMORY).isBefore(now) || f.count() < free) {
                return Duration.ZERO;
            }
            int excess = Math.min(f.count() - free, 20);
            Duration lockout = Duration.ofSeconds(1L << excess);
            if (lockout.compareTo(MAX_WAIT) > 0) {
                lockout = MAX_WAIT;
            }
            Duration left = Duration.between(now, f.last().plus(lockout));
            return left.isNegative() ? Duration.ZERO : left;
        }).orElse(Duration.ZERO);
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    // NUL separates the parts: it is in no pool id, so ("a", "b\0c") and ("a\0b", "c") differ.
    private String userKey(String poolId, String usernameKey) {
        return "user:" + keyedHash.of(poolId + "\0" + usernameKey);
    }

    private String sourceKey(String poolId, String source) {
        return source == null ? null : "source:" + keyedHash.of(poolId + "\0" + source);
    }
}
