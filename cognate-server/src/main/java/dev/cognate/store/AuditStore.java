package dev.cognate.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The audit trail: admin changes, users' authentication events and those no user can be held to, each one insert. */
public interface AuditStore {

    void record(AdminChange change);

    void record(AuthEvent event);

    void record(PoolAuthEvent event);

    /** A pool's events that name no user of it, newest first. */
    List<PoolAuthEvent> poolAuthEvents(String poolId, int limit);

    /** A user's events, newest first; {@code position} is a page's {@code next}, or null for the first. */
    Page<AuthEvent> authEvents(String poolId, String userSub, int limit, String position);

    Optional<AuthEvent> authEvent(String poolId, String userSub, String eventId);

    /** @return false when the user has no such event */
    boolean setFeedback(String poolId, String userSub, String eventId, AuthEvent.Feedback feedback);

    /** The most recent admin changes, newest first. */
    List<AdminChange> recentAdminChanges(int limit);

    /** Forgets every record older than {@code before}. @return rows removed */
    int purgeOlderThan(Instant before);
}
