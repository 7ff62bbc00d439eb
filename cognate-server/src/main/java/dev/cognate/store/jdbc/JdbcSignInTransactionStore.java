package dev.cognate.store.jdbc;

import dev.cognate.crypto.SecretBox;
import dev.cognate.store.SignInTransaction;
import dev.cognate.store.SignInTransactionStore;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

public final class JdbcSignInTransactionStore implements SignInTransactionStore {
    private final Jdbi jdbi;
    private final SecretBox secretBox;

    public JdbcSignInTransactionStore(Jdbi jdbi, SecretBox secretBox) {
        this.jdbi = jdbi;
        this.secretBox = secretBox;
    }

    @Override
    public void create(String idHash, SignInTransaction t) {
        Sql.insert(() -> jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO sign_in_transactions (id_hash, pool_id, version, doc, created_at, expires_at)
                        VALUES (:hash, :pool, 0, :doc, :created, :expires)""")
                .bind("hash", idHash)
                .bind("pool", t.poolId())
                .bind("doc", seal(idHash, t))
                .bind("created", t.createdAt().toEpochMilli())
                .bind("expires", t.expiresAt().toEpochMilli())
                .execute()));
    }

    @Override
    public Optional<Versioned> findOpen(String idHash, Instant now) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT version, doc FROM sign_in_transactions
                        WHERE id_hash = :hash AND finished_at IS NULL AND expires_at > :now""")
                .bind("hash", idHash)
                .bind("now", now.toEpochMilli())
                .map((rs, ctx) -> new Versioned(idHash, rs.getInt("version"), open(idHash, rs.getString("doc"))))
                .findOne());
    }

    @Override
    public boolean advance(Versioned expected, SignInTransaction next, String upstreamStateHash) {
        return Sql.insert(() -> jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE sign_in_transactions
                        SET version = version + 1, doc = :doc, upstream_state_hash = :upstream, upstream_provider = :provider
                        WHERE id_hash = :hash AND version = :version AND finished_at IS NULL""")
                .bind("hash", expected.idHash())
                .bind("version", expected.version())
                .bind("doc", seal(expected.idHash(), next))
                .bind("upstream", upstreamStateHash)
                .bind("provider", upstreamStateHash == null ? null : next.step().providerName())
                .execute() == 1));
    }

    @Override
    public UpstreamAnswer consumeUpstream(String upstreamStateHash, Instant now) {
        record Row(String idHash, String poolId, String provider, int version, String doc) {}
        RowMapper<Row> rows = (rs, ctx) -> new Row(rs.getString("id_hash"), rs.getString("pool_id"),
                rs.getString("upstream_provider"), rs.getInt("version"), rs.getString("doc"));
        return jdbi.withHandle(h -> {
            // The conditional UPDATE is the single-use decision: the database lets one caller through,
            // and hands the winner its transaction in the same statement.
            Optional<Row> won = h.createQuery("""
                            UPDATE sign_in_transactions SET upstream_consumed_at = :now
                            WHERE upstream_state_hash = :state AND upstream_consumed_at IS NULL AND finished_at IS NULL
                            RETURNING id_hash, pool_id, upstream_provider, version, doc""")
                    .bind("state", upstreamStateHash)
                    .bind("now", now.toEpochMilli())
                    .map(rows)
                    .findOne();
            if (won.isPresent()) {
                return new UpstreamAnswer.Consumed(new Versioned(won.get().idHash(), won.get().version(),
                        open(won.get().idHash(), won.get().doc())));
            }
            Optional<Row> row = h.createQuery("""
                            SELECT id_hash, pool_id, upstream_provider, version, doc FROM sign_in_transactions
                            WHERE upstream_state_hash = :state""")
                    .bind("state", upstreamStateHash)
                    .map(rows)
                    .findOne();
            return row.<UpstreamAnswer>map(r -> new UpstreamAnswer.Replayed(r.poolId(), r.provider()))
                    .orElseGet(UpstreamAnswer.Unknown::new);
        });
    }

    @Override
    public boolean finish(Versioned expected, Instant now) {
        return jdbi.withHandle(h -> finish(h, expected, now));
    }

    private static boolean finish(Handle h, Versioned expected, Instant now) {
        return h.createUpdate("""
                        UPDATE sign_in_transactions SET finished_at = :now
                        WHERE id_hash = :hash AND version = :version AND finished_at IS NULL AND expires_at > :now""")
                .bind("hash", expected.idHash())
                .bind("version", expected.version())
                .bind("now", now.toEpochMilli())
                .execute() == 1;
    }

    @Override
    public int purgeExpired(Instant before) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM sign_in_transactions WHERE expires_at < :before")
                .bind("before", before.toEpochMilli())
                .execute());
    }

    private String seal(String idHash, SignInTransaction t) {
        return secretBox.seal(Docs.write(t), context(idHash));
    }

    private SignInTransaction open(String idHash, String doc) {
        return Docs.read(secretBox.open(doc, context(idHash)), SignInTransaction.class);
    }

    private static String context(String idHash) {
        return "sign-in-transaction:" + idHash;
    }
}
