package dev.cognate.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Backups of the embedded store. A backup is {@code VACUUM INTO}: one read transaction, so a
 * consistent snapshot of every committed write while nodes keep writing (WAL readers do not
 * block writers), written to a new owner-only file and moved into place once complete. A
 * restore puts such a file in a data directory that holds no store (or, forced, replaces a
 * stopped one). The master key is not in a backup: keep it apart.
 */
public final class SqliteBackups {
    static final String DATABASE = "cognate.db";

    private SqliteBackups() {}

    /** Writes a consistent copy of {@code dataDir}'s store to {@code target} (which must not exist). */
    public static void backup(Path dataDir, Path target) {
        Path database = dataDir.resolve(DATABASE).toAbsolutePath();
        if (!Files.isRegularFile(database)) {
            throw new IllegalArgumentException("no store in " + dataDir + " (no " + DATABASE + ")");
        }
        if (Files.exists(target)) {
            throw new IllegalArgumentException(target + " exists: a backup never overwrites a file");
        }
        Path partial = target.toAbsolutePath().resolveSibling(target.getFileName() + ".partial");
        try {
            Files.deleteIfExists(partial);
            createOwnerOnly(partial);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database + "?busy_timeout=10000");
                 Statement s = c.createStatement()) {
                s.execute("VACUUM INTO '" + partial.toString().replace("'", "''") + "'");
            }
            sync(partial);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (SQLException | IOException e) {
            deleteQuietly(partial);
            throw new IllegalStateException("backup of " + database + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Puts {@code backup} in place as {@code dataDir}'s store. Refuses a data directory that holds
     * a store unless {@code replace}; every node on it must be stopped first.
     */
    public static void restore(Path backup, Path dataDir, boolean replace) {
        if (!Files.isRegularFile(backup)) {
            throw new IllegalArgumentException("no backup at " + backup);
        }
        check(backup);
        Path database = dataDir.resolve(DATABASE).toAbsolutePath();
        try {
            if (Files.exists(database) && Files.size(database) > 0 && !replace) {
                throw new IllegalArgumentException(dataDir + " holds a store: restore into an empty directory, or stop "
                        + "every node on it and add --force to replace it");
            }
            OwnerOnlyFiles.secure(dataDir, dataDir.resolve(DATABASE + ".restoring"));
            Path restoring = dataDir.resolve(DATABASE + ".restoring").toAbsolutePath();
            try (var out = Files.newOutputStream(restoring, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                Files.copy(backup, out);
            }
            sync(restoring);
            // a replaced store's write-ahead log belongs to it, not to the backup
            Files.deleteIfExists(Path.of(database + "-wal"));
            Files.deleteIfExists(Path.of(database + "-shm"));
            Files.move(restoring, database, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("restore into " + dataDir + " failed: " + e.getMessage(), e);
        }
    }

    /** A backup is a sound SQLite file that Cognate's migrations made. */
    private static void check(Path backup) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + backup.toAbsolutePath() + "?mode=ro");
             Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
                if (!r.next() || !"ok".equals(r.getString(1))) {
                    throw new IllegalArgumentException(backup + " is damaged (SQLite's integrity check fails)");
                }
            }
            try (ResultSet r = s.executeQuery(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'flyway_schema_history'")) {
                if (!r.next() || r.getInt(1) != 1) {
                    throw new IllegalArgumentException(backup + " is not a Cognate store");
                }
            }
        } catch (SQLException e) {
            throw new IllegalArgumentException(backup + " is not a Cognate backup: " + e.getMessage());
        }
    }

    private static void createOwnerOnly(Path file) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OwnerOnlyFiles.FILE));
        } else {
            Files.createFile(file);
        }
    }

    private static void sync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the error that brought us here is the one to report
        }
    }
}
