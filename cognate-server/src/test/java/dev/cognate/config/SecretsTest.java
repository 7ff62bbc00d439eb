package dev.cognate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store's own master key and admin keys, made at the first start and kept in its data directory. */
class SecretsTest {
    @TempDir
    Path tmp;

    static Settings embedded(Path dataDir) {
        return new Settings("127.0.0.1", 0, null, dataDir, null, null, null, null);
    }

    @Test
    void theFirstStartMakesTheKeysOwnerOnlyAndTheNextReadsThem() throws Exception {
        Path dataDir = tmp.resolve("data");
        Secrets.Resolved first = Secrets.resolve(embedded(dataDir), Map.of());
        Secrets.Resolved second = Secrets.resolve(embedded(dataDir), Map.of());

        assertThat(first.masterKeyGenerated()).isTrue();
        assertThat(second.masterKeyGenerated()).isFalse();
        assertThat(second.masterKey()).isEqualTo(first.masterKey());
        assertThat(second.accessKeyId()).isEqualTo(first.accessKeyId());
        for (String name : List.of("master.key", "admin-credentials.properties")) {
            Path file = dataDir.resolve(name);
            if (Files.exists(file)) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(name).isEqualTo("rw-------");
            }
        }
        try (var files = Files.list(dataDir)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void processesStartingTogetherOnOneDirectoryAllUseTheKeyThatWasKept() throws Exception {
        for (int round = 0; round < 5; round++) {
            Path dataDir = tmp.resolve("race-" + round);
            int starters = 8;
            ExecutorService threads = Executors.newFixedThreadPool(starters);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Secrets.Resolved>> started = new ArrayList<>();
                for (int i = 0; i < starters; i++) {
                    started.add(threads.submit(() -> {
                        go.await();
                        return Secrets.resolve(embedded(dataDir), Map.of());
                    }));
                }
                go.countDown();
                List<Secrets.Resolved> resolved = new ArrayList<>();
                for (Future<Secrets.Resolved> f : started) {
                    resolved.add(f.get());
                }
                byte[] kept = Base64.getDecoder().decode(Files.readString(dataDir.resolve("master.key")).trim());
                int made = 0;
                for (Secrets.Resolved one : resolved) {
                    assertThat(one.masterKey()).isEqualTo(kept);
                    assertThat(one.accessKeyId()).isEqualTo(resolved.getFirst().accessKeyId());
                    made += one.masterKeyGenerated() ? 1 : 0;
                }
                assertThat(made).as("exactly one start made the key").isEqualTo(1);
            } finally {
                threads.shutdownNow();
            }
        }
    }
}
