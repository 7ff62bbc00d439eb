package dev.cognate.store.jdbc;

import dev.cognate.store.MfaPreferenceStore;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The preferences of one factor, in its own table of (pool_id, username, enabled, preferred). */
public final class JdbcMfaPreferenceStore implements MfaPreferenceStore {
    /** The factors with a preference table. */
    public enum Factor {
        EMAIL("user_email_mfa"), SMS("user_sms_mfa");

        private final String table;

        Factor(String table) {
            this.table = table;
        }
    }

    private final Jdbi jdbi;
    private final String table;

    public JdbcMfaPreferenceStore(Jdbi jdbi, Factor factor) {
        this.jdbi = jdbi;
        this.table = factor.table;
    }

    @Override
    public Optional<Preference> find(String poolId, String username) {
        return jdbi.withHandle(h -> h.createQuery("SELECT enabled, preferred FROM " + table
                        + " WHERE pool_id = :pool AND username = :username")
                .bind("pool", poolId)
                .bind("username", username)
                .map((rs, ctx) -> new Preference(rs.getInt("enabled") != 0, rs.getInt("preferred") != 0))
                .findOne());
    }

    @Override
    public void set(String poolId, String username, boolean enabled, boolean preferred) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO " + table + " (pool_id, username, enabled, preferred)"
                        + " SELECT pool_id, username, :enabled, :preferred FROM users WHERE pool_id = :pool AND username = :username"
                        + " ON CONFLICT (pool_id, username) DO UPDATE SET enabled = excluded.enabled, preferred = excluded.preferred")
                .bind("pool", poolId)
                .bind("username", username)
                .bind("enabled", enabled ? 1 : 0)
                .bind("preferred", preferred ? 1 : 0)
                .execute());
    }
}
