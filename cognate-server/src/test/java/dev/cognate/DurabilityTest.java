package dev.cognate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.testing.Backend;
import dev.cognate.testing.EmbeddedPostgres;
import dev.cognate.testing.ServeProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolType;

/**
 * What the server acknowledged is on disk: a real {@code serve} process is killed with
 * SIGKILL while it is taking writes, and a new process on the same data finds every pool
 * (and user) whose creation it had answered.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class DurabilityTest {
    private static final int USERS = 50;
    private static final int POOLS_BEFORE_THE_KILL = 20;
    private static final int POOLS_DURING_THE_KILL = 5;

    @Parameter
    Backend backend;

    @Test
    void everythingAcknowledgedSurvivesAKill9() throws Exception {
        Path dataDir = Files.createTempDirectory("cognate-durability-");
        String dbUrl = backend == Backend.POSTGRESQL ? EmbeddedPostgres.newDatabase() : null;
        Map<String, String> acknowledgedPools = Collections.synchronizedMap(new LinkedHashMap<>());
        List<String> acknowledgedUsers = Collections.synchronizedList(new ArrayList<>());
        String userPoolId;

        try (ServeProcess first = ServeProcess.start(dataDir, dbUrl);
             CognitoIdentityProviderClient cognito = first.client()) {
            userPoolId = createPool(cognito, "durable-users", acknowledgedPools);
            for (int i = 0; i < USERS; i++) {
                createUser(cognito, userPoolId, "user-" + i, acknowledgedUsers);
            }
            for (int i = 0; i < POOLS_BEFORE_THE_KILL; i++) {
                createPool(cognito, "durable-" + i, acknowledgedPools);
            }

            CountDownLatch someAcknowledgedWhileRunning = new CountDownLatch(POOLS_DURING_THE_KILL);
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; ; i++) {
                        createUser(cognito, userPoolId, "in-flight-user-" + i, acknowledgedUsers);
                        createPool(cognito, "in-flight-" + i, acknowledgedPools);
                        someAcknowledgedWhileRunning.countDown();
                    }
                } catch (SdkException expectedOnceKilled) {
                    // the server died under this request: it was not acknowledged
                }
            }, "durability-writer");
            writer.start();
            assertThat(someAcknowledgedWhileRunning.await(60, TimeUnit.SECONDS)).as("writes before the kill").isTrue();
            first.kill();
            writer.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(writer.isAlive()).as("writer stopped by the kill").isFalse();
        }

        try (ServeProcess second = ServeProcess.start(dataDir, dbUrl);
             CognitoIdentityProviderClient cognito = second.client()) {
            Map<String, String> found = new LinkedHashMap<>();
            cognito.listUserPoolsPaginator(r -> r.maxResults(60)).userPools()
                    .forEach(p -> found.put(p.id(), p.name()));
            assertThat(found).containsAllEntriesOf(acknowledgedPools);
            for (var pool : acknowledgedPools.entrySet()) {
                UserPoolType described = cognito.describeUserPool(r -> r.userPoolId(pool.getKey())).userPool();
                assertThat(described.name()).isEqualTo(pool.getValue());
            }
            assertThat(acknowledgedUsers).hasSizeGreaterThan(USERS);
            for (String username : List.copyOf(acknowledgedUsers)) {
                assertThat(cognito.adminGetUser(r -> r.userPoolId(userPoolId).username(username)).username())
                        .isEqualTo(username);
            }
        } finally {
            deleteRecursively(dataDir);
        }
    }

    private static void createUser(CognitoIdentityProviderClient cognito, String poolId, String username,
                                   List<String> acknowledged) {
        cognito.adminCreateUser(r -> r.userPoolId(poolId).username(username)
                .messageAction(MessageActionType.SUPPRESS)
                .userAttributes(AttributeType.builder().name("email").value(username + "@example.com").build()));
        acknowledged.add(username);
    }

    private static String createPool(CognitoIdentityProviderClient cognito, String name, Map<String, String> acknowledged) {
        String id = cognito.createUserPool(r -> r.poolName(name)).userPool().id();
        acknowledged.put(id, name);
        return id;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
