package dev.cognate.store;

import dev.cognate.pools.MfaFactors;
import java.util.Optional;

/** The MFA factors of each pool; deleting the pool deletes them. */
public interface MfaFactorStore {
    Optional<MfaFactors> find(String poolId);

    /** Replaces the factors of a pool, which must exist. */
    void put(String poolId, MfaFactors factors);
}
