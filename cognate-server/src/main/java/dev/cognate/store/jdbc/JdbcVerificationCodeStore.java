package dev.cognate.store.jdbc;

import dev.cognate.store.VerificationCodeStore;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

public final class JdbcVerificationCodeStore implements VerificationCodeStore {
    private final Jdbi jdbi;

    public JdbcVerificationCodeStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<StoredCode> find(String poolId, String username, String purpose) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT pool_id, username, purpose, code_hash, attribute, attempts, sends, window_start, expires_at,
                               pending_value
                        FROM verification_codes WHERE pool_id = :pool AND username = :username AND purpose = :purpose""")
                .bind("pool", poolId)
                .bind("username", username)
                .bind("purpose", purpose)
                .map((rs, ctx) -> new StoredCode(rs.getString("pool_id"), rs.getString("username"), rs.getString("purpose"),
                        rs.getString("code_hash"), rs.getString("attribute"), rs.getInt("attempts"), rs.getInt("sends"),
                        Instant.ofEpochMilli(rs.getLong("window_start")), Instant.ofEpochMilli(rs.getLong("expires_at")),
                        rs.getString("pending_value")))
                .findOne());
    }

    @Override
    public void save(StoredCode c) {
        // Upsert: the same syntax on SQLite and PostgreSQL.
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO verification_codes
                            (pool_id, username, purpose, code_hash, attribute, attempts, sends, window_start, expires_at,
                             pending_value)
                        VALUES (:pool, :username, :purpose, :hash, :attribute, :attempts, :sends, :window, :expires,
                                :pending)
                        ON CONFLICT (pool_id, username, purpose) DO UPDATE
                        SET code_hash = :hash, attribute = :attribute, attempts = :attempts, sends = :sends,
                            window_start = :window, expires_at = :expires, pending_value = :pending""")
                .bind("pool", c.poolId())
                .bind("username", c.username())
                .bind("purpose", c.purpose())
                .bind("hash", c.codeHash())
                .bind("attribute", c.attribute())
                .bind("attempts", c.attempts())
                .bind("sends", c.sends())
                .bind("window", c.windowStart().toEpochMilli())
                .bind("expires", c.expiresAt().toEpochMilli())
                .bind("pending", c.pendingValue())
                .execute());
    }

    @Override
    public boolean reserveAttempt(String poolId, String username, String purpose, int maxAttempts) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE verification_codes SET attempts = attempts + 1
                        WHERE pool_id = :pool AND username = :username AND purpose = :purpose AND attempts < :max""")
                .bind("pool", poolId)
                .bind("username", username)
                .bind("purpose", purpose)
                .bind("max", maxAttempts)
                .execute()) == 1;
    }

    @Override
    public boolean consume(String poolId, String username, String purpose, String codeHash) {
        // the row stays (expired, no hash) with its sends: a used code must not reset the send limit
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE verification_codes SET code_hash = '', expires_at = 0, pending_value = NULL
                        WHERE pool_id = :pool AND username = :username AND purpose = :purpose AND code_hash = :hash
                          AND code_hash <> ''""")
                .bind("pool", poolId)
                .bind("username", username)
                .bind("purpose", purpose)
                .bind("hash", codeHash)
                .execute()) == 1;
    }

    @Override
    public int purgeExpired(Instant before) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        DELETE FROM verification_codes WHERE expires_at < :before AND window_start < :windowEnded""")
                .bind("before", before.toEpochMilli())
                .bind("windowEnded", before.minus(SEND_WINDOW).toEpochMilli())
                .execute());
    }
}
