package dev.cognate.store.jdbc;

import dev.cognate.crypto.SecretBox;
import dev.cognate.store.PoolCertificateStore;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

public final class JdbcPoolCertificateStore implements PoolCertificateStore {
    private final Jdbi jdbi;
    private final SecretBox box;

    public JdbcPoolCertificateStore(Jdbi jdbi, SecretBox box) {
        this.jdbi = jdbi;
        this.box = box;
    }

    /** The sealing context of a pool's certificate key (also {@link SealedValues}'). */
    static String context(String poolId) {
        return "pool-signing-certificate:" + poolId;
    }

    @Override
    public Optional<PoolCertificate> find(String poolId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT certificate, private_sealed, created_at "
                        + "FROM pool_signing_certificates WHERE pool_id = :pool")
                .bind("pool", poolId)
                .map((rs, ctx) -> new PoolCertificate(poolId, rs.getString("certificate"),
                        box.open(rs.getString("private_sealed"), context(poolId)),
                        Instant.ofEpochMilli(rs.getLong("created_at"))))
                .findOne());
    }

    @Override
    public Optional<String> certificate(String poolId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT certificate FROM pool_signing_certificates WHERE pool_id = :pool")
                .bind("pool", poolId)
                .mapTo(String.class)
                .findOne());
    }

    @Override
    public boolean insertIfAbsent(PoolCertificate c) {
        try {
            return insert(c);
        } catch (RuntimeException e) {
            if (foreignKeyViolation(e)) {
                return false; // PostgreSQL: the pool was deleted while the row went in
            }
            throw e;
        }
    }

    private static boolean foreignKeyViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "23503".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private boolean insert(PoolCertificate c) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO pool_signing_certificates "
                        + "(pool_id, certificate, private_sealed, created_at) "
                        + "SELECT :pool, :certificate, :sealed, :created FROM user_pools WHERE id = :pool "
                        + "ON CONFLICT (pool_id) DO NOTHING")
                .bind("pool", c.poolId())
                .bind("certificate", c.certificate())
                .bind("sealed", box.seal(c.privateKey(), context(c.poolId())))
                .bind("created", c.createdAt().toEpochMilli())
                .execute()) == 1;
    }
}
