package dev.cognate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void updateAndDeleteReportWhetherThePoolExisted() {
        UserPool pool = pool("us-east-1_AAAAAAAAA", "one");
        assertThat(pools.update(pool)).isFalse();
        pools.insert(pool);
        UserPool renamed = pool("us-east-1_AAAAAAAAA", "renamed");
        assertThat(pools.update(renamed)).isTrue();
        assertThat(pools.find(pool.id())).map(UserPool::name).contains("renamed");
        assertThat(pools.delete(pool.id())).isTrue();
        assertThat(pools.delete(pool.id())).isFalse();
        assertThat(pools.find(pool.id())).isEmpty();
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
