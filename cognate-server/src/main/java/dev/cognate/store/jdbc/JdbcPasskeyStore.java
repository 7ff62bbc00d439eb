package dev.cognate.store.jdbc;

import dev.cognate.store.Passkey;
import dev.cognate.store.PasskeyStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

public final class JdbcPasskeyStore implements PasskeyStore {
    private static final String COLUMNS = "pool_id, credential_id, username, sub, rp_id, attested, sign_count, name, "
            + "attachment, transports, created_at";

    private final Jdbi jdbi;

    public JdbcPasskeyStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public boolean add(Passkey p) {
        // The SELECT skips a user deleted meanwhile; ON CONFLICT leaves a credential registered already alone.
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO webauthn_credentials (" + COLUMNS + ") "
                        + "SELECT pool_id, :id, username, :sub, :rp, :attested, :count, :name, :attachment, :transports, "
                        + ":created FROM users WHERE pool_id = :pool AND username = :username AND sub = :sub "
                        + "ON CONFLICT (pool_id, credential_id) DO NOTHING")
                .bind("pool", p.poolId())
                .bind("id", p.credentialId())
                .bind("username", p.username())
                .bind("sub", p.sub())
                .bind("rp", p.rpId())
                .bind("attested", p.attested())
                .bind("count", p.signCount())
                .bind("name", p.name())
                .bind("attachment", p.attachment())
                .bind("transports", String.join(",", p.transports()))
                .bind("created", p.createdAt().toEpochMilli())
                .execute()) == 1;
    }

    @Override
    public Optional<Passkey> find(String poolId, String credentialId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM webauthn_credentials WHERE pool_id = :pool AND credential_id = :id")
                .bind("pool", poolId)
                .bind("id", credentialId)
                .map(JdbcPasskeyStore::passkey)
                .findOne());
    }

    @Override
    public List<Passkey> of(String poolId, String username, String sub) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM webauthn_credentials "
                        + "WHERE pool_id = :pool AND username = :username AND sub = :sub "
                        + "ORDER BY created_at, credential_id")
                .bind("pool", poolId)
                .bind("username", username)
                .bind("sub", sub)
                .map(JdbcPasskeyStore::passkey)
                .list());
    }

    @Override
    public boolean advance(String poolId, String credentialId, long signCount) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE webauthn_credentials SET sign_count = :count "
                        + "WHERE pool_id = :pool AND credential_id = :id "
                        + "AND (sign_count < :count OR (sign_count = 0 AND :count = 0))")
                .bind("pool", poolId)
                .bind("id", credentialId)
                .bind("count", signCount)
                .execute()) == 1;
    }

    @Override
    public boolean delete(String poolId, String credentialId, String sub) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM webauthn_credentials "
                        + "WHERE pool_id = :pool AND credential_id = :id AND sub = :sub")
                .bind("pool", poolId)
                .bind("id", credentialId)
                .bind("sub", sub)
                .execute()) == 1;
    }

    @Override
    public boolean mfaEnabled(String poolId, String username) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT enabled FROM user_passkey_mfa WHERE pool_id = :pool AND username = :username")
                .bind("pool", poolId)
                .bind("username", username)
                .mapTo(Integer.class)
                .findOne()
                .map(enabled -> enabled != 0)
                .orElse(false));
    }

    @Override
    public void setMfa(String poolId, String username, boolean enabled) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO user_passkey_mfa (pool_id, username, enabled)
                        SELECT pool_id, username, :enabled FROM users WHERE pool_id = :pool AND username = :username
                        ON CONFLICT (pool_id, username) DO UPDATE SET enabled = excluded.enabled""")
                .bind("pool", poolId)
                .bind("username", username)
                .bind("enabled", enabled ? 1 : 0)
                .execute());
    }

    private static Passkey passkey(ResultSet rs, StatementContext ctx) throws SQLException {
        String transports = rs.getString("transports");
        return new Passkey(rs.getString("pool_id"), rs.getString("credential_id"), rs.getString("username"),
                rs.getString("sub"), rs.getString("rp_id"), rs.getString("attested"), rs.getLong("sign_count"),
                rs.getString("name"), rs.getString("attachment"),
                transports == null || transports.isEmpty() ? List.of() : Arrays.asList(transports.split(",")),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }
}
