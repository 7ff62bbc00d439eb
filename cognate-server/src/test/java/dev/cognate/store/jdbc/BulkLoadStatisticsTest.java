package dev.cognate.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.store.Database;
import dev.cognate.store.UserPoolStoreConformanceTest;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestDatabases;
import dev.cognate.users.User;
import dev.cognate.users.UserAttribute;
import dev.cognate.users.UserStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A bulk load leaves PostgreSQL statistics that plan the foreign-key check of each attribute row
 * as a primary-key lookup, not as a walk over the pool: without them the check kept a plan made
 * for a nearly empty table and read the pool's whole {@code users_by_enabled} index every row.
 */
class BulkLoadStatisticsTest {
    static final String POOL = "us-east-1_BULKBULKB";

    @Test
    void statisticsAreDueAtTheFirstThousandUsersAndThenEachTimeTheCountDoubles() {
        BulkLoadStatistics statistics = new BulkLoadStatistics();
        assertThat(statistics.loaded(999)).isFalse();
        assertThat(statistics.loaded(1)).isTrue();
        assertThat(statistics.loaded(999)).isFalse();
        assertThat(statistics.loaded(1)).isTrue();
        assertThat(statistics.loaded(3_999)).isTrue();
        assertThat(statistics.loaded(1)).isFalse();
    }

    @Test
    void aPoolBulkLoadedFasterThanAutovacuumLooksAtItChecksEachAttributeRowsForeignKeyByThePrimaryKey() {
        try (Database database = TestDatabases.fresh(Backend.POSTGRESQL)) {
            new JdbcUserPoolStore(database.jdbi()).insert(UserPoolStoreConformanceTest.pool(POOL, "bulk"));
            JdbcUserStore users = new JdbcUserStore(database.jdbi());
            for (int batch = 0; batch < 2; batch++) {
                users.insertAll(batchOfUsers(batch, 1_000));
            }

            List<String> plan = database.jdbi().withHandle(h -> {
                // the form and plan caching of PostgreSQL's own foreign-key check (ri_triggers.c)
                h.execute("SET plan_cache_mode = force_generic_plan");
                h.execute("PREPARE fk_check(text, text) AS SELECT 1 FROM ONLY users x "
                        + "WHERE pool_id::text = $1 AND username::text = $2 FOR KEY SHARE OF x");
                return h.createQuery("EXPLAIN EXECUTE fk_check('" + POOL + "', 'user1-500')").mapTo(String.class).list();
            });
            assertThat(plan).as(String.join("\n", plan)).anyMatch(line -> line.contains("users_pkey"));
            double counted = database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT reltuples FROM pg_class WHERE relname = 'users'").mapTo(Double.class).one());
            assertThat(counted).isGreaterThanOrEqualTo(1_000);
        }
    }

    private static List<User> batchOfUsers(int batch, int size) {
        Instant now = Instant.now();
        List<User> users = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            String username = "user" + batch + "-" + i;
            users.add(new User(POOL, username, username, UUID.randomUUID().toString(),
                    List.of(new UserAttribute("email", username + "@example.com"), new UserAttribute("given_name", "Given")),
                    true, UserStatus.RESET_REQUIRED, null, now, now, null));
        }
        return users;
    }
}
