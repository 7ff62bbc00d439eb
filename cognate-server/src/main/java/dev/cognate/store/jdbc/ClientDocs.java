package dev.cognate.store.jdbc;

import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * A table of one stored document per app client of a pool, or for the whole pool under client id
 * {@code ALL}: {@code (pool_id, client_id, doc)}.
 */
final class ClientDocs<T> {
    private final Jdbi jdbi;
    private final String table;
    private final Class<T> type;

    ClientDocs(Jdbi jdbi, String table, Class<T> type) {
        this.jdbi = jdbi;
        this.table = table;
        this.type = type;
    }

    Optional<T> find(String poolId, String clientId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT doc FROM " + table + " WHERE pool_id = :pool AND client_id = :client")
                .bind("pool", poolId)
                .bind("client", clientId)
                .mapTo(String.class)
                .findOne()
                .map(doc -> Docs.read(doc, type)));
    }

    /** Inserts the document, or replaces the one the client has. */
    void put(String poolId, String clientId, T doc) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO " + table + " (pool_id, client_id, doc) VALUES (:pool, :client, :doc)"
                        + " ON CONFLICT (pool_id, client_id) DO UPDATE SET doc = excluded.doc")
                .bind("pool", poolId)
                .bind("client", clientId)
                .bind("doc", Docs.write(doc))
                .execute());
    }

    void delete(String poolId, String clientId) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM " + table + " WHERE pool_id = :pool AND client_id = :client")
                .bind("pool", poolId)
                .bind("client", clientId)
                .execute());
    }
}
