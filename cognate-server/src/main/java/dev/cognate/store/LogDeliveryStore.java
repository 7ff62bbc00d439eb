package dev.cognate.store;

import dev.cognate.pools.LogConfiguration;
import java.util.List;

/** The log destinations of each pool; deleting the pool deletes them. */
public interface LogDeliveryStore {
    /** The pool's destinations, empty when none were set. */
    List<LogConfiguration> find(String poolId);

    /** Replaces the destinations of a pool, which must exist. */
    void put(String poolId, List<LogConfiguration> configurations);
}
