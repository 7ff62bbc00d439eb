package dev.cognate.store;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * sqlite-jdbc extracts its native library from its jar to a temporary file at every start and
 * compares the copy with the original byte by byte (0.15 s of a node's start, and a copy left in
 * the temporary directory by a process that is killed). The build unpacks the library for the
 * common platforms beside the driver's jar ({@code lib/sqlite-jdbc-<version>-native}); when it is
 * there for this platform, the driver is told to load it from there (its {@code org.sqlite.lib.path}
 * and {@code org.sqlite.lib.name}). Anything else (tests on Maven's classpath, another platform,
 * a path set by the operator) leaves the driver to do as it always does; so does a library it
 * cannot load from there.
 */
final class SqliteNativeLibrary {
    private SqliteNativeLibrary() {}

    /** Before the JVM's first SQLite connection. */
    static synchronized void preferUnpacked() {
        if (System.getProperty("org.sqlite.lib.path") != null) {
            return;
        }
        driverJar().flatMap(jar -> unpacked(jar, org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS(),
                System.mapLibraryName("sqlitejdbc"))).ifPresent(library -> {
                    System.setProperty("org.sqlite.lib.path", library.getParent().toString());
                    System.setProperty("org.sqlite.lib.name", library.getFileName().toString());
                });
    }

    /** The library unpacked beside {@code driverJar} for the platform {@code folder} ("Linux/x86_64"), if it is there. */
    static Optional<Path> unpacked(Path driverJar, String folder, String libraryName) {
        String jarName = driverJar.getFileName().toString();
        if (!jarName.endsWith(".jar")) {
            return Optional.empty();
        }
        Path library = driverJar.resolveSibling(jarName.substring(0, jarName.length() - ".jar".length()) + "-native")
                .resolve("org/sqlite/native").resolve(folder).resolve(libraryName);
        return Files.isRegularFile(library) ? Optional.of(library) : Optional.empty();
    }

    private static Optional<Path> driverJar() {
        try {
            var source = org.sqlite.JDBC.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }
}
