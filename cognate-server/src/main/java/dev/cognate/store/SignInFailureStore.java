package dev.cognate.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Counts of consecutive failed sign-ins, by throttle key: a keyed hash naming a user or a
 * source address, never the plain name (SignInThrottle).
 */
public interface SignInFailureStore {
    record Failures(int count, Instant last) {}

    Optional<Failures> find(String key);

    /** Adds one failure atomically (any node may record one at the same time). */
    void recordFailure(String key, Instant at);

    void reset(String key);

    /** Forgets failures last seen before {@code before}. */
    int purgeOlderThan(Instant before);
}
