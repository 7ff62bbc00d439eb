package dev.cognate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.store.Database;
import dev.cognate.store.jdbc.JdbcUserStore;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The scale benchmark's own parts at a small size: it loads the pool and times every case (figures are not checked). */
class UserSearchScaleTest {

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void loadsThePoolInBatchesAndTimesEverySearch(String backend) throws Exception {
        try (Database database = UserSearchScale.open(backend)) {
            UserSearchScale.load(database, UserSearchScale.BATCH + 10);
            assertThat(new JdbcUserStore(database.jdbi()).countUsers(UserSearchScale.POOL)).isEqualTo(UserSearchScale.BATCH + 10);
            List<UserSearchScale.Timing> timings = UserSearchScale.measure(database,
                    new UserSearchScale.Options(UserSearchScale.BATCH + 10, List.of(backend), 3, 1));
            assertThat(timings).extracting(UserSearchScale.Timing::what)
                    .contains("AdminGetUser (username)", "sign-in lookup by e-mail alias", "ListUsers email =",
                            "baseline: email = (EXISTS form)");
            assertThat(timings).allSatisfy(t -> assertThat(t.p99()).isGreaterThanOrEqualTo(t.p50()));
        }
    }
}
