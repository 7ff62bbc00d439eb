package dev.cognate.store.jdbc;

import dev.cognate.crypto.SecretBox;
import dev.cognate.store.DeliveryMedium;
import dev.cognate.store.OutboxStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The outbox in the store. A message's subject and body carry its code (or a temporary
 * password), so both are sealed with the master key, bound to the message's id: reading the
 * store's file or a backup yields no code that still signs anyone in. Messages kept before the
 * outbox was sealed are read as they were stored. A message no key at hand opens reads as
 * {@link #UNREADABLE}: one such message never hides the others.
 */
public final class JdbcOutboxStore implements OutboxStore {
    private static final String COLUMNS = "id, pool_id, medium, destination, sender, subject, body, created_at, expires_at";

    private final Jdbi jdbi;
    private final SecretBox box;

    public JdbcOutboxStore(Jdbi jdbi, SecretBox box) {
        this.jdbi = jdbi;
        this.box = box;
    }

    /** What a subject or body sealed under a master key this reader lacks reads as. */
    public static final String UNREADABLE = "[sealed with a master key this reader does not have: give it the node's "
            + "key (data/master.key or COGNATE_MASTER_KEY)]";

    /** The sealing context of a message's subject and body (also {@link SealedValues}'). */
    static String context(String id) {
        return "outbox:" + id;
    }

    /**
     * A failed insert is reported without its cause: JDBI's message lists the bound values,
     * and the body carries a code that must not reach a log.
     */
    @Override
    public void add(Entry e) {
        try {
            insert(e);
        } catch (RuntimeException failure) {
            throw new IllegalStateException("storing an outbox message failed (" + sqlState(failure) + ")");
        }
    }

    private void insert(Entry e) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO outbox_messages (" + COLUMNS + ") "
                        + "VALUES (:id, :pool, :medium, :destination, :sender, :subject, :body, :created, :expires)")
                .bind("id", e.id())
                .bind("pool", e.poolId())
                .bind("medium", e.medium().name())
                .bind("destination", e.destination())
                .bind("sender", e.from())
                .bind("subject", e.subject() == null ? null : box.seal(e.subject(), context(e.id())))
                .bind("body", box.seal(e.body(), context(e.id())))
                .bind("created", e.createdAt().toEpochMilli())
                .bind("expires", e.expiresAt().toEpochMilli())
                .execute());
    }

    @Override
    public List<Entry> newest(String poolId, Instant now, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM outbox_messages WHERE expires_at > :now"
                        + (poolId == null ? "" : " AND pool_id = :pool") + " ORDER BY created_at DESC, id DESC LIMIT :limit")
                .bind("now", now.toEpochMilli())
                .bind("pool", poolId)
                .bind("limit", limit)
                .map((rs, ctx) -> map(rs))
                .list());
    }

    @Override
    public List<Entry> since(String poolId, Instant since, Instant now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM outbox_messages "
                        + "WHERE expires_at > :now AND created_at >= :since"
                        + (poolId == null ? "" : " AND pool_id = :pool") + " ORDER BY created_at, id")
                .bind("now", now.toEpochMilli())
                .bind("since", since.toEpochMilli())
                .bind("pool", poolId)
                .map((rs, ctx) -> map(rs))
                .list());
    }

    @Override
    public int purgeExpired(Instant before) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM outbox_messages WHERE expires_at < :before")
                .bind("before", before.toEpochMilli())
                .execute());
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql) {
                return "SQLState " + sql.getSQLState();
            }
        }
        return e.getClass().getSimpleName();
    }

    private Entry map(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        return new Entry(id, rs.getString("pool_id"), DeliveryMedium.valueOf(rs.getString("medium")),
                rs.getString("destination"), rs.getString("sender"), opened(rs.getString("subject"), id),
                opened(rs.getString("body"), id), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("expires_at")));
    }

    private String opened(String value, String id) {
        if (!SecretBox.isSealed(value)) {
            return value;
        }
        try {
            return box.open(value, context(id));
        } catch (IllegalArgumentException notSealedAfterAll) {
            // a plain value kept before the outbox was sealed that starts like a sealed one but is no
            // base64 (one that is reads as unreadable: messages have spaces, so that is for show only)
            return value;
        } catch (IllegalStateException otherKey) {
            return UNREADABLE;
        }
    }
}
