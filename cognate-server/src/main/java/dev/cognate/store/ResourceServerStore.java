package dev.cognate.store;

import dev.cognate.resourceservers.ResourceServer;
import java.util.Optional;

/** Resource servers, identified by (pool, identifier). */
public interface ResourceServerStore {
    /** @throws DuplicateKeyException when the pool has a resource server with this identifier */
    void insert(ResourceServer server);

    Optional<ResourceServer> find(String poolId, String identifier);

    /** @return false when the resource server does not exist */
    boolean update(ResourceServer server);

    /** @return false when the resource server does not exist */
    boolean delete(String poolId, String identifier);

    /** The pool's resource servers ordered by identifier, starting after {@code after} (null for the first page). */
    Page<ResourceServer> list(String poolId, String after, int limit);
}
