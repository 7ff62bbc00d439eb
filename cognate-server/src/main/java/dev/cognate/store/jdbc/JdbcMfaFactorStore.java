package dev.cognate.store.jdbc;

import dev.cognate.pools.MfaFactors;
import dev.cognate.store.MfaFactorStore;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

public final class JdbcMfaFactorStore implements MfaFactorStore {
    private final Jdbi jdbi;

    public JdbcMfaFactorStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<MfaFactors> find(String poolId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT doc FROM pool_mfa_factors WHERE pool_id = :pool")
                .bind("pool", poolId)
                .mapTo(String.class)
                .findOne()
                .map(doc -> Docs.read(doc, MfaFactors.class)));
    }

    @Override
    public void put(String poolId, MfaFactors factors) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO pool_mfa_factors (pool_id, doc) VALUES (:pool, :doc)
                        ON CONFLICT (pool_id) DO UPDATE SET doc = excluded.doc""")
                .bind("pool", poolId)
                .bind("doc", Docs.write(factors))
                .execute());
    }
}
