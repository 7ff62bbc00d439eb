package dev.cognate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.testing.Backend;
import dev.cognate.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GroupType;

/** `cognate backup` while a node writes, and `cognate restore` (docs/OPERATIONS.md). The embedded store only. */
class BackupCommandTest {

    record Run(int exit, String out, String err) {}

    @Test
    void aBackupTakenDuringWritesHoldsEveryAcknowledgedWriteAndRestoresIntoAnEmptyDirectory() throws Exception {
        Path backup = Files.createTempDirectory("cognate-backup-").resolve("cognate.backup");
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        String poolId;
        int acknowledgedBeforeBackup;
        try (TestServer server = TestServer.start(Backend.SQLITE)) {
            CognitoIdentityProviderClient cognito = server.client();
            poolId = cognito.createUserPool(r -> r.poolName("backed-up")).userPool().id();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch writing = new CountDownLatch(20);
            CountDownLatch writtenDuringBackup = new CountDownLatch(1);
            AtomicBoolean backupRunning = new AtomicBoolean();
            Thread writer = Thread.ofPlatform().start(() -> {
                for (int i = 0; !stop.get(); i++) {
                    String name = "g" + i;
                    cognito.createGroup(r -> r.userPoolId(poolId).groupName(name));
                    acknowledged.add(name);
                    writing.countDown();
                    if (backupRunning.get()) {
                        writtenDuringBackup.countDown();
                    }
                }
            });
            assertThat(writing.await(60, TimeUnit.SECONDS)).isTrue();
            acknowledgedBeforeBackup = acknowledged.size();
            backupRunning.set(true);
            Run backedUp = run(new BackupCommand(), backup.toString(), "--data", server.dataDir().toString());
            assertThat(writtenDuringBackup.await(60, TimeUnit.SECONDS)).as("the node kept writing").isTrue();
            stop.set(true);
            writer.join();
            assertThat(backedUp.exit()).as(backedUp.err()).isZero();
            assertThat(backedUp.out()).contains("master key");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup))).isEqualTo("rw-------");

        Path restoredDir = Files.createTempDirectory("cognate-restored-").resolve("data");
        Run restored = run(new RestoreCommand(), backup.toString(), "--data", restoredDir.toString());
        assertThat(restored.exit()).as(restored.err()).isZero();

        try (TestServer server = TestServer.start(Backend.SQLITE, restoredDir, null)) {
            List<String> all = server.client().listGroupsPaginator(r -> r.userPoolId(poolId).limit(60)).groups().stream()
                    .map(GroupType::groupName).toList();
            assertThat(all).containsAll(acknowledged.subList(0, acknowledgedBeforeBackup));
            // one snapshot: the writes it holds are the first k the writer made, none missing in between
            List<String> expectedPrefix = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                expectedPrefix.add("g" + i);
            }
            assertThat(all).containsExactlyInAnyOrderElementsOf(expectedPrefix);
        }
    }

    @Test
    void restoreRefusesAStoreThatIsThereWithoutForce() throws IOException {
        try (TestServer server = TestServer.start(Backend.SQLITE)) {
            String poolId = server.client().createUserPool(r -> r.poolName("live")).userPool().id();
            Path backup = server.dataDir().resolveSibling(server.dataDir().getFileName() + ".backup");
            assertThat(run(new BackupCommand(), backup.toString(), "--data", server.dataDir().toString()).exit()).isZero();

            Run refused = run(new RestoreCommand(), backup.toString(), "--data", server.dataDir().toString());

            assertThat(refused.exit()).isEqualTo(2);
            assertThat(refused.err()).contains("holds a store").contains("--force");
            assertThat(server.client().describeUserPool(r -> r.userPoolId(poolId)).userPool().name()).isEqualTo("live");
        }
    }

    @Test
    void aForcedRestoreReplacesAStoppedStore() throws IOException {
        Path data;
        Path backup;
        String kept;
        try (TestServer server = TestServer.start(Backend.SQLITE)) {
            data = server.dataDir();
            kept = server.client().createUserPool(r -> r.poolName("kept")).userPool().id();
            backup = data.resolveSibling(data.getFileName() + ".backup");
            assertThat(run(new BackupCommand(), backup.toString(), "--data", data.toString()).exit()).isZero();
            server.client().createUserPool(r -> r.poolName("after-the-backup"));
        }
        Run forced = run(new RestoreCommand(), "--force", backup.toString(), "--data", data.toString());
        assertThat(forced.exit()).as(forced.err()).isZero();
        try (TestServer server = TestServer.start(Backend.SQLITE, data, null)) {
            assertThat(server.client().listUserPools(r -> r.maxResults(10)).userPools())
                    .extracting(p -> p.id()).containsExactly(kept);
        }
    }

    @Test
    void aBackupNeverOverwritesAFileAndRestoreTakesOnlyABackup() throws IOException {
        Path dir = Files.createTempDirectory("cognate-backup-");
        Path notABackup = Files.writeString(dir.resolve("notes.txt"), "not a database");
        try (TestServer server = TestServer.start(Backend.SQLITE)) {
            Run overwrite = run(new BackupCommand(), notABackup.toString(), "--data", server.dataDir().toString());
            assertThat(overwrite.exit()).isEqualTo(2);
            assertThat(overwrite.err()).contains("exists");
        }
        assertThat(Files.readString(notABackup)).isEqualTo("not a database");
        Run restore = run(new RestoreCommand(), notABackup.toString(), "--data", dir.resolve("data").toString());
        assertThat(restore.exit()).isEqualTo(2);
        assertThat(restore.err()).contains("not a Cognate backup");
        assertThat(dir.resolve("data").resolve("cognate.db")).doesNotExist();
    }

    @Test
    void postgresqlIsBackedUpWithPgDump() {
        Run refused = run(new BackupCommand(), "x.backup", "--db-url", "jdbc:postgresql://localhost/cognate");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("pg_dump");
    }

    private static Run run(Object command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        if (command instanceof BackupCommand backup) {
            backup.out = o;
            backup.err = e;
        } else if (command instanceof RestoreCommand restore) {
            restore.out = o;
            restore.err = e;
        }
        int exit = new CommandLine(command).execute(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
