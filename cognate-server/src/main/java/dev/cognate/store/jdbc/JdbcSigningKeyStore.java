package dev.cognate.store.jdbc;

import com.nimbusds.jose.jwk.RSAKey;
import dev.cognate.crypto.SecretBox;
import dev.cognate.store.SigningKeyStore;
import dev.cognate.store.KeyPurpose;
import dev.cognate.store.SigningKey;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

public final class JdbcSigningKeyStore implements SigningKeyStore {
    private final Jdbi jdbi;
    private final SecretBox secrets;

    public JdbcSigningKeyStore(Jdbi jdbi, SecretBox secrets) {
        this.jdbi = jdbi;
        this.secrets = secrets;
    }

    private static String context(String poolId, String kid) {
        return "signing-key:" + poolId + ":" + kid;
    }

    @Override
    public void insert(SigningKey key) {
        Sql.insert(() -> jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO signing_keys (pool_id, kid, purpose, created_at, retired_at, public_jwk, private_sealed)
                        VALUES (:pool, :kid, :purpose, :created, NULL, :pub, :sealed)""")
                .bind("pool", key.poolId())
                .bind("kid", key.kid())
                .bind("purpose", key.purpose().name())
                .bind("created", key.createdAt().toEpochMilli())
                .bind("pub", key.jwk().toPublicJWK().toJSONString())
                .bind("sealed", secrets.seal(key.jwk().toJSONString(), context(key.poolId(), key.kid())))
                .execute()));
    }

    @Override
    public List<SigningKey> forPool(String poolId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT pool_id, kid, purpose, created_at, retired_at, private_sealed
                        FROM signing_keys WHERE pool_id = :pool ORDER BY created_at, kid""")
                .bind("pool", poolId)
                .map((rs, ctx) -> {
                    long retired = rs.getLong("retired_at");
                    boolean retiredNull = rs.wasNull();
                    String kid = rs.getString("kid");
                    RSAKey jwk;
                    try {
                        jwk = RSAKey.parse(secrets.open(rs.getString("private_sealed"), context(poolId, kid)));
                    } catch (ParseException e) {
                        throw new IllegalStateException("stored signing key " + kid + " is unreadable", e);
                    }
                    return new SigningKey(rs.getString("pool_id"), kid, KeyPurpose.valueOf(rs.getString("purpose")),
                            Instant.ofEpochMilli(rs.getLong("created_at")),
                            retiredNull ? null : Instant.ofEpochMilli(retired), jwk);
                })
                .list());
    }

    @Override
    public int retireActive(String poolId, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE signing_keys SET retired_at = :at WHERE pool_id = :pool AND retired_at IS NULL")
                .bind("pool", poolId)
                .bind("at", at.toEpochMilli())
                .execute());
    }

    @Override
    public int deleteRetiredBefore(Instant before) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "DELETE FROM signing_keys WHERE retired_at IS NOT NULL AND retired_at < :before")
                .bind("before", before.toEpochMilli())
                .execute());
    }
}
