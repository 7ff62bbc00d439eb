package dev.cognate.store;

import dev.cognate.pools.UserPool;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** User pools. Deleting a pool deletes everything that belongs to it. */
public interface UserPoolStore {
    /** @throws DuplicateKeyException when a pool with this id exists */
    void insert(UserPool pool);

    Optional<UserPool> find(String poolId);

    /**
     * Applies {@code change} to the pool as stored now and writes its result only if nobody wrote
     * the pool meanwhile; when somebody did, it is applied again to the newer pool. So changes of
     * different parts of one pool (UpdateUserPool, SetUserPoolMfaConfig, TagResource,
     * AddCustomAttributes), on one node or several, never undo each other. {@code change} may run
     * more than once and must do nothing but compute; what it throws is thrown, nothing written.
     * It returns the pool it was given to write nothing.
     *
     * @return the pool as now stored, or empty when there is no such pool
     * @throws ConcurrentChangeException when other writers won every attempt
     */
    Optional<UserPool> change(String poolId, UnaryOperator<UserPool> change);

    /** @return false when the pool does not exist */
    default boolean delete(String poolId) {
        return delete(poolId, pool -> { });
    }

    /**
     * Deletes the pool unless {@code check}, given the pool as stored at that moment (never an
     * older copy), throws: a pool whose deletion protection was turned on a moment ago, on any
     * node, is not deleted. Compare-and-set as {@link #change}.
     *
     * @return false when the pool does not exist
     * @throws ConcurrentChangeException when other writers won every attempt
     */
    boolean delete(String poolId, Consumer<UserPool> check);

    /**
     * The pools of one region (the part of their ids before the underscore), ordered by id,
     * starting after {@code after} (null for the first page).
     */
    Page<UserPool> list(String region, String after, int limit);
}
