package dev.cognate.store.jdbc;

import dev.cognate.pools.RiskConfiguration;
import dev.cognate.store.RiskConfigurationStore;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

public final class JdbcRiskConfigurationStore implements RiskConfigurationStore {
    private final Jdbi jdbi;

    public JdbcRiskConfigurationStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<RiskConfiguration> find(String poolId, String clientId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT doc FROM risk_configurations WHERE pool_id = :pool AND client_id = :client")
                .bind("pool", poolId)
                .bind("client", clientId)
                .mapTo(String.class)
                .findOne()
                .map(doc -> Docs.read(doc, RiskConfiguration.class)));
    }

    @Override
    public void put(RiskConfiguration configuration) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO risk_configurations (pool_id, client_id, doc) VALUES (:pool, :client, :doc)
                        ON CONFLICT (pool_id, client_id) DO UPDATE SET doc = excluded.doc""")
                .bind("pool", configuration.userPoolId())
                .bind("client", configuration.clientId())
                .bind("doc", Docs.write(configuration))
                .execute());
    }

    @Override
    public void delete(String poolId, String clientId) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM risk_configurations WHERE pool_id = :pool AND client_id = :client")
                .bind("pool", poolId)
                .bind("client", clientId)
                .execute());
    }
}
