package dev.cognate.testing;

import dev.cognate.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** A fresh, migrated database of either backend, for the storage conformance suite. */
public final class TestDatabases {
    private TestDatabases() {}

    public static Database fresh(Backend backend) {
        return switch (backend) {
            case SQLITE -> {
                try {
                    yield Database.sqlite(Files.createTempDirectory("cognate-store-"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case POSTGRESQL -> Database.postgresql(EmbeddedPostgres.newDatabase(), null, null);
        };
    }
}
