package dev.cognate.store;

import java.util.Optional;

/**
 * The sealed SRP verifier of each user (one per user, replaced when the password changes).
 * Deleting the user deletes it.
 */
public interface SrpVerifierStore {
    /** Keeps {@code sealed} as the user's verifier; nothing happens when the user does not exist. */
    void put(String poolId, String username, String sealed);

    Optional<String> find(String poolId, String username);
}
