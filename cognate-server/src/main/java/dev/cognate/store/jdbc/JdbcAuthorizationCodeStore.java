package dev.cognate.store.jdbc;

import dev.cognate.store.AuthorizationCode;
import dev.cognate.store.AuthorizationCodeStore;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

public final class JdbcAuthorizationCodeStore implements AuthorizationCodeStore {
    private final Jdbi jdbi;

    public JdbcAuthorizationCodeStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void save(String codeHash, AuthorizationCode code) {
        Sql.insert(() -> jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO authorization_codes (code_hash, pool_id, client_id, origin_jti, doc, expires_at)
                        VALUES (:hash, :pool, :client, :origin, :doc, :expires)""")
                .bind("hash", codeHash)
                .bind("pool", code.poolId())
                .bind("client", code.clientId())
                .bind("origin", code.originJti())
                .bind("doc", Docs.write(code))
                .bind("expires", code.expiresAt().toEpochMilli())
                .execute()));
    }

    @Override
    public Redemption redeem(String codeHash, Instant now) {
        return jdbi.withHandle(h -> {
            // The conditional UPDATE is the single-use decision: the database lets one caller through,
            // and hands the winner the code in the same statement.
            Optional<String> won = h.createQuery("""
                            UPDATE authorization_codes SET consumed_at = :now
                            WHERE code_hash = :hash AND consumed_at IS NULL AND expires_at > :now
                            RETURNING doc""")
                    .bind("hash", codeHash)
                    .bind("now", now.toEpochMilli())
                    .mapTo(String.class)
                    .findOne();
            if (won.isPresent()) {
                return new Redemption.Redeemed(Docs.read(won.get(), AuthorizationCode.class));
            }
            record Row(String poolId, String originJti, Long consumedAt) {}
            Optional<Row> row = h.createQuery(
                            "SELECT pool_id, origin_jti, consumed_at FROM authorization_codes WHERE code_hash = :hash")
                    .bind("hash", codeHash)
                    .map((rs, ctx) -> {
                        long consumed = rs.getLong("consumed_at");
                        Long consumedAt = rs.wasNull() ? null : consumed;
                        return new Row(rs.getString("pool_id"), rs.getString("origin_jti"), consumedAt);
                    })
                    .findOne();
            if (row.isPresent() && row.get().consumedAt() != null) {
                return new Redemption.Replayed(row.get().poolId(), row.get().originJti());
            }
            return new Redemption.Unknown();
        });
    }

    @Override
    public int purgeExpired(Instant before) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM authorization_codes WHERE expires_at < :before")
                .bind("before", before.toEpochMilli())
                .execute());
    }
}
