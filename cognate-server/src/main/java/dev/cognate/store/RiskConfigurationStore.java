package dev.cognate.store;

import dev.cognate.pools.RiskConfiguration;
import java.util.Optional;

/** Risk configurations by pool and client id ({@code ALL} for the pool's); deleting the pool deletes them. */
public interface RiskConfigurationStore {
    Optional<RiskConfiguration> find(String poolId, String clientId);

    /** Inserts or replaces the configuration of its pool and client; the pool must exist. */
    void put(RiskConfiguration configuration);

    void delete(String poolId, String clientId);
}
