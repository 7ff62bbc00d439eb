package dev.cognate.store.jdbc;

import dev.cognate.store.SrpVerifierStore;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

public final class JdbcSrpVerifierStore implements SrpVerifierStore {
    private final Jdbi jdbi;

    public JdbcSrpVerifierStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void put(String poolId, String username, String sealed) {
        // Upsert in the syntax both dialects share; the SELECT skips a user deleted meanwhile.
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO srp_verifiers (pool_id, username, sealed)
                        SELECT pool_id, username, :sealed FROM users WHERE pool_id = :pool AND username = :username
                        ON CONFLICT (pool_id, username) DO UPDATE SET sealed = excluded.sealed""")
                .bind("pool", poolId)
                .bind("username", username)
                .bind("sealed", sealed)
                .execute());
    }

    @Override
    public Optional<String> find(String poolId, String username) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT sealed FROM srp_verifiers WHERE pool_id = :pool AND username = :username")
                .bind("pool", poolId)
                .bind("username", username)
                .mapTo(String.class)
                .findOne());
    }
}
