package dev.cognate.store.jdbc;

/**
 * When a bulk load should refresh PostgreSQL's planner statistics of the users tables.
 *
 * <p>PostgreSQL checks each attribute row's foreign key with a plan made from the statistics of
 * {@code users}. A table loaded faster than autovacuum analyzes it (it looks once a minute) is
 * planned as if it were nearly empty, and the plan it kept walked the pool's whole
 * {@code users_by_enabled} index for every check: 322 µs a row at 20,000 users, the larger part
 * of an import's cost (docs/BENCHMARKS.md, "Bulk import on PostgreSQL, third round"). The
 * statistics are refreshed once 1,000 users are loaded and again each time the count loaded
 * doubles (PostgreSQL's "Populating a Database": run ANALYZE after a bulk load), so a load of
 * a million users analyzes ten times.
 */
final class BulkLoadStatistics {
    static final long FIRST_REFRESH = 1_000;

    private long loaded;
    private long nextRefresh = FIRST_REFRESH;

    /** Counts {@code users} more users loaded; true when the statistics are due now. */
    synchronized boolean loaded(int users) {
        loaded += users;
        if (loaded < nextRefresh) {
            return false;
        }
        nextRefresh = loaded * 2;
        return true;
    }
}
