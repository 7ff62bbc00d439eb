package dev.cognate.store.jdbc;

import dev.cognate.crypto.SecretBox;
import dev.cognate.federation.UpstreamState;
import dev.cognate.store.FederationStateStore;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

public final class JdbcFederationStateStore implements FederationStateStore {
    private final Jdbi jdbi;
    private final SecretBox secretBox;

    public JdbcFederationStateStore(Jdbi jdbi, SecretBox secretBox) {
        this.jdbi = jdbi;
        this.secretBox = secretBox;
    }

    @Override
    public void save(String stateHash, UpstreamState state) {
        Sql.insert(() -> jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO federation_states (state_hash, pool_id, provider_name, doc, created_at, expires_at)
                        VALUES (:hash, :pool, :provider, :doc, :created, :expires)""")
                .bind("hash", stateHash)
                .bind("pool", state.poolId())
                .bind("provider", state.providerName())
                .bind("doc", secretBox.seal(Docs.write(state), context(stateHash)))
                .bind("created", state.createdAt().toEpochMilli())
                .bind("expires", state.expiresAt().toEpochMilli())
                .execute()));
    }

    @Override
    public Consumption consume(String stateHash, Instant now) {
        return jdbi.inTransaction(h -> {
            // The conditional UPDATE is the single-use decision: the database lets one caller through.
            int won = h.createUpdate("UPDATE federation_states SET consumed_at = :now "
                            + "WHERE state_hash = :hash AND consumed_at IS NULL")
                    .bind("hash", stateHash)
                    .bind("now", now.toEpochMilli())
                    .execute();
            record Row(String poolId, String providerName, String doc, long createdAt, long expiresAt) {}
            Optional<Row> row = h.createQuery("SELECT pool_id, provider_name, doc, created_at, expires_at "
                            + "FROM federation_states WHERE state_hash = :hash")
                    .bind("hash", stateHash)
                    .map((rs, ctx) -> new Row(rs.getString("pool_id"), rs.getString("provider_name"),
                            rs.getString("doc"), rs.getLong("created_at"), rs.getLong("expires_at")))
                    .findOne();
            if (row.isEmpty()) {
                return new Consumption.Unknown();
            }
            if (won != 1) {
                return new Consumption.Replayed(row.get().poolId(), row.get().providerName());
            }
            UpstreamState state = Docs.read(secretBox.open(row.get().doc(), context(stateHash)), UpstreamState.class);
            // The columns decide the times (they are what purging and operators see).
            return new Consumption.Consumed(new UpstreamState(state.poolId(), state.providerName(),
                    state.browserBindingHash(), state.nonce(), state.codeVerifier(), state.pending(),
                    Instant.ofEpochMilli(row.get().createdAt()), Instant.ofEpochMilli(row.get().expiresAt())));
        });
    }

    @Override
    public int purgeExpired(Instant before) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM federation_states WHERE expires_at < :before")
                .bind("before", before.toEpochMilli())
                .execute());
    }

    private static String context(String stateHash) {
        return "federation-state:" + stateHash;
    }
}
