package dev.cognate.demo;

import dev.cognate.cli.OutboxFollower;
import dev.cognate.crypto.SecretBox;
import dev.cognate.store.Database;
import dev.cognate.store.jdbc.JdbcOutboxStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The demo pool's outbox on the demo's console: the demo's Cognate has no SMTP server, so sign-up and password-reset
 * codes are kept in its store, and this prints each one as it arrives. It reads the store as an operator's
 * {@code ./cognate outbox --follow --pool <id> --data <dir>} would beside a running server.
 */
final class OutboxConsole implements AutoCloseable {
    private static final Duration STOP = Duration.ofSeconds(5);

    private final Thread follower;

    private OutboxConsole(Thread follower) {
        this.follower = follower;
    }

    /** Prints the messages of {@code poolId} kept from now on, until {@link #close}. */
    static OutboxConsole start(Path dataDir, byte[] masterKey, String poolId, PrintStream out) {
        Database store = Database.open(null, null, null, dataDir);
        OutboxFollower outbox = new OutboxFollower(new JdbcOutboxStore(store.jdbi(), new SecretBox(masterKey)), poolId,
                Clock.systemUTC(), List.of());
        return new OutboxConsole(Thread.ofPlatform().daemon().name("demo-outbox").start(() -> {
            try {
                outbox.follow(out);
            } catch (InterruptedException e) {
                // closed: the demo stops
            } finally {
                // The store's pool waits for its connections to close, which an interrupted thread would not.
                Thread.interrupted();
                store.close();
            }
        }));
    }

    @Override
    public void close() throws InterruptedException {
        follower.interrupt();
        follower.join(STOP);
    }
}
