package dev.cognate.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root (where mvnw and the cognate launcher are), whichever module directory the tests run in. */
final class Repository {
    private Repository() {}

    static Path root() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root above " + System.getProperty("user.dir"));
        }
        return dir;
    }

    /** docs/, where the README's screenshots live. */
    static Path docs() throws IOException {
        return Files.createDirectories(root().resolve("docs"));
    }
}
