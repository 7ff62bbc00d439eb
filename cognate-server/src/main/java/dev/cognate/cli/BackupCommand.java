package dev.cognate.cli;

import dev.cognate.store.SqliteBackups;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Write a consistent copy of the embedded SQLite store to FILE while nodes keep running "
                + "(every write committed before the copy began is in it). The master key is not in the copy: back it "
                + "up apart. For PostgreSQL use pg_dump (docs/OPERATIONS.md).")
public final class BackupCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The backup file to write (must not exist).")
    Path file;

    @Mixin
    StoreOptions store;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        if (store.dbUrl != null && !store.dbUrl.isBlank()) {
            err.println("cognate: backup copies the embedded SQLite store; for PostgreSQL use pg_dump "
                    + "(pg_dump --format=custom --file=cognate.dump <database>, see docs/OPERATIONS.md)");
            return 2;
        }
        try {
            SqliteBackups.backup(store.data, file);
        } catch (IllegalArgumentException e) {
            err.println("cognate: " + e.getMessage());
            return 2;
        } catch (IllegalStateException e) {
            err.println("cognate: " + e.getMessage());
            return 1;
        }
        out.println("Backed up " + store.data.resolve("cognate.db") + " to " + file
                + ". Keep the master key (COGNATE_MASTER_KEY or " + store.data.resolve("master.key")
                + ") apart from it: the secrets in the backup open only with that key.");
        return 0;
    }
}
