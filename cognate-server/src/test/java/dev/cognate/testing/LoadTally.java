package dev.cognate.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * What a load run counted: successes per kind of request, failures per kind and reason. Fault
 * tests wait on it ({@link #awaitSuccesses}) instead of sleeping, and print it.
 */
public final class LoadTally {
    private final Map<String, LongAdder> successes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

    public void success(String kind) {
        successes.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    public void failure(String kind, String reason) {
        failures.computeIfAbsent(kind + ": " + reason, k -> new LongAdder()).increment();
    }

    public long successes(String kind) {
        LongAdder count = successes.get(kind);
        return count == null ? 0 : count.sum();
    }

    /** Every request counted, successful or not. */
    public long total() {
        return totalFailures() + successes.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long totalFailures() {
        return failures.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Failures by "kind: reason". */
    public Map<String, Long> failures() {
        Map<String, Long> out = new TreeMap<>();
        failures.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public Map<String, Long> successes() {
        Map<String, Long> out = new TreeMap<>();
        successes.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Waits until each kind has {@code more} successes beyond what it had when called. */
    public void awaitSuccesses(long more, Duration deadline, String... kinds) {
        Map<String, Long> start = successes();
        awaitUntil(() -> {
            for (String kind : kinds) {
                if (successes(kind) < start.getOrDefault(kind, 0L) + more) {
                    return false;
                }
            }
            return true;
        }, deadline, () -> "each of " + String.join(", ", kinds) + " to succeed " + more + " more times; tally: " + this);
    }

    /** Polls {@code condition} (every 20 ms) until it holds, or fails with {@code what} after the deadline. */
    public static void awaitUntil(Supplier<Boolean> condition, Duration deadline, Supplier<String> what) {
        Instant end = Instant.now().plus(deadline);
        while (!condition.get()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("waited " + deadline.toSeconds() + " s for " + what.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what.get());
            }
        }
    }

    @Override
    public String toString() {
        return "successes " + successes() + ", failures " + failures();
    }
}
