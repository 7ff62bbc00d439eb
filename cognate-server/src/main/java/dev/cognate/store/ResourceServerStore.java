package dev.cognate.store;

import dev.cognate.resourceservers.ResourceServer;
import java.util.ArrayList;
import java.util.List;
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

    /** Every custom scope of the pool, as {@code <identifier>/<scope>}. */
    default List<String> scopesOf(String poolId) {
        List<String> scopes = new ArrayList<>();
        String after = null;
        do {
            Page<ResourceServer> page = list(poolId, after, 50);
            page.items().forEach(server -> server.scopes().forEach(
                    scope -> scopes.add(server.identifier() + "/" + scope.scopeName())));
            after = page.next();
        } while (after != null);
        return scopes;
    }
}
