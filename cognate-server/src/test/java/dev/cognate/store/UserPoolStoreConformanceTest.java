package dev.cognate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognate.pools.Policies;
import dev.cognate.pools.StandardSchema;
import dev.cognate.pools.UserPool;
import dev.cognate.store.jdbc.JdbcUserPoolStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestDatabases;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Backend.class)
public class UserPoolStoreConformanceTest {
    @Parameter
    Backend backend;

    Database database;
    UserPoolStore pools;

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(backend);
        pools = new JdbcUserPoolStore(database.jdbi());
    }

    @AfterEach
    void close() {
        database.close();
    }

    public static UserPool pool(String id, String name) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new UserPool(id, name, now, now, Policies.DEFAULT, "INACTIVE", StandardSchema.defaults(),
                List.of("email"), null, List.of("email"), null, "OFF", "ESSENTIALS", null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);
    }

    @Test
    void insertedPoolReadsBackEqual() {
        UserPool pool = pool("us-east-1_AAAAAAAAA", "one");
        pools.insert(pool);
        assertThat(pools.find(pool.id())).contains(pool);
    }

    @Test
    void secondInsertOfTheSameIdIsADuplicate() {
        pools.insert(pool("us-east-1_AAAAAAAAA", "one"));
        assertThatThrownBy(() -> pools.insert(pool("us-east-1_AAAAAAAAA", "two")))
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void changeAndDeleteReportWhetherThePoolExisted() {
        UserPool pool = pool("us-east-1_AAAAAAAAA", "one");
        assertThat(pools.change(pool.id(), p -> pool("us-east-1_AAAAAAAAA", "renamed"))).isEmpty();
        pools.insert(pool);
        assertThat(pools.change(pool.id(), p -> pool("us-east-1_AAAAAAAAA", "renamed"))).map(UserPool::name)
                .contains("renamed");
        assertThat(pools.find(pool.id())).map(UserPool::name).contains("renamed");
        assertThat(pools.delete(pool.id())).isTrue();
        assertThat(pools.delete(pool.id())).isFalse();
        assertThat(pools.find(pool.id())).isEmpty();
    }

    @Test
    void lostUpdateAWriteBetweenAChangesReadAndItsWriteIsNotUndone() {
        UserPool pool = pool("us-east-1_AAAAAAAAA", "one");
        pools.insert(pool);
        UserPoolStore otherNode = new JdbcUserPoolStore(database.jdbi());
        AtomicInteger tries = new AtomicInteger();

        Optional<UserPool> written = pools.change(pool.id(), read -> {
            if (tries.getAndIncrement() == 0) {
                // another request lands after this one read the pool and before it writes
                otherNode.change(pool.id(), p -> p.withMfaConfiguration("OPTIONAL", Instant.now()));
            }
            return read.withUserPoolTags(tags(Map.of("team", "identity")));
        });

        assertThat(tries).hasValue(2);
        assertThat(written).map(UserPool::mfaConfiguration).contains("OPTIONAL");
        UserPool stored = pools.find(pool.id()).orElseThrow();
        assertThat(stored.mfaConfiguration()).isEqualTo("OPTIONAL");
        assertThat(stored.userPoolTags().get("team").asText()).isEqualTo("identity");
    }

    @Test
    void lostUpdateManyChangesOfOnePoolAtOnceAllLand() throws Exception {
        UserPool pool = pool("us-east-1_AAAAAAAAA", "one");
        pools.insert(pool);
        // 12 changes by the others at most come between one change's read and write: fewer than its attempts
        int threads = 4;
        int each = 4;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(executor.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        String key = "t" + thread + "-" + i;
                        pools.change(pool.id(), p -> p.withUserPoolTags(withTag(p.userPoolTags(), key)));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            executor.shutdownNow();
        }
        assertThat(pools.find(pool.id()).orElseThrow().userPoolTags().size()).isEqualTo(threads * each);
    }

    @Test
    void aChangeThatThrowsWritesNothing() {
        UserPool pool = pool("us-east-1_AAAAAAAAA", "one");
        pools.insert(pool);
        assertThatThrownBy(() -> pools.change(pool.id(), p -> {
            throw new IllegalArgumentException("refused");
        })).hasMessage("refused");
        assertThat(pools.find(pool.id())).contains(pool);
    }

    @Test
    void aDeletionTheCheckRefusesDeletesNothing() {
        UserPool pool = pool("us-east-1_AAAAAAAAA", "one");
        pools.insert(pool);
        assertThatThrownBy(() -> pools.delete(pool.id(), p -> {
            throw new IllegalStateException("protected");
        })).hasMessage("protected");
        assertThat(pools.find(pool.id())).contains(pool);
        assertThat(pools.delete(pool.id(), p -> { })).isTrue();
        assertThat(pools.delete(pool.id(), p -> { })).isFalse();
    }

    @Test
    void aChangeCannotMakeAnotherPool() {
        UserPool pool = pool("us-east-1_AAAAAAAAA", "one");
        pools.insert(pool);
        assertThatThrownBy(() -> pools.change(pool.id(), p -> pool("us-east-1_BBBBBBBBB", "other")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(pools.find("us-east-1_BBBBBBBBB")).isEmpty();
    }

    private static ObjectNode tags(Map<String, String> tags) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        tags.forEach(node::put);
        return node;
    }

    private static ObjectNode withTag(JsonNode tags, String key) {
        ObjectNode node = tags == null || !tags.isObject() ? JsonNodeFactory.instance.objectNode() : ((ObjectNode) tags).deepCopy();
        return node.put(key, "v");
    }

    @Test
    void listPagesInIdOrder() {
        for (String suffix : List.of("C", "A", "E", "B", "D")) {
            pools.insert(pool("us-east-1_" + suffix.repeat(9), suffix));
        }
        List<String> ids = new ArrayList<>();
        String after = null;
        do {
            Page<UserPool> page = pools.list("us-east-1", after, 2);
            page.items().forEach(p -> ids.add(p.name()));
            after = page.next();
        } while (after != null);
        assertThat(ids).containsExactly("A", "B", "C", "D", "E");
    }

    @Test
    void listHoldsOnlyThePoolsOfTheRegionAsked() {
        pools.insert(pool("eu-west-1_AAAAAAAAA", "eu"));
        pools.insert(pool("us-east-1_AAAAAAAAA", "us"));
        pools.insert(pool("us-east-10_AAAAAAAA", "us10"));

        assertThat(pools.list("eu-west-1", null, 10).items()).extracting(UserPool::name).containsExactly("eu");
        assertThat(pools.list("us-east-1", null, 10).items()).extracting(UserPool::name).containsExactly("us");
        assertThat(pools.list("us-east", null, 10).items()).isEmpty();
    }
}
