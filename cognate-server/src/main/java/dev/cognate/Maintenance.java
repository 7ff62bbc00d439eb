package dev.cognate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one upkeep loop of a node, on one daemon thread: every kind of row that expires is
 * purged (each with its own cut-off, given as a purge), and the hourly checks run (IdP secret
 * expiry). Any node may run it at the same time as others: every purge is an idempotent
 * DELETE. {@code cognate_purged_rows_total{kind}} counts what it removed.
 */
public final class Maintenance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);
    public static final Duration INTERVAL = Duration.ofMinutes(5);
    static final Duration CHECK_INTERVAL = Duration.ofHours(1);
    static final Duration FIRST_PASS_AFTER = Duration.ofSeconds(30);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    /** One kind of expiring row: removes what expired as of {@code now}, returns how many rows went. */
    public record Purge(String kind, Function<Instant, Integer> removeExpiredAsOf) {}

    private final List<Purge> purges;
    private final List<Runnable> checks;
    private final MeterRegistry metrics;
    private final Clock clock;
    private Instant nextCheck = Instant.MIN;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "cognate-maintenance");
        thread.setDaemon(true);
        return thread;
    });

    public Maintenance(List<Purge> purges, List<Runnable> checks, MeterRegistry metrics, Clock clock) {
        this.purges = List.copyOf(purges);
        this.checks = List.copyOf(checks);
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Runs the upkeep every {@code interval}, the first pass {@link #FIRST_PASS_AFTER} after
     * the start (or sooner for a shorter interval): not while the node serves its first
     * requests on a JVM that is still compiling its code.
     */
    public Maintenance start(Duration interval) {
        return start(interval.compareTo(FIRST_PASS_AFTER) < 0 ? interval : FIRST_PASS_AFTER, interval);
    }

    Maintenance start(Duration firstAfter, Duration interval) {
        scheduler.scheduleWithFixedDelay(this::runSafely, firstAfter.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            if (scheduler.isShutdown()) {
                LOG.debug("upkeep stopped with the node: {}", e.toString());
            } else {
                LOG.warn("upkeep failed; it runs again in {}", INTERVAL, e);
            }
        }
    }

    /** One pass: every purge, then every check. @return rows removed */
    public synchronized int runOnce() {
        Instant now = clock.instant();
        int total = 0;
        for (Purge purge : purges) {
            int removed = purge.removeExpiredAsOf().apply(now);
            if (removed > 0) {
                Counter.builder("cognate_purged_rows").description("Expired rows removed by the upkeep loop")
                        .tag("kind", purge.kind()).register(metrics).increment(removed);
                LOG.debug("purged {} expired {}", removed, purge.kind());
            }
            total += removed;
        }
        if (!now.isBefore(nextCheck)) {
            nextCheck = now.plus(CHECK_INTERVAL);
            checks.forEach(Runnable::run);
        }
        return total;
    }

    /** Runs no further pass; one in progress goes on ({@link #close} waits for it). */
    public void stop() {
        scheduler.shutdown();
    }

    /** Stops the loop; a pass in progress ends first, so it never meets a closed store. */
    @Override
    public void close() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
