package dev.cognate.cli;

import dev.cognate.config.Secrets;
import dev.cognate.config.Settings;
import dev.cognate.crypto.SecretBox;
import dev.cognate.store.Database;
import dev.cognate.store.jdbc.JdbcSigningKeyStore;
import dev.cognate.store.jdbc.JdbcUserPoolStore;
import dev.cognate.tokens.KeyRing;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Manage the token signing keys of user pools.",
        subcommands = {KeysCommand.Rotate.class})
public final class KeysCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Add new ID and access token signing keys to a pool. The old keys stop signing at once "
                    + "(running nodes pick the new ones up within 30 s) and stay published in the JWKS until the "
                    + "tokens they signed have expired.")
    static final class Rotate implements Callable<Integer> {
        @Option(names = "--pool", required = true, description = "The user pool id, e.g. us-east-1_AbC123xyZ.")
        String poolId;

        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            Settings settings = new Settings(null, 0, null, store.data, store.dbUrl, store.dbUser, store.dbPassword, null);
            Secrets.Resolved secrets;
            try {
                secrets = Secrets.resolve(settings, System.getenv());
            } catch (IllegalArgumentException e) {
                System.err.println("cognate: " + e.getMessage());
                return 2;
            }
            try (Database database = Database.open(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), settings.dataDir())) {
                if (new JdbcUserPoolStore(database.jdbi()).find(poolId).isEmpty()) {
                    System.err.println("cognate: user pool " + poolId + " does not exist");
                    return 1;
                }
                KeyRing ring = new KeyRing(new JdbcSigningKeyStore(database.jdbi(), new SecretBox(secrets.masterKey())),
                        Clock.systemUTC());
                List<String> kids = ring.rotate(poolId);
                System.out.println("New signing keys for " + poolId + ": id token kid " + kids.get(0)
                        + ", access token kid " + kids.get(1));
                return 0;
            }
        }
    }
}
