package dev.cognate.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.crypto.SecretBox;
import dev.cognate.store.KeyPurpose;
import dev.cognate.store.SigningKey;
import dev.cognate.store.SigningKeyStore;
import dev.cognate.store.jdbc.JdbcSigningKeyStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.MovableClock;
import dev.cognate.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A pool's signing keys as a node holds them: made once on first use however many requests
 * ask together, and read from the store at most once per refresh, by one request at a time.
 */
class KeyRingTest {
    final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T08:00:00Z"));
    CountingStore store;
    String poolId;

    @BeforeEach
    void setUp() {
        TestServer server = TestServer.shared(Backend.SQLITE);
        poolId = server.client().createUserPool(r -> r.poolName("key-ring")).userPool().id();
        store = new CountingStore(new JdbcSigningKeyStore(server.server().database().jdbi(), new SecretBox(TestServer.MASTER_KEY)));
    }

    @Test
    void manyFirstSignInsOfANewPoolMakeOneKeyPerPurposeAndReadTheStoreThrice() throws Exception {
        KeyRing ring = new KeyRing(store, clock);
        Set<String> idKids = ConcurrentHashMap.newKeySet();
        Set<String> accessKids = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> signers = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            KeyPurpose purpose = i % 2 == 0 ? KeyPurpose.ID : KeyPurpose.ACCESS;
            signers.add(Thread.ofVirtual().start(() -> {
                await(start);
                (purpose == KeyPurpose.ID ? idKids : accessKids).add(ring.activeKey(poolId, purpose).kid());
            }));
        }
        start.countDown();
        for (Thread signer : signers) {
            assertThat(signer.join(Duration.ofSeconds(60))).isTrue();
        }

        assertThat(idKids).hasSize(1);
        assertThat(accessKids).hasSize(1).doesNotContainAnyElementsOf(idKids);
        assertThat(store.inserts).hasValue(2);
        assertThat(store.reads).as("the first look, the look before making keys, the look after").hasValueLessThanOrEqualTo(3);
    }

    @Test
    void whileOneRequestReloadsTheKeysTheOthersSignWithTheKeysTheyHave() throws Exception {
        KeyRing ring = new KeyRing(store, clock);
        String kid = ring.activeKey(poolId, KeyPurpose.ACCESS).kid();
        clock.advance(KeyRing.REFRESH.plusSeconds(1));
        store.holdNextRead();
        int readsBefore = store.reads.get();

        Thread reloading = Thread.ofVirtual().start(() -> ring.activeKey(poolId, KeyPurpose.ACCESS));
        assertThat(store.readHeld.await(30, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 100; i++) {
            assertThat(ring.activeKey(poolId, KeyPurpose.ACCESS).kid()).isEqualTo(kid);
        }
        store.release.countDown();

        assertThat(reloading.join(Duration.ofSeconds(30))).isTrue();
        assertThat(store.reads.get() - readsBefore).isEqualTo(1);
    }

    @Test
    void aRotationOnAnotherNodeIsSignedWithHereOnceTheRefreshIsDue() {
        KeyRing here = new KeyRing(store, clock);
        KeyRing otherNode = new KeyRing(store, clock);
        String before = here.activeKey(poolId, KeyPurpose.ID).kid();

        otherNode.rotate(poolId);

        assertThat(here.activeKey(poolId, KeyPurpose.ID).kid()).isEqualTo(before);
        clock.advance(KeyRing.REFRESH.plusSeconds(1));
        String after = here.activeKey(poolId, KeyPurpose.ID).kid();
        assertThat(after).isNotEqualTo(before).isEqualTo(otherNode.activeKey(poolId, KeyPurpose.ID).kid());
        assertThat(here.publicKeys(poolId).getKeyByKeyId(before)).as("the retired key stays published").isNotNull();
    }

    @Test
    void aRotationHereSignsWithTheNewKeysAtOnce() {
        KeyRing ring = new KeyRing(store, clock);
        String before = ring.activeKey(poolId, KeyPurpose.ACCESS).kid();

        List<String> made = ring.rotate(poolId);

        assertThat(ring.activeKey(poolId, KeyPurpose.ACCESS).kid()).isNotEqualTo(before).isIn(made);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The real store, counting what the ring asks of it; a read can be held to stand for a slow database. */
    static final class CountingStore implements SigningKeyStore {
        final SigningKeyStore store;
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger inserts = new AtomicInteger();
        final CountDownLatch readHeld = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean holdNext;

        CountingStore(SigningKeyStore store) {
            this.store = store;
        }

        void holdNextRead() {
            holdNext = true;
        }

        @Override
        public void insert(SigningKey key) {
            inserts.incrementAndGet();
            store.insert(key);
        }

        @Override
        public List<SigningKey> forPool(String poolId) {
            reads.incrementAndGet();
            if (holdNext) {
                holdNext = false;
                readHeld.countDown();
                await(release);
            }
            return store.forPool(poolId);
        }

        @Override
        public int retireActive(String poolId, Instant at) {
            return store.retireActive(poolId, at);
        }

        @Override
        public int deleteRetiredBefore(Instant before) {
            return store.deleteRetiredBefore(before);
        }
    }
}
