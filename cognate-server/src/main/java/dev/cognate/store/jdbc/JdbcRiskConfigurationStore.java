package dev.cognate.store.jdbc;

import dev.cognate.pools.RiskConfiguration;
import dev.cognate.store.RiskConfigurationStore;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

public final class JdbcRiskConfigurationStore implements RiskConfigurationStore {
    private final ClientDocs<RiskConfiguration> docs;

    public JdbcRiskConfigurationStore(Jdbi jdbi) {
        this.docs = new ClientDocs<>(jdbi, "risk_configurations", RiskConfiguration.class);
    }

    @Override
    public Optional<RiskConfiguration> find(String poolId, String clientId) {
        return docs.find(poolId, clientId);
    }

    @Override
    public void put(RiskConfiguration configuration) {
        docs.put(configuration.userPoolId(), configuration.clientId(), configuration);
    }

    @Override
    public void delete(String poolId, String clientId) {
        docs.delete(poolId, clientId);
    }
}
