package dev.cognate.store;

import dev.cognate.pools.UserPool;
import java.util.Optional;

/** User pools. Deleting a pool deletes everything that belongs to it. */
public interface UserPoolStore {
    /** @throws DuplicateKeyException when a pool with this id exists */
    void insert(UserPool pool);

    Optional<UserPool> find(String poolId);

    /** @return false when the pool does not exist */
    boolean update(UserPool pool);

    /** @return false when the pool does not exist */
    boolean delete(String poolId);

    /**
     * The pools of one region (the part of their ids before the underscore), ordered by id,
     * starting after {@code after} (null for the first page).
     */
    Page<UserPool> list(String region, String after, int limit);
}
