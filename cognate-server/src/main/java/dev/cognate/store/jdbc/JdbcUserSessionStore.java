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
    private static final String COLUMNS = "session_id, session_type, pool_id, username, sub, client_id, origin_jti, "
            + "browser_session, origin_session, created_at, last_active_at, expires_at, device_type, last_ip";
    /**
     * A token session works while a refresh token of its sign-in event does
     * (JdbcRefreshTokenStore.findActive's rule); an SSO session while its browser session does.
     */
    private static final String WORKS = """
            ((s.session_type = 'TOKEN'
              AND EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.origin_jti = s.origin_jti
                          AND t.revoked_at IS NULL AND t.expires_at > :now)
              AND NOT EXISTS (SELECT 1 FROM revoked_origins r WHERE r.origin_jti = s.origin_jti))
             OR (s.session_type = 'SSO'
              AND EXISTS (SELECT 1 FROM browser_sessions b WHERE b.session_hash = s.browser_session
                          AND b.expires_at > :now)))""";

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
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO user_sessions (" + COLUMNS + ") VALUES (:id, :type, :pool, "
                        + ":username, :sub, :client, :origin, :browser, :originSession, :created, :active, :expires, :device, :ip)")
                .bind("id", s.sessionId())
                .bind("type", s.sessionType())
                .bind("pool", s.poolId())
                .bind("username", s.username())
                .bind("sub", s.sub())
                .bind("client", s.clientId())
                .bind("origin", s.originJti())
                .bind("browser", s.browserSession())
                .bind("originSession", s.originSessionId())
                .bind("created", s.createdAt().toEpochMilli())
                .bind("active", s.lastActiveAt().toEpochMilli())
                .bind("expires", s.expiresAt().toEpochMilli())
                .bind("device", s.deviceType())
                .bind("ip", s.lastIp())
                .execute());
    }

    @Override
    public void touch(String originJti, Instant at, String deviceType, String lastIp) {
        touchWhere("origin_jti", originJti, at, deviceType, lastIp);
    }

    @Override
    public Optional<UserSession> ssoSession(String browserSessionHash) {
        return findWhere("browser_session", browserSessionHash);
    }

    /** The session whose {@code column} (one of this class's own names, a unique one) holds {@code key}. */
    private Optional<UserSession> findWhere(String column, String key) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM user_sessions WHERE " + column + " = :key")
                .bind("key", key)
                .map(JdbcUserSessionStore::session)
                .findOne());
    }

    @Override
    public void touchSso(String sessionId, Instant at, String deviceType, String lastIp) {
        touchWhere("session_id", sessionId, at, deviceType, lastIp);
    }

    /** A session's last activity, device and address; {@code column} is one of this class's own names. */
    private void touchWhere(String column, String key, Instant at, String deviceType, String lastIp) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE user_sessions SET last_active_at = :at, device_type = :device, "
                        + "last_ip = :ip WHERE " + column + " = :key")
                .bind("key", key)
                .bind("at", at.toEpochMilli())
                .bind("device", deviceType)
                .bind("ip", lastIp)
                .execute());
    }

    @Override
    public void linkCode(String originJti, String sessionId, Instant expiresAt) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO sso_session_codes (origin_jti, session_id, expires_at) "
                        + "VALUES (:origin, :id, :expires)")
                .bind("origin", originJti)
                .bind("id", sessionId)
                .bind("expires", expiresAt.toEpochMilli())
                .execute());
    }

    @Override
    public Optional<String> codeSession(String originJti) {
        return jdbi.withHandle(h -> h.createQuery("SELECT session_id FROM sso_session_codes WHERE origin_jti = :origin")
                .bind("origin", originJti)
                .mapTo(String.class)
                .findOne());
    }

    @Override
    public Optional<UserSession> tokenSession(String originJti) {
        return findWhere("origin_jti", originJti);
    }

    @Override
    public List<UserSession> active(String poolId, String username, String sub, Instant now, int limit) {
        // the most recently used first, so that a limit keeps the newest
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM user_sessions s "
                        + "WHERE pool_id = :pool AND username = :username AND sub = :sub AND " + WORKS
                        + " ORDER BY last_active_at DESC, session_id DESC LIMIT :limit")
                .bind("pool", poolId)
                .bind("username", username)
                .bind("sub", sub)
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
        return jdbi.inTransaction(h -> h.createUpdate("DELETE FROM user_sessions WHERE expires_at < :before")
                .bind("before", before.toEpochMilli())
                .execute()
                + h.createUpdate("DELETE FROM sso_session_codes WHERE expires_at < :before")
                .bind("before", before.toEpochMilli())
                .execute());
    }

    private static UserSession session(ResultSet rs, StatementContext ctx) throws SQLException {
        return new UserSession(rs.getString("session_id"), rs.getString("session_type"), rs.getString("pool_id"),
                rs.getString("username"), rs.getString("sub"), rs.getString("client_id"), rs.getString("origin_jti"),
                rs.getString("browser_session"), rs.getString("origin_session"), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("last_active_at")), Instant.ofEpochMilli(rs.getLong("expires_at")),
                rs.getString("device_type"), rs.getString("last_ip"));
    }
}
