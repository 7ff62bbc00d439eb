package dev.cognate.cli;

import dev.cognate.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A JVM's main for {@link CarrierThreadsTest}: one virtual thread holds SQLite's write lock and
 * parks (as any park would: a log line, a pool, a monitor), three others wait for the lock, and
 * the holder's time is printed. First argument "reserve": started as a node's main starts.
 */
public final class WriteLockWaiters {
    private WriteLockWaiters() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("reserve")) {
            CarrierThreads.reserve();
        }
        Path dir = Files.createTempDirectory("write-lock-waiters");
        try (Database db = Database.sqlite(dir)) {
            db.jdbi().useHandle(h -> h.execute("CREATE TABLE waits (k INTEGER PRIMARY KEY, v TEXT)"));
            long started = System.nanoTime();
            Thread holder = Thread.ofVirtual().start(() -> db.jdbi().useTransaction(h -> {
                h.execute("INSERT INTO waits (v) VALUES ('holder')");
                park(300);
                h.execute("INSERT INTO waits (v) VALUES ('holder, again')");
            }));
            park(50);
            List<Thread> waiters = new ArrayList<>();
            for (int i = 0; i < Database.SQLITE_CONNECTIONS - 1; i++) {
                waiters.add(Thread.ofVirtual().start(() -> {
                    try {
                        db.jdbi().useHandle(h -> h.execute("INSERT INTO waits (v) VALUES ('waiter')"));
                    } catch (RuntimeException e) {
                        System.out.println("waiter failed: " + e.getClass().getSimpleName());
                    }
                }));
            }
            holder.join();
            System.out.println("holder ms " + (System.nanoTime() - started) / 1_000_000);
            for (Thread waiter : waiters) {
                waiter.join();
            }
        }
    }

    private static void park(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
