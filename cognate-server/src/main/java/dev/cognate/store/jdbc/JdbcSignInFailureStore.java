package dev.cognate.store.jdbc;

import dev.cognate.store.SignInFailureStore;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

public final class JdbcSignInFailureStore implements SignInFailureStore {
    private final Jdbi jdbi;

    public JdbcSignInFailureStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<Failures> find(String key) {
        return jdbi.withHandle(h -> h.createQuery("SELECT failures, last_failure FROM sign_in_failures WHERE key_hash = :k")
                .bind("k", key)
                .map((rs, ctx) -> new Failures(rs.getInt("failures"), Instant.ofEpochMilli(rs.getLong("last_failure"))))
                .findOne());
    }

    @Override
    public void recordFailure(String key, Instant at) {
        // Upsert: the same syntax on SQLite and PostgreSQL.
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO sign_in_failures (key_hash, failures, last_failure) VALUES (:k, 1, :at)
                        ON CONFLICT (key_hash) DO UPDATE
                        SET failures = sign_in_failures.failures + 1, last_failure = :at""")
                .bind("k", key)
                .bind("at", at.toEpochMilli())
                .execute());
    }

    @Override
    public void reset(String key) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM sign_in_failures WHERE key_hash = :k").bind("k", key).execute());
    }

    @Override
    public int purgeOlderThan(Instant before) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM sign_in_failures WHERE last_failure < :before")
                .bind("before", before.toEpochMilli())
                .execute());
    }
}
