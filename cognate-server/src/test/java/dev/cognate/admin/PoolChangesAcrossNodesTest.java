package dev.cognate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import dev.cognate.testing.TestServer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeDataType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DeletionProtectionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SchemaAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/**
 * Two nodes on one PostgreSQL database. A pool is one document that UpdateUserPool,
 * SetUserPoolMfaConfig, TagResource and AddCustomAttributes each change a part of: none of them
 * may undo another's change (lost update), whichever node it lands on and whatever that node last
 * read of the pool.
 */
class PoolChangesAcrossNodesTest {
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
    void lostUpdateAnMfaChangeOnANodeThatReadThePoolBeforeKeepsAnUpdateMadeOnAnother() {
        CognitoIdentityProviderClient a = nodeA.client();
        CognitoIdentityProviderClient b = nodeB.client();
        String poolId = a.createUserPool(r -> r.poolName("terraformed")).userPool().id();
        // node B reads the pool (a plan's refresh), and keeps it in memory for a moment
        assertThat(b.describeUserPool(r -> r.userPoolId(poolId)).userPool().autoVerifiedAttributes()).isEmpty();

        a.updateUserPool(r -> r.userPoolId(poolId).autoVerifiedAttributes(VerifiedAttributeType.EMAIL)
                .emailVerificationSubject("Your Example code"));
        b.setUserPoolMfaConfig(r -> r.userPoolId(poolId).mfaConfiguration(UserPoolMfaType.OPTIONAL)
                .softwareTokenMfaConfiguration(t -> t.enabled(true)));

        UserPoolType pool = a.describeUserPool(r -> r.userPoolId(poolId)).userPool();
        assertThat(pool.autoVerifiedAttributes()).containsExactly(VerifiedAttributeType.EMAIL);
        assertThat(pool.emailVerificationSubject()).isEqualTo("Your Example code");
        assertThat(pool.mfaConfiguration()).isEqualTo(UserPoolMfaType.OPTIONAL);
    }

    @Test
    void deletionProtectionTurnedOnAMomentAgoOnAnotherNodeStopsTheDeletion() {
        CognitoIdentityProviderClient a = nodeA.client();
        CognitoIdentityProviderClient b = nodeB.client();
        String poolId = a.createUserPool(r -> r.poolName("protected")).userPool().id();
        b.describeUserPool(r -> r.userPoolId(poolId));

        a.updateUserPool(r -> r.userPoolId(poolId).deletionProtection(DeletionProtectionType.ACTIVE));

        assertThatThrownBy(() -> b.deleteUserPool(r -> r.userPoolId(poolId)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("deletion protection");
        assertThat(a.describeUserPool(r -> r.userPoolId(poolId)).userPool().deletionProtection())
                .isEqualTo(DeletionProtectionType.ACTIVE);
    }

    @Test
    void lostUpdateTagsAttributesAndAnUpdateGivenOnTwoNodesAtOnceAllLand() throws Exception {
        CognitoIdentityProviderClient a = nodeA.client();
        CognitoIdentityProviderClient b = nodeB.client();
        UserPoolType created = a.createUserPool(r -> r.poolName("busy")).userPool();
        String poolId = created.id();
        b.describeUserPool(r -> r.userPoolId(poolId));

        ExecutorService threads = Executors.newFixedThreadPool(9);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                CognitoIdentityProviderClient node = i % 2 == 0 ? a : b;
                String n = Integer.toString(i);
                done.add(threads.submit(() -> {
                    start.await();
                    node.tagResource(r -> r.resourceArn(created.arn()).tags(Map.of("tag" + n, n)));
                    return null;
                }));
                done.add(threads.submit(() -> {
                    start.await();
                    node.addCustomAttributes(r -> r.userPoolId(poolId).customAttributes(SchemaAttributeType.builder()
                            .name("attr" + n).attributeDataType(AttributeDataType.STRING).build()));
                    return null;
                }));
            }
            done.add(threads.submit(() -> {
                start.await();
                b.updateUserPool(r -> r.userPoolId(poolId).autoVerifiedAttributes(VerifiedAttributeType.EMAIL));
                return null;
            }));
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }

        UserPoolType pool = b.describeUserPool(r -> r.userPoolId(poolId)).userPool();
        assertThat(a.listTagsForResource(r -> r.resourceArn(created.arn())).tags())
                .containsOnlyKeys("tag0", "tag1", "tag2", "tag3");
        assertThat(pool.schemaAttributes()).extracting(SchemaAttributeType::name)
                .contains("custom:attr0", "custom:attr1", "custom:attr2", "custom:attr3");
        assertThat(pool.autoVerifiedAttributes()).containsExactly(VerifiedAttributeType.EMAIL);
    }
}
