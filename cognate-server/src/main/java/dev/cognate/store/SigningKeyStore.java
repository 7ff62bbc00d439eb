package dev.cognate.store;

import dev.cognate.store.SigningKey;
import java.time.Instant;
import java.util.List;

/** Pools' signing keys; private halves are sealed by the implementation, never stored in clear. */
public interface SigningKeyStore {
    void insert(SigningKey key);

    /** Every key of the pool (active and retired), oldest first. */
    List<SigningKey> forPool(String poolId);

    /** Marks the pool's active keys retired at {@code at}; returns how many were. */
    int retireActive(String poolId, Instant at);

    /** Forgets keys retired before {@code before} (their tokens have all expired). */
    int deleteRetiredBefore(Instant before);
}
