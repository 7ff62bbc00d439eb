package dev.cognate.cli;

import dev.cognate.store.Database;
import dev.cognate.store.OutboxStore;
import dev.cognate.store.jdbc.JdbcOutboxStore;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "outbox", mixinStandardHelpOptions = true,
        description = "Show the messages (e-mail and SMS, with their codes) kept instead of sent: every message when "
                + "the server runs without --smtp-url, and every SMS. Newest first; entries expire after 24 hours.")
public final class OutboxCommand implements Callable<Integer> {
    @Option(names = "--pool", description = "Only this user pool's messages.")
    String poolId;

    @Option(names = {"-n", "--limit"}, defaultValue = "20", description = "How many messages to show (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = {"-f", "--follow"}, description = "Keep running and print new messages as they arrive.")
    boolean follow;

    @Mixin
    StoreOptions store;

    PrintStream out = System.out;

    @Override
    public Integer call() throws InterruptedException {
        Clock clock = Clock.systemUTC();
        try (Database database = Database.open(store.dbUrl, store.dbUser, store.dbPassword, store.data)) {
            OutboxStore outbox = new JdbcOutboxStore(database.jdbi());
            List<OutboxStore.Entry> newest = outbox.newest(poolId, clock.instant(), Math.max(1, limit));
            if (newest.isEmpty() && !follow) {
                out.println("The outbox is empty" + (poolId == null ? "." : " for pool " + poolId + "."));
            }
            newest.forEach(e -> OutboxFollower.print(e, out));
            if (!follow) {
                return 0;
            }
            new OutboxFollower(outbox, poolId, clock, newest).follow(out);
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("cognate: " + e.getMessage());
            return 2;
        }
    }
}
