package dev.cognate.cli;

/**
 * How many carrier threads the JVM's virtual threads get, set before the first one starts.
 *
 * <p>A virtual thread that waits for SQLite's write lock waits inside SQLite's native busy
 * handler and keeps its carrier. The JVM gives as many carriers as cores (two on a small
 * machine), and the store pools four SQLite connections: two waiting writers took both carriers,
 * the transaction holding the lock could not run again once it had parked, and all of them
 * stalled until the 10 s busy timeout (docs/BENCHMARKS.md, "Carrier threads"). With more carriers
 * than pooled connections one is always free. An operator's own
 * {@code -Djdk.virtualThreadScheduler.parallelism} is kept.
 */
public final class CarrierThreads {
    static final String PROPERTY = "jdk.virtualThreadScheduler.parallelism";
    /** The SQLite pool's connections and two to spare. */
    static final int AT_LEAST = dev.cognate.store.Database.SQLITE_CONNECTIONS + 2;

    private CarrierThreads() {}

    /** At the start of a main, before any virtual thread exists. */
    public static void reserve() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, Integer.toString(parallelism(Runtime.getRuntime().availableProcessors())));
        }
    }

    static int parallelism(int cores) {
        return Math.max(cores, AT_LEAST);
    }
}
