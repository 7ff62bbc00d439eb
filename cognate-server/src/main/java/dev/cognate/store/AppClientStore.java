package dev.cognate.store;

import dev.cognate.clients.AppClient;
import dev.cognate.clients.ClientSecret;
import java.util.List;
import java.util.function.UnaryOperator;
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

    /**
     * Replaces the client's settings, not its secrets (which only {@link #changeSecrets} changes);
     * @return false when the client does not exist in its pool
     */
    boolean update(AppClient client);

    /**
     * Replaces the client's secrets with what {@code change} makes of the current ones (it may
     * throw to refuse), atomically against any other change of them.
     * @return the client as it is after, empty when it does not exist in this pool
     */
    Optional<AppClient> changeSecrets(String poolId, String clientId, UnaryOperator<List<ClientSecret>> change);

    /** @return false when the client does not exist in this pool */
    boolean delete(String poolId, String clientId);

    /** The pool's clients ordered by id, starting after {@code after} (null for the first page). */
    Page<AppClient> list(String poolId, String after, int limit);
}
