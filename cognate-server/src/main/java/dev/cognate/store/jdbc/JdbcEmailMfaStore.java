package dev.cognate.store.jdbc;

import dev.cognate.store.EmailMfaStore;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

public final class JdbcEmailMfaStore implements EmailMfaStore {
    private final Jdbi jdbi;

    public JdbcEmailMfaStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<EmailMfa> find(String poolId, String username) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT enabled, preferred FROM user_email_mfa WHERE pool_id = :pool AND username = :username""")
                .bind("pool", poolId)
                .bind("username", username)
                .map((rs, ctx) -> new EmailMfa(rs.getInt("enabled") != 0, rs.getInt("preferred") != 0))
                .findOne());
    }

    @Override
    public void set(String poolId, String username, boolean enabled, boolean preferred) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO user_email_mfa (pool_id, username, enabled, preferred)
                        SELECT pool_id, username, :enabled, :preferred FROM users WHERE pool_id = :pool AND username = :username
                        ON CONFLICT (pool_id, username) DO UPDATE SET enabled = excluded.enabled, preferred = excluded.preferred""")
                .bind("pool", poolId)
                .bind("username", username)
                .bind("enabled", enabled ? 1 : 0)
                .bind("preferred", preferred ? 1 : 0)
                .execute());
    }
}
