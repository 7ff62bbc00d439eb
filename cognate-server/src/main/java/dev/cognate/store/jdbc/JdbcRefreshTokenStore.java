package dev.cognate.store.jdbc;

import dev.cognate.store.RefreshGrant;
import dev.cognate.store.RefreshTokenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

public final class JdbcRefreshTokenStore implements RefreshTokenStore {
    private final Jdbi jdbi;

    public JdbcRefreshTokenStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void save(String tokenHash, RefreshGrant grant) {
        Sql.insert(() -> jdbi.useHandle(h -> insert(h, tokenHash, grant)));
    }

    private static void insert(Handle h, String tokenHash, RefreshGrant grant) {
        h.createUpdate("""
                        INSERT INTO refresh_tokens (token_hash, pool_id, client_id, username, origin_jti, doc, created_at, expires_at)
                        VALUES (:hash, :pool, :client, :user, :origin, :doc, :created, :expires)""")
                .bind("hash", tokenHash)
                .bind("pool", grant.poolId())
                .bind("client", grant.clientId())
                .bind("user", grant.username())
                .bind("origin", grant.originJti())
                .bind("doc", Docs.write(grant))
                .bind("created", grant.createdAt().toEpochMilli())
                .bind("expires", grant.expiresAt().toEpochMilli())
                .execute();
    }

    @Override
    public boolean rotate(String oldHash, Instant now, Duration grace, String newHash, RefreshGrant next) {
        return jdbi.inTransaction(h -> {
            String retire = grace.isZero()
                    ? "UPDATE refresh_tokens SET revoked_at = :now"
                    // retries within the grace period may rotate it again; each only shortens its life
                    : "UPDATE refresh_tokens SET expires_at = CASE WHEN expires_at > :end THEN :end ELSE expires_at END";
            int retired = h.createUpdate(retire + " WHERE token_hash = :hash AND revoked_at IS NULL AND expires_at > :now "
                            + "AND NOT EXISTS (SELECT 1 FROM revoked_origins r WHERE r.origin_jti = refresh_tokens.origin_jti)")
                    .bind("hash", oldHash)
                    .bind("now", now.toEpochMilli())
                    .bind("end", now.plus(grace).toEpochMilli())
                    .execute();
            if (retired != 1) {
                return false;
            }
            insert(h, newHash, next);
            return true;
        });
    }

    @Override
    public Optional<RefreshGrant> findActive(String tokenHash, Instant now) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT doc FROM refresh_tokens t
                        WHERE token_hash = :hash AND revoked_at IS NULL AND expires_at > :now
                          AND NOT EXISTS (SELECT 1 FROM revoked_origins r WHERE r.origin_jti = t.origin_jti)""")
                .bind("hash", tokenHash)
                .bind("now", now.toEpochMilli())
                .mapTo(String.class)
                .findOne()
                .map(doc -> Docs.read(doc, RefreshGrant.class)));
    }

    @Override
    public void revokeOrigin(String poolId, String originJti, Instant now) {
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE refresh_tokens SET revoked_at = :now WHERE origin_jti = :origin AND revoked_at IS NULL")
                    .bind("origin", originJti)
                    .bind("now", now.toEpochMilli())
                    .execute();
            markRevoked(h, poolId, List.of(originJti), now);
        });
    }

    @Override
    public void revokeUser(String poolId, String username, Instant now) {
        jdbi.useTransaction(h -> {
            List<String> origins = h.createQuery("""
                            SELECT DISTINCT origin_jti FROM refresh_tokens
                            WHERE pool_id = :pool AND username = :user AND revoked_at IS NULL""")
                    .bind("pool", poolId)
                    .bind("user", username)
                    .mapTo(String.class)
                    .list();
            h.createUpdate("""
                            UPDATE refresh_tokens SET revoked_at = :now
                            WHERE pool_id = :pool AND username = :user AND revoked_at IS NULL""")
                    .bind("pool", poolId)
                    .bind("user", username)
                    .bind("now", now.toEpochMilli())
                    .execute();
            markRevoked(h, poolId, origins, now);
        });
    }

    @Override
    public int revokeDevice(String poolId, String username, String deviceKey, Instant now) {
        // the device is in the grant's document only: the user's live tokens are read (by the user index) and filtered
        return jdbi.inTransaction(h -> {
            record Live(String hash, String deviceKey) {}
            List<String> hashes = h.createQuery("""
                            SELECT token_hash, doc FROM refresh_tokens
                            WHERE pool_id = :pool AND username = :user AND revoked_at IS NULL AND expires_at > :now""")
                    .bind("pool", poolId)
                    .bind("user", username)
                    .bind("now", now.toEpochMilli())
                    .map((rs, ctx) -> new Live(rs.getString("token_hash"),
                            Docs.read(rs.getString("doc"), RefreshGrant.class).deviceKey()))
                    .list().stream().filter(live -> deviceKey.equals(live.deviceKey())).map(Live::hash).toList();
            if (hashes.isEmpty()) {
                return 0;
            }
            return h.createUpdate("UPDATE refresh_tokens SET revoked_at = :now WHERE token_hash IN (<hashes>) AND revoked_at IS NULL")
                    .bindList("hashes", hashes)
                    .bind("now", now.toEpochMilli())
                    .execute();
        });
    }

    private static void markRevoked(Handle h, String poolId, List<String> origins, Instant now) {
        for (String origin : origins) {
            // ON CONFLICT DO NOTHING: same syntax on SQLite and PostgreSQL; two nodes may revoke at once.
            h.createUpdate("""
                            INSERT INTO revoked_origins (origin_jti, pool_id, revoked_at) VALUES (:origin, :pool, :now)
                            ON CONFLICT (origin_jti) DO NOTHING""")
                    .bind("origin", origin)
                    .bind("pool", poolId)
                    .bind("now", now.toEpochMilli())
                    .execute();
        }
    }

    @Override
    public boolean isOriginRevoked(String originJti) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM revoked_origins WHERE origin_jti = :origin")
                .bind("origin", originJti)
                .mapTo(Integer.class)
                .one() > 0);
    }

    @Override
    public int purgeExpired(Instant before) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM refresh_tokens WHERE expires_at < :before")
                .bind("before", before.toEpochMilli())
                .execute());
    }

    @Override
    public int purgeRevokedOrigins(Instant before) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM revoked_origins WHERE revoked_at < :before")
                .bind("before", before.toEpochMilli())
                .execute());
    }
}
