package dev.cognate.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cognate.db, -wal and -shm were 0644 (world-readable password hashes): now owner-only. */
class StoreFilePermissionsTest {
    @TempDir
    Path tmp;

    @Test
    void newStoreFilesAndTheirDirectoryAreOwnerOnly() throws Exception {
        Path dataDir = tmp.resolve("data");
        try (Database database = Database.sqlite(dataDir)) {
            database.jdbi().useHandle(h -> h.execute("CREATE TABLE probe (x INTEGER)"));

            assertThat(mode(dataDir)).isEqualTo("rwx------");
            for (String name : new String[] {"cognate.db", "cognate.db-wal", "cognate.db-shm"}) {
                assertThat(dataDir.resolve(name)).exists();
                assertThat(mode(dataDir.resolve(name))).as(name).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void storeFilesLeftWorldReadableAreTightenedAtStart() throws Exception {
        Path dataDir = tmp.resolve("old");
        try (Database database = Database.sqlite(dataDir)) {
            database.jdbi().useHandle(h -> h.execute("CREATE TABLE probe (x INTEGER)"));
        }
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String name : new String[] {"cognate.db", "cognate.db-wal", "cognate.db-shm"}) {
            if (Files.exists(dataDir.resolve(name))) {
                Files.setPosixFilePermissions(dataDir.resolve(name), PosixFilePermissions.fromString("rw-r--r--"));
            }
        }

        try (Database database = Database.sqlite(dataDir)) {
            assertThat(mode(dataDir)).isEqualTo("rwx------");
            assertThat(mode(dataDir.resolve("cognate.db"))).isEqualTo("rw-------");
            try (var files = Files.list(dataDir)) {
                files.forEach(f -> assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------"));
            }
        }
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
