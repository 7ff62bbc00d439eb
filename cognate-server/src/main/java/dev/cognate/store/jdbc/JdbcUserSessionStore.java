package dev.cognate.store.jdbc;

import dev.cognate.store.ClientSessionSettings;
import dev.cognate.store.SessionSettings;
import dev.cognate.store.UserSession;
import dev.cognate.store.UserSessionStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

public final class JdbcUserSessionStore implements UserSessionStore {
    private static final String POOL = "ALL";
    private static final String COLUMNS = "session_id, pool_id, username, client_id, origin_jti, created_at, last_active_at, "
            + "expires_at, device_type, last_ip";
    /** A session works while a refresh token of its sign-in event does (JdbcRefreshTokenStore.findActive's rule). */
    private static final String WORKS = """
            EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.origin_jti = s.origin_jti
                      AND t.revoked_at IS NULL AND t.expires_at > :now)
            AND NOT EXISTS (SELECT 1 FROM revoked_origins r WHERE r.origin_jti = s.origin_jti)""";

    private final Jdbi jdbi;

    public JdbcUserSessionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public SessionSettings settings(String poolId) {
        return doc(poolId, POOL).map(doc -> Docs.read(doc, SessionSettings.class)).orElse(SessionSettings.DEFAULT);
    }

    @Override
    public void saveSettings(String poolId, SessionSettings settings) {
        saveDoc(poolId, POOL, Docs.write(settings));
    }

    @Override
    public ClientSessionSettings clientSettings(String poolId, String clientId) {
        return doc(poolId, clientId).map(doc -> Docs.read(doc, ClientSessionSettings.class))
                .orElse(ClientSessionSettings.DEFAULT);
    }

    @Override
    public void saveClientSettings(String poolId, String clientId, ClientSessionSettings settings) {
        saveDoc(poolId, clientId, Docs.write(settings));
    }

    private Optional<String> doc(String poolId, String clientId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT doc FROM session_settings WHERE pool_id = :pool AND client_id = :client")
                .bind("pool", poolId)
                .bind("client", clientId)
                .mapTo(String.class)
                .findOne());
    }

    private void saveDoc(String poolId, String clientId, String doc) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO session_settings (pool_id, client_id, doc) VALUES (:pool, :client, :doc)"
                        + " ON CONFLICT (pool_id, client_id) DO UPDATE SET doc = excluded.doc")
                .bind("pool", poolId)
                .bind("client", clientId)
                .bind("doc", doc)
                .execute());
    }

    @Override
    public void open(UserSession s) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO user_sessions (" + COLUMNS + ", session_type) VALUES (:id, :pool, "
                        + ":username, :client, :origin, :created, :active, :expires, :device, :ip, :type)")
                .bind("id", s.sessionId())
                .bind("pool", s.poolId())
                .bind("username", s.username())
                .bind("client", s.clientId())
                .bind("origin", s.originJti())
                .bind("created", s.createdAt().toEpochMilli())
                .bind("active", s.lastActiveAt().toEpochMilli())
                .bind("expires", s.expiresAt().toEpochMilli())
                .bind("device", s.deviceType())
                .bind("ip", s.lastIp())
                .bind("type", UserSession.TOKEN)
                .execute());
    }

    @Override
    public void touch(String originJti, Instant at, String deviceType, String lastIp) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE user_sessions SET last_active_at = :at, device_type = :device, "
                        + "last_ip = :ip WHERE origin_jti = :origin")
                .bind("origin", originJti)
                .bind("at", at.toEpochMilli())
                .bind("device", deviceType)
                .bind("ip", lastIp)
                .execute());
    }

    @Override
    public List<UserSession> active(String poolId, String username, Instant now, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM user_sessions s "
                        + "WHERE pool_id = :pool AND username = :username AND " + WORKS
                        + " ORDER BY last_active_at, session_id LIMIT :limit")
                .bind("pool", poolId)
                .bind("username", username)
                .bind("now", now.toEpochMilli())
                .bind("limit", limit)
                .map(JdbcUserSessionStore::session)
                .list());
    }

    @Override
    public Optional<UserSession> find(String poolId, String sessionId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM user_sessions WHERE session_id = :id AND pool_id = :pool")
                .bind("id", sessionId)
                .bind("pool", poolId)
                .map(JdbcUserSessionStore::session)
                .findOne());
    }

    @Override
    public void delete(String sessionId) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM user_sessions WHERE session_id = :id").bind("id", sessionId).execute());
    }

    @Override
    public int purgeExpired(Instant before) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM user_sessions WHERE expires_at < :before")
                .bind("before", before.toEpochMilli())
                .execute());
    }

    private static UserSession session(ResultSet rs, StatementContext ctx) throws SQLException {
        return new UserSession(rs.getString("session_id"), rs.getString("pool_id"), rs.getString("username"),
                rs.getString("client_id"), rs.getString("origin_jti"), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("last_active_at")), Instant.ofEpochMilli(rs.getLong("expires_at")),
                rs.getString("device_type"), rs.getString("last_ip"));
    }
}
