package dev.cognate.store;

import dev.cognate.store.DeliveryMedium;
import java.time.Instant;
import java.util.List;

/** Messages kept for the operator to read ({@code cognate outbox}) instead of being sent. */
public interface OutboxStore {
    record Entry(String id, String poolId, DeliveryMedium medium, String destination, String from, String subject,
                 String body, Instant createdAt, Instant expiresAt) {
        @Override
        public String toString() {
            return "Outbox.Entry[id=" + id + ", poolId=" + poolId + ", medium=" + medium + "]";
        }
    }

    void add(Entry entry);

    /** Unexpired entries, newest first, of one pool (null: all pools), at most {@code limit}. */
    List<Entry> newest(String poolId, Instant now, int limit);

    /** Unexpired entries created at or after {@code since}, oldest first (for following the outbox). */
    List<Entry> since(String poolId, Instant since, Instant now);

    /** Forgets entries that expired before {@code before}. */
    int purgeExpired(Instant before);
}
