package dev.cognate.cli;

import dev.cognate.store.SqliteBackups;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Put a backup made by 'cognate backup' in place as the embedded store of --data, which must hold "
                + "no store (or, with --force, one that no node is running on). Start the nodes with the master key "
                + "the backup was made under.")
public final class RestoreCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The backup file.")
    Path file;

    @Option(names = "--force", description = "Replace the store in --data (stop every node on it first).")
    boolean force;

    @Mixin
    StoreOptions store;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        if (store.dbUrl != null && !store.dbUrl.isBlank()) {
            err.println("cognate: restore writes the embedded SQLite store; for PostgreSQL use pg_restore "
                    + "(docs/OPERATIONS.md)");
            return 2;
        }
        try {
            SqliteBackups.restore(file, store.data, force);
        } catch (IllegalArgumentException e) {
            err.println("cognate: " + e.getMessage());
            return 2;
        } catch (IllegalStateException e) {
            err.println("cognate: " + e.getMessage());
            return 1;
        }
        out.println("Restored " + file + " into " + store.data.resolve("cognate.db")
                + ". Start the nodes with the master key the backup was made under.");
        return 0;
    }
}
