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
        description = "Manage the token signing keys of user pools, and the master key.",
        subcommands = {KeysCommand.Rotate.class, KeysCommand.RotateMaster.class})
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

    @Command(name = "rotate-master", mixinStandardHelpOptions = true,
            description = "Re-seal every sealed value in the store (client and IdP secrets, signing keys, TOTP secrets, "
                    + "SRP verifiers, sign-ins in progress, pools' signing certificates, the outbox) under the current master key (COGNATE_MASTER_KEY or "
                    + "data/master.key), opening them with the previous ones (COGNATE_PREVIOUS_MASTER_KEYS or "
                    + "data/master.key.previous). Safe beside running nodes and safe to stop: run it again to resume. "
                    + "See docs/OPERATIONS.md for the steps around it.")
    static final class RotateMaster implements Callable<Integer> {
        static final int BATCH = 100;

        @Mixin
        StoreOptions store;

        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        java.util.Map<String, String> env = System.getenv();

        @Override
        public Integer call() {
            Settings settings = new Settings(null, 0, null, store.data, store.dbUrl, store.dbUser, store.dbPassword, null);
            Secrets.Resolved secrets;
            try {
                secrets = Secrets.resolve(settings, env);
            } catch (IllegalArgumentException e) {
                err.println("cognate: " + e.getMessage());
                return 2;
            }
            if (secrets.previousMasterKeys().isEmpty()) {
                err.println("cognate: no previous master key to rotate from: set " + Secrets.ENV_PREVIOUS_MASTER_KEYS
                        + " (or write data/master.key.previous) to the key the store was sealed with");
                return 2;
            }
            try (Database database = Database.open(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), settings.dataDir())) {
                var sealed = new dev.cognate.store.jdbc.SealedValues(database.jdbi(),
                        new SecretBox(secrets.masterKey(), secrets.previousMasterKeys()));
                int total = 0;
                for (int done; (done = sealed.reseal(BATCH)) > 0; ) {
                    total += done;
                    out.println("re-sealed " + total + " values so far");
                    out.flush();
                }
                int left = sealed.notUnderCurrentKey();
                if (left > 0) {
                    err.println("cognate: " + left + " values are still sealed under a previous key (a node still seals "
                            + "with it?): restart every node with the new master key and run this again");
                    return 1;
                }
                out.println("Re-sealed " + total + " values; every sealed value opens with the current master key. "
                        + "The previous master keys may now be removed from every node.");
                return 0;
            } catch (IllegalStateException e) {
                err.println("cognate: " + e.getMessage());
                return 1;
            }
        }
    }
}
