package dev.cognate.store.jdbc;

import dev.cognate.store.BrowserSession;
import dev.cognate.store.BrowserSessionStore;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

public final class JdbcBrowserSessionStore implements BrowserSessionStore {
    private final Jdbi jdbi;

    public JdbcBrowserSessionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void save(String sessionHash, BrowserSession session) {
        Sql.insert(() -> jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO browser_sessions (session_hash, pool_id, username, auth_time, expires_at, doc)
                        VALUES (:hash, :pool, :user, :auth, :expires, :doc)""")
                .bind("hash", sessionHash)
                .bind("pool", session.poolId())
                .bind("user", session.username())
                .bind("auth", session.authTime().toEpochMilli())
                .bind("expires", session.expiresAt().toEpochMilli())
                .bind("doc", Docs.write(session))
                .execute()));
    }

    @Override
    public Optional<BrowserSession> findActive(String sessionHash, Instant now) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT doc FROM browser_sessions WHERE session_hash = :hash AND expires_at > :now")
                .bind("hash", sessionHash)
                .bind("now", now.toEpochMilli())
                .mapTo(String.class)
                .findOne()
                .map(doc -> Docs.read(doc, BrowserSession.class)));
    }

    @Override
    public void delete(String sessionHash) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM browser_sessions WHERE session_hash = :hash")
                .bind("hash", sessionHash)
                .execute());
    }

    @Override
    public int purgeExpired(Instant before) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM browser_sessions WHERE expires_at < :before")
                .bind("before", before.toEpochMilli())
                .execute());
    }
}
