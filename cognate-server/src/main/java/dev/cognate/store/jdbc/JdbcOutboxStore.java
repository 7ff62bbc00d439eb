package dev.cognate.store.jdbc;

import dev.cognate.store.DeliveryMedium;
import dev.cognate.store.OutboxStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

public final class JdbcOutboxStore implements OutboxStore {
    private static final String COLUMNS = "id, pool_id, medium, destination, sender, subject, body, created_at, expires_at";

    private final Jdbi jdbi;

    public JdbcOutboxStore(Jdbi jdbi) {
        this.jdbi = jdbi;
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
                .bind("subject", e.subject())
                .bind("body", e.body())
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

    private static Entry map(ResultSet rs) throws SQLException {
        return new Entry(rs.getString("id"), rs.getString("pool_id"), DeliveryMedium.valueOf(rs.getString("medium")),
                rs.getString("destination"), rs.getString("sender"), rs.getString("subject"), rs.getString("body"),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("expires_at")));
    }
}
