package dev.cognate.store;

import dev.cognate.pools.Terms;
import java.util.Optional;

/** Terms by (pool, terms id); a client has at most one of each name. Deleting the pool deletes them. */
public interface TermsStore {
    /** @throws DuplicateKeyException when the client already has terms of this name */
    void insert(Terms terms);

    Optional<Terms> find(String poolId, String termsId);

    Optional<Terms> findByClient(String poolId, String clientId, String termsName);

    /**
     * @return false when the terms do not exist
     * @throws DuplicateKeyException when the new name is taken by other terms of the client
     */
    boolean update(Terms terms);

    /** @return false when the terms do not exist */
    boolean delete(String poolId, String termsId);

    /** The pool's terms ordered by id, starting after {@code after} (null for the first page). */
    Page<Terms> list(String poolId, String after, int limit);
}
