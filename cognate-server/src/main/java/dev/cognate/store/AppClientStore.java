package dev.cognate.store;

import dev.cognate.clients.AppClient;
import java.util.Optional;

/**
 * App clients. Client ids are unique across all pools, so a client can be found by its id
 * alone (the OAuth endpoints know only the client id). Secrets are kept sealed at rest and
 * come back in clear in the returned records.
 */
public interface AppClientStore {
    /** @throws DuplicateKeyException when a client with this id exists (in any pool) */
    void insert(AppClient client);

    /** The client with this id in this pool. */
    Optional<AppClient> find(String poolId, String clientId);

    /** The client with this id, whichever pool it belongs to. */
    Optional<AppClient> find(String clientId);

    /** Replaces the client's settings and secret; @return false when the client does not exist in its pool */
    boolean update(AppClient client);

    /** @return false when the client does not exist in this pool */
    boolean delete(String poolId, String clientId);

    /** The pool's clients ordered by id, starting after {@code after} (null for the first page). */
    Page<AppClient> list(String poolId, String after, int limit);
}
