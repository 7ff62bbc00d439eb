package dev.cognate.store.jdbc;

import dev.cognate.store.DuplicateKeyException;
import dev.cognate.store.SoftwareTokenStore;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

public final class JdbcSoftwareTokenStore implements SoftwareTokenStore {
    private final Jdbi jdbi;

    public JdbcSoftwareTokenStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<SoftwareToken> find(String poolId, String username) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT secret, pending_secret, enabled, preferred, last_step FROM user_software_tokens
                        WHERE pool_id = :pool AND username = :username""")
                .bind("pool", poolId)
                .bind("username", username)
                .map((rs, ctx) -> new SoftwareToken(rs.getString("secret"), rs.getString("pending_secret"),
                        rs.getInt("enabled") != 0, rs.getInt("preferred") != 0,
                        rs.getObject("last_step") == null ? null : rs.getLong("last_step")))
                .findOne());
    }

    @Override
    public void associate(String poolId, String username, String sealedPendingSecret) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO user_software_tokens (pool_id, username, pending_secret, enabled, preferred)
                        SELECT pool_id, username, :pending, 0, 0 FROM users WHERE pool_id = :pool AND username = :username
                        ON CONFLICT (pool_id, username) DO UPDATE SET pending_secret = excluded.pending_secret""")
                .bind("pool", poolId)
                .bind("username", username)
                .bind("pending", sealedPendingSecret)
                .execute());
    }

    @Override
    public boolean confirm(String poolId, String username, String sealedPendingSecret) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE user_software_tokens SET secret = pending_secret, pending_secret = NULL
                        WHERE pool_id = :pool AND username = :username AND pending_secret = :pending""")
                .bind("pool", poolId)
                .bind("username", username)
                .bind("pending", sealedPendingSecret)
                .execute()) == 1;
    }

    @Override
    public void setPreference(String poolId, String username, boolean enabled, boolean preferred) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE user_software_tokens SET enabled = :enabled, preferred = :preferred
                        WHERE pool_id = :pool AND username = :username""")
                .bind("pool", poolId)
                .bind("username", username)
                .bind("enabled", enabled ? 1 : 0)
                .bind("preferred", preferred ? 1 : 0)
                .execute());
    }

    @Override
    public boolean useStep(String poolId, String username, long step) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE user_software_tokens SET last_step = :step
                        WHERE pool_id = :pool AND username = :username AND (last_step IS NULL OR last_step < :step)""")
                .bind("pool", poolId)
                .bind("username", username)
                .bind("step", step)
                .execute()) == 1;
    }

    @Override
    public boolean useSession(String sessionHash, Instant expiresAt) {
        try {
            Sql.insert(() -> jdbi.useHandle(h -> h.createUpdate(
                            "INSERT INTO used_mfa_sessions (session_hash, expires_at) VALUES (:hash, :expires)")
                    .bind("hash", sessionHash)
                    .bind("expires", expiresAt.toEpochMilli())
                    .execute()));
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    @Override
    public boolean sessionUsed(String sessionHash) {
        return jdbi.withHandle(h -> h.createQuery("SELECT 1 FROM used_mfa_sessions WHERE session_hash = :hash")
                .bind("hash", sessionHash)
                .mapTo(Integer.class)
                .findOne()
                .isPresent());
    }

    @Override
    public boolean delete(String poolId, String username) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "DELETE FROM user_software_tokens WHERE pool_id = :pool AND username = :username")
                .bind("pool", poolId)
                .bind("username", username)
                .execute()) == 1;
    }

    @Override
    public int purgeUsedSessions(Instant before) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM used_mfa_sessions WHERE expires_at < :before")
                .bind("before", before.toEpochMilli())
                .execute());
    }
}
