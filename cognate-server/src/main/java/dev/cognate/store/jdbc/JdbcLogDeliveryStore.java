package dev.cognate.store.jdbc;

import dev.cognate.pools.LogConfiguration;
import dev.cognate.store.LogDeliveryStore;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

public final class JdbcLogDeliveryStore implements LogDeliveryStore {
    /** The stored document: the list in a record, so that it reads back typed. */
    record Destinations(List<LogConfiguration> logConfigurations) {}

    private final Jdbi jdbi;

    public JdbcLogDeliveryStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public List<LogConfiguration> find(String poolId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT doc FROM pool_log_delivery WHERE pool_id = :pool")
                .bind("pool", poolId)
                .mapTo(String.class)
                .findOne()
                .map(doc -> Docs.read(doc, Destinations.class).logConfigurations())
                .orElse(List.of()));
    }

    @Override
    public void put(String poolId, List<LogConfiguration> configurations) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO pool_log_delivery (pool_id, doc) VALUES (:pool, :doc)
                        ON CONFLICT (pool_id) DO UPDATE SET doc = excluded.doc""")
                .bind("pool", poolId)
                .bind("doc", Docs.write(new Destinations(List.copyOf(configurations))))
                .execute());
    }
}
