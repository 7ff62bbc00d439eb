package dev.cognate.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteNativeLibraryTest {
    @TempDir
    Path lib;

    Path jar;
    Path library;

    @BeforeEach
    void unpackALinuxLibraryBesideTheDriver() throws Exception {
        jar = Files.createFile(lib.resolve("sqlite-jdbc-3.54.1.0.jar"));
        library = lib.resolve("sqlite-jdbc-3.54.1.0-native/org/sqlite/native/Linux/x86_64/libsqlitejdbc.so");
        Files.createDirectories(library.getParent());
        Files.write(library, new byte[] {0x7f, 'E', 'L', 'F'});
    }

    @Test
    void theLibraryUnpackedBesideTheDriversJarForThisPlatformIsFound() {
        assertThat(SqliteNativeLibrary.unpacked(jar, "Linux/x86_64", "libsqlitejdbc.so")).contains(library);
    }

    @Test
    void anotherPlatformOrADriverOutsideAJarLeavesTheDriverToExtractItsOwn() {
        assertThat(SqliteNativeLibrary.unpacked(jar, "Linux/aarch64", "libsqlitejdbc.so")).isEmpty();
        assertThat(SqliteNativeLibrary.unpacked(lib.resolve("classes"), "Linux/x86_64", "libsqlitejdbc.so")).isEmpty();
        assertThat(SqliteNativeLibrary.unpacked(lib.resolve("sqlite-jdbc-3.53.0.0.jar"), "Linux/x86_64", "libsqlitejdbc.so"))
                .isEmpty();
    }
}
