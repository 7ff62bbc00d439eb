package dev.cognate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cognate.testing.ServeProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;

/**
 * The embedded store on a disk that fills up: writes fail with the API's own server error and
 * a log line that names the cause, reads go on, nothing hangs, and once space returns writes
 * work again on an intact database with everything acknowledged before. The disk is a small
 * tmpfs the test mounts (it needs root, as CI has; skipped where mounting is not allowed).
 */
class DiskFullTest {
    static final String SIZE = "24m";

    Path mountPoint;
    boolean mounted;

    @BeforeEach
    void smallDisk() throws Exception {
        mountPoint = Files.createTempDirectory("cognate-small-disk-");
        mounted = run("mount", "-t", "tmpfs", "-o", "size=" + SIZE + ",mode=0700", "tmpfs", mountPoint.toString()) == 0;
        assumeTrue(mounted, "cannot mount a tmpfs here (needs root)");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            run("umount", mountPoint.toString());
        }
        Files.deleteIfExists(mountPoint);
    }

    @Test
    void aFullDiskRefusesWritesClearlyAndLosesNothingOnceSpaceReturns() throws Exception {
        Path dataDir = Files.createDirectories(mountPoint.resolve("data"));
        Path filler = mountPoint.resolve("filler");
        List<String> acknowledged = new ArrayList<>();
        String poolId;
        try (ServeProcess node = ServeProcess.start(dataDir, null);
             CognitoIdentityProviderClient cognito = node.client()) {
            poolId = cognito.createUserPool(r -> r.poolName("small-disk")).userPool().id();
            for (int i = 0; i < 20; i++) {
                acknowledged.add(createUser(cognito, poolId, "before-" + i));
            }

            fill(filler);
            int refused = 0;
            for (int i = 0; i < 200 && refused < 5; i++) {
                String username = "while-full-" + i;
                try {
                    acknowledged.add(createUser(cognito, poolId, username));
                } catch (AwsServiceException e) {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalErrorException");
                    assertThat(e.statusCode()).isEqualTo(500);
                    refused++;
                }
            }
            assertThat(refused).as("writes refused once the disk is full").isEqualTo(5);
            assertThat(node.output()).contains("the store is unavailable: the disk is full");
            String first = acknowledged.getFirst();
            assertThat(cognito.adminGetUser(r -> r.userPoolId(poolId).username(first)).username())
                    .as("reads go on").isEqualTo(first);

            Files.delete(filler);
            acknowledged.add(createUser(cognito, poolId, "after-space-returned"));
            for (String username : acknowledged) {
                assertThat(cognito.adminGetUser(r -> r.userPoolId(poolId).username(username)).username()).isEqualTo(username);
            }
            System.out.printf("[DiskFullTest] %d writes acknowledged, %d refused while the disk was full, all found afterwards%n",
                    acknowledged.size(), refused);
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("cognate.db"));
             ResultSet check = db.createStatement().executeQuery("PRAGMA integrity_check")) {
            check.next();
            assertThat(check.getString(1)).isEqualTo("ok");
        }
    }

    private static String createUser(CognitoIdentityProviderClient cognito, String poolId, String username) {
        cognito.adminCreateUser(r -> r.userPoolId(poolId).username(username).messageAction(MessageActionType.SUPPRESS)
                .userAttributes(AttributeType.builder().name("email").value(username + "@example.com").build()));
        return username;
    }

    /** Writes until the disk refuses (ENOSPC). */
    private static void fill(Path filler) {
        byte[] chunk = new byte[64 * 1024];
        assertThatThrownBy(() -> {
            try (OutputStream out = Files.newOutputStream(filler)) {
                while (true) {
                    out.write(chunk);
                }
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("No space left");
    }

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }
}
