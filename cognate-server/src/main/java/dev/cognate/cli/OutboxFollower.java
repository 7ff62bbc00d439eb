package dev.cognate.cli;

import dev.cognate.store.OutboxStore;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Follows the outbox as {@code cognate outbox --follow} does, and {@code cognate demo} while it runs: each
 * {@link #arrived} gives the messages kept since the call before, oldest first, each once.
 */
public final class OutboxFollower {
    static final Duration POLL = Duration.ofSeconds(1);

    private final OutboxStore outbox;
    private final String poolId;
    private final Clock clock;
    private final Set<String> seen = new HashSet<>();
    private Instant since;

    /**
     * @param poolId only this pool's messages (null: every pool's)
     * @param shown what was printed already, newest first: following starts at the newest of them, or now
     */
    public OutboxFollower(OutboxStore outbox, String poolId, Clock clock, List<OutboxStore.Entry> shown) {
        this.outbox = outbox;
        this.poolId = poolId;
        this.clock = clock;
        shown.forEach(e -> seen.add(e.id()));
        this.since = shown.isEmpty() ? clock.instant() : shown.getFirst().createdAt();
    }

    /** The messages kept since the last call (or since following began), oldest first. */
    public List<OutboxStore.Entry> arrived() {
        List<OutboxStore.Entry> arrived = new ArrayList<>();
        // Entries of the same instant as `since` come back again: `seen` drops them.
        for (OutboxStore.Entry e : outbox.since(poolId, since, clock.instant())) {
            if (seen.add(e.id())) {
                arrived.add(e);
                since = e.createdAt();
            }
        }
        return arrived;
    }

    /** Prints each new message as it arrives (looking once a second) until the thread is interrupted. */
    public void follow(PrintStream out) throws InterruptedException {
        while (!Thread.currentThread().isInterrupted()) {
            Thread.sleep(POLL.toMillis());
            arrived().forEach(e -> print(e, out));
        }
    }

    /** One message as the operator reads it: when, how, for which pool, to whom, and its text (with the code). */
    public static void print(OutboxStore.Entry e, PrintStream out) {
        out.println("--- " + e.createdAt() + "  " + e.medium() + "  pool " + e.poolId());
        out.println("To: " + e.destination());
        if (e.from() != null) {
            out.println("From: " + e.from());
        }
        if (e.subject() != null) {
            out.println("Subject: " + e.subject());
        }
        out.println();
        out.println(e.body());
        out.println();
        out.flush();
    }
}
