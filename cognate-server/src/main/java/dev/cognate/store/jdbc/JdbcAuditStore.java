package dev.cognate.store.jdbc;

import dev.cognate.store.AdminChange;
import dev.cognate.store.AuditStore;
import dev.cognate.store.AuthEvent;
import dev.cognate.store.Page;
import dev.cognate.store.PoolAuthEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

public final class JdbcAuditStore implements AuditStore {
    private final Jdbi jdbi;

    public JdbcAuditStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void record(AdminChange change) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO admin_changes (id, occurred_at, access_key_id, operation, pool_id, outcome, doc)
                        VALUES (:id, :at, :key, :operation, :pool, :outcome, :doc)""")
                .bind("id", change.id())
                .bind("at", change.occurredAt().toEpochMilli())
                .bind("key", change.accessKeyId())
                .bind("operation", change.operation())
                .bind("pool", change.poolId())
                .bind("outcome", change.outcome())
                .bind("doc", Docs.write(change))
                .execute());
    }

    @Override
    public void record(AuthEvent event) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO auth_events (id, pool_id, user_sub, occurred_at, event_type, outcome, doc)
                        VALUES (:id, :pool, :sub, :at, :type, :outcome, :doc)""")
                .bind("id", event.id())
                .bind("pool", event.poolId())
                .bind("sub", event.userSub())
                .bind("at", event.occurredAt().toEpochMilli())
                .bind("type", event.type().name())
                .bind("outcome", event.response().name())
                .bind("doc", Docs.write(event.withFeedback(null)))
                .execute());
    }

    @Override
    public void record(PoolAuthEvent event) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO pool_auth_events (id, pool_id, occurred_at, event_type, outcome, reason, name_hash, doc)
                        VALUES (:id, :pool, :at, :type, :outcome, :reason, :nameHash, :doc)""")
                .bind("id", event.id())
                .bind("pool", event.poolId())
                .bind("at", event.occurredAt().toEpochMilli())
                .bind("type", event.type().name())
                .bind("outcome", event.response().name())
                .bind("reason", event.reason())
                .bind("nameHash", event.usernameHash())
                .bind("doc", Docs.write(event))
                .execute());
    }

    @Override
    public List<PoolAuthEvent> poolAuthEvents(String poolId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT doc FROM pool_auth_events WHERE pool_id = :pool
                        ORDER BY occurred_at DESC, id DESC LIMIT :limit""")
                .bind("pool", poolId)
                .bind("limit", limit)
                .map((rs, ctx) -> Docs.read(rs.getString("doc"), PoolAuthEvent.class))
                .list());
    }

    @Override
    public Page<AuthEvent> authEvents(String poolId, String userSub, int limit, String position) {
        Position after = Position.parse(position);
        List<AuthEvent> rows = jdbi.withHandle(h -> h.createQuery("""
                        SELECT doc, feedback FROM auth_events
                        WHERE pool_id = :pool AND user_sub = :sub
                          AND (:first OR occurred_at < :at OR (occurred_at = :at AND id < :id))
                        ORDER BY occurred_at DESC, id DESC
                        LIMIT :limit""")
                .bind("pool", poolId)
                .bind("sub", userSub)
                .bind("first", after == null)
                .bind("at", after == null ? 0L : after.at())
                .bind("id", after == null ? "" : after.id())
                .bind("limit", limit + 1)
                .map((rs, ctx) -> event(rs.getString("doc"), rs.getString("feedback")))
                .list());
        return Pages.of(rows, limit, e -> e.occurredAt().toEpochMilli() + ":" + e.id());
    }

    @Override
    public Optional<AuthEvent> authEvent(String poolId, String userSub, String eventId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT doc, feedback FROM auth_events WHERE pool_id = :pool AND user_sub = :sub AND id = :id""")
                .bind("pool", poolId)
                .bind("sub", userSub)
                .bind("id", eventId)
                .map((rs, ctx) -> event(rs.getString("doc"), rs.getString("feedback")))
                .findOne());
    }

    @Override
    public boolean setFeedback(String poolId, String userSub, String eventId, AuthEvent.Feedback feedback) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE auth_events SET feedback = :feedback WHERE pool_id = :pool AND user_sub = :sub AND id = :id""")
                .bind("feedback", Docs.write(feedback))
                .bind("pool", poolId)
                .bind("sub", userSub)
                .bind("id", eventId)
                .execute()) == 1;
    }

    @Override
    public List<AdminChange> recentAdminChanges(int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT doc FROM admin_changes ORDER BY occurred_at DESC, id DESC LIMIT :limit")
                .bind("limit", limit)
                .map((rs, ctx) -> Docs.read(rs.getString("doc"), AdminChange.class))
                .list());
    }

    @Override
    public int purgeOlderThan(Instant before) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM auth_events WHERE occurred_at < :before")
                .bind("before", before.toEpochMilli()).execute()
                + h.createUpdate("DELETE FROM pool_auth_events WHERE occurred_at < :before")
                .bind("before", before.toEpochMilli()).execute()
                + h.createUpdate("DELETE FROM admin_changes WHERE occurred_at < :before")
                .bind("before", before.toEpochMilli()).execute());
    }

    private static AuthEvent event(String doc, String feedback) {
        AuthEvent event = Docs.read(doc, AuthEvent.class);
        return feedback == null ? event : event.withFeedback(Docs.read(feedback, AuthEvent.Feedback.class));
    }

    /** Where a page of a user's events ends: the last event's time and id. */
    private record Position(long at, String id) {
        /** @throws IllegalArgumentException when {@code position} is not one this store wrote */
        static Position parse(String position) {
            if (position == null) {
                return null;
            }
            int colon = position.indexOf(':');
            if (colon <= 0 || colon == position.length() - 1) {
                throw new IllegalArgumentException("not a position of auth events");
            }
            return new Position(Long.parseLong(position.substring(0, colon)), position.substring(colon + 1));
        }
    }
}
