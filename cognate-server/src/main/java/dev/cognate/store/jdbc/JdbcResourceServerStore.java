package dev.cognate.store.jdbc;

import dev.cognate.resourceservers.ResourceServer;
import dev.cognate.store.Page;
import dev.cognate.store.ResourceServerStore;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

public final class JdbcResourceServerStore implements ResourceServerStore {
    private final Jdbi jdbi;

    public JdbcResourceServerStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(ResourceServer server) {
        Sql.insert(() -> jdbi.useHandle(h -> h.createUpdate(
                        "INSERT INTO resource_servers (pool_id, identifier, name, doc) VALUES (:pool, :identifier, :name, :doc)")
                .bind("pool", server.userPoolId())
                .bind("identifier", server.identifier())
                .bind("name", server.name())
                .bind("doc", Docs.write(server))
                .execute()));
    }

    @Override
    public Optional<ResourceServer> find(String poolId, String identifier) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT doc FROM resource_servers WHERE pool_id = :pool AND identifier = :identifier")
                .bind("pool", poolId)
                .bind("identifier", identifier)
                .mapTo(String.class)
                .findOne()
                .map(doc -> Docs.read(doc, ResourceServer.class)));
    }

    @Override
    public boolean update(ResourceServer server) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE resource_servers SET name = :name, doc = :doc "
                        + "WHERE pool_id = :pool AND identifier = :identifier")
                .bind("pool", server.userPoolId())
                .bind("identifier", server.identifier())
                .bind("name", server.name())
                .bind("doc", Docs.write(server))
                .execute()) == 1;
    }

    @Override
    public boolean delete(String poolId, String identifier) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "DELETE FROM resource_servers WHERE pool_id = :pool AND identifier = :identifier")
                .bind("pool", poolId)
                .bind("identifier", identifier)
                .execute()) == 1;
    }

    @Override
    public Page<ResourceServer> list(String poolId, String after, int limit) {
        List<ResourceServer> found = jdbi.withHandle(h -> h.createQuery("SELECT doc FROM resource_servers "
                        + "WHERE pool_id = :pool AND identifier > :after ORDER BY identifier LIMIT :limit")
                .bind("pool", poolId)
                .bind("after", after == null ? "" : after)
                .bind("limit", limit + 1)
                .mapTo(String.class)
                .map(doc -> Docs.read(doc, ResourceServer.class))
                .list());
        return Pages.of(found, limit, ResourceServer::identifier);
    }
}
