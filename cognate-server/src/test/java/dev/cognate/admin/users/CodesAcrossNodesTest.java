package dev.cognate.admin.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.store.OutboxStore;
import dev.cognate.store.jdbc.JdbcOutboxStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestServer;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/** Two nodes on one PostgreSQL database: a reset code is used once across the cluster (codeReplay across nodes). */
class CodesAcrossNodesTest {
    static TestServer nodeA;
    static TestServer nodeB;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        nodeA = TestServer.start(Backend.POSTGRESQL);
        nodeB = TestServer.start(Backend.POSTGRESQL, Files.createTempDirectory("cognate-node-b-"), nodeA.dbUrl());
    }

    @AfterAll
    static void stop() {
        nodeB.close();
        nodeA.close();
    }

    @Test
    void codeReplayOnTwoNodesAtOnceHasExactlyOneWinner() throws Exception {
        CognitoIdentityProviderClient a = nodeA.client();
        CognitoIdentityProviderClient b = nodeB.client();
        String poolId = a.createUserPool(r -> r.poolName("cluster").autoVerifiedAttributes(VerifiedAttributeType.EMAIL))
                .userPool().id();
        String client = a.createUserPoolClient(r -> r.userPoolId(poolId).clientName("app")).userPoolClient().clientId();
        String name = "ada-" + UUID.randomUUID().toString().substring(0, 8);
        a.signUp(r -> r.clientId(client).username(name).password("Correct-Horse-1")
                .userAttributes(x -> x.name("email").value(name + "@example.com")));
        a.confirmSignUp(r -> r.clientId(client).username(name).confirmationCode(newestCode(poolId)));

        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 3; round++) {
                a.forgotPassword(r -> r.clientId(client).username(name));
                String code = newestCode(poolId);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> attempts = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    CognitoIdentityProviderClient node = i % 2 == 0 ? a : b;
                    String password = "Winner-Number-" + i;
                    attempts.add(threads.submit(() -> {
                        start.await();
                        try {
                            node.confirmForgotPassword(r -> r.clientId(client).username(name).confirmationCode(code)
                                    .password(password));
                            return true;
                        } catch (CognitoIdentityProviderException refused) {
                            return false;
                        }
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<Boolean> attempt : attempts) {
                    winners += attempt.get() ? 1 : 0;
                }
                assertThat(winners).isEqualTo(1);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static String newestCode(String poolId) {
        List<OutboxStore.Entry> entries = new JdbcOutboxStore(nodeA.server().database().jdbi(), new dev.cognate.crypto.SecretBox(dev.cognate.testing.TestServer.MASTER_KEY)).newest(poolId, Instant.now(), 1);
        Matcher m = Pattern.compile("\\b(\\d{6})\\b").matcher(entries.getFirst().body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
