package dev.cognate.store;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The embedded store's directory (0700) and files (0600) are readable by the node's own user
 * only: the store holds password hashes, refresh token hashes and encrypted secrets. Applied
 * at creation and again at every start, so that files copied in or left by an older version
 * are tightened too. The database file is created empty here before SQLite opens it, because
 * SQLite gives a new file the process umask's mode (0644 usually) and its -wal and -shm files
 * the database file's mode.
 */
final class OwnerOnlyFiles {
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFiles() {}

    static void secure(Path directory, Path database, Path... companions) {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            if (!Files.isDirectory(directory)) {
                if (posix) {
                    Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
                } else {
                    Files.createDirectories(directory);
                }
            }
            if (!posix) {
                return;
            }
            Files.setPosixFilePermissions(directory, DIRECTORY);
            if (!Files.exists(database)) {
                Files.createFile(database, PosixFilePermissions.asFileAttribute(FILE));
            }
            Files.setPosixFilePermissions(database, FILE);
            for (Path companion : companions) {
                if (Files.exists(companion)) {
                    Files.setPosixFilePermissions(companion, FILE);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot make the data directory " + directory + " owner-only: " + e.getMessage(), e);
        }
    }
}
