package dev.cognate.cli;

import dev.cognate.config.Secrets;
import dev.cognate.config.Settings;
import dev.cognate.crypto.SecretBox;
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
                + "the server runs without --smtp-url, and every SMS. Newest first; entries expire after 24 hours. "
                + "They are sealed with the node's master key (its data directory's, or COGNATE_MASTER_KEY).")
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
    java.util.Map<String, String> env = System.getenv();

    @Override
    public Integer call() throws InterruptedException {
        Clock clock = Clock.systemUTC();
        SecretBox box;
        try {
            // The messages are sealed with the master key: the node's, from its data directory or COGNATE_MASTER_KEY.
            box = Secrets.openingBox(new Settings(null, 0, null, store.data, store.dbUrl, store.dbUser, store.dbPassword,
                    null), env);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("cognate: " + e.getMessage());
            return 2;
        }
        try (Database database = Database.open(store.dbUrl, store.dbUser, store.dbPassword, store.data)) {
            OutboxStore outbox = new JdbcOutboxStore(database.jdbi(), box);
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
        } catch (IllegalStateException e) {
            // a message sealed under another master key: say so, not a stack trace
            System.err.println("cognate: the outbox cannot be read: " + e.getMessage());
            return 1;
        }
    }
}
