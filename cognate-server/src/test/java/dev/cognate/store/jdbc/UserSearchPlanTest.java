package dev.cognate.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.store.Database;
import dev.cognate.store.UserPoolStoreConformanceTest;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestDatabases;
import dev.cognate.users.User;
import dev.cognate.users.UserAttribute;
import dev.cognate.users.UserFilter;
import dev.cognate.users.UserFilter.Field;
import dev.cognate.users.UserFilter.Match;
import dev.cognate.users.UserStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every ListUsers filter and every lookup by e-mail, phone or alias is an index search: the
 * database's own plan shows no walk over the pool. SQLite's plan is read as text (no SCAN of a
 * table, no SEARCH bounded by the pool alone); PostgreSQL's is run (EXPLAIN ANALYZE,
 * sequential scans off so that an index walk over the whole pool would show) and may discard
 * only a few rows, however many users the pool holds.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class UserSearchPlanTest {
    static final String POOL = "us-east-1_PLANPLANP";
    static final int USERS = 400;

    @Parameter
    Backend backend;

    Database database;
    String someSub;

    @BeforeEach
    void fillAPool() {
        database = TestDatabases.fresh(backend);
        new JdbcUserPoolStore(database.jdbi()).insert(UserPoolStoreConformanceTest.pool(POOL, "plans"));
        JdbcUserStore users = new JdbcUserStore(database.jdbi());
        Instant now = Instant.now();
        for (int i = 0; i < USERS; i++) {
            String username = "user" + i;
            List<UserAttribute> attributes = new ArrayList<>(List.of(new UserAttribute("email", username + "@example.com"),
                    new UserAttribute("phone_number", "+1555" + (1000000 + i)), new UserAttribute("name", "Name " + i),
                    new UserAttribute("given_name", "Given" + i), new UserAttribute("family_name", "Family" + (i % 50)),
                    new UserAttribute("preferred_username", "pref" + i)));
            // few users confirmed, few disabled: the filters a walk over the pool would be slowest for
            User user = new User(POOL, username, username, UUID.randomUUID().toString(), attributes, i % 40 != 1,
                    i % 40 == 0 ? UserStatus.CONFIRMED : UserStatus.FORCE_CHANGE_PASSWORD, null, now, now, null);
            users.insert(user);
            someSub = user.sub();
        }
        if (backend == Backend.POSTGRESQL) {
            // SQLite plans as a fresh production file does, from its own rules, without statistics
            database.jdbi().useHandle(h -> h.execute("ANALYZE"));
        }
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void everyListUsersFilterIsAnIndexSearch() {
        List<UserFilter> filters = new ArrayList<>();
        for (Match match : Match.values()) {
            filters.add(new UserFilter(Field.USERNAME, null, match, "user12"));
            filters.add(new UserFilter(Field.SUB, null, match, match == Match.EQUALS ? someSub : someSub.substring(0, 8)));
            filters.add(new UserFilter(Field.USER_STATUS, null, match, "confirmed"));
            filters.add(new UserFilter(Field.ENABLED_STATUS, null, match, "Disabled"));
            for (String attribute : List.of("email", "phone_number", "name", "given_name", "family_name", "preferred_username")) {
                filters.add(new UserFilter(Field.ATTRIBUTE, attribute, match, "nothing-matches"));
                filters.add(new UserFilter(Field.ATTRIBUTE, attribute, match, "user12@example.com"));
            }
        }
        filters.add(new UserFilter(Field.USER_STATUS, null, Match.STARTS_WITH, "c"));
        filters.add(new UserFilter(Field.USERNAME, null, Match.STARTS_WITH, "nothing-matches"));
        for (UserFilter filter : filters) {
            assertIndexSearch(UserSearch.list(POOL, filter, null, 60), filter.toString());
            assertIndexSearch(UserSearch.list(POOL, filter, "user2", 60), filter + " after user2");
        }
    }

    @Test
    void signInLookupsByEmailPhoneOrAliasAreIndexSearches() {
        for (boolean ignoreCase : List.of(true, false)) {
            assertIndexSearch(UserSearch.byAttribute(POOL, "email", "User12@Example.com", ignoreCase), "email " + ignoreCase);
            assertIndexSearch(UserSearch.byAttribute(POOL, "phone_number", "+15551000012", ignoreCase), "phone " + ignoreCase);
            assertIndexSearch(UserSearch.byAttribute(POOL, "preferred_username", "Pref12", ignoreCase), "alias " + ignoreCase);
        }
    }

    private void assertIndexSearch(UserSearch search, String what) {
        List<String> plan = database.jdbi().withHandle(h -> {
            if (backend == Backend.SQLITE) {
                return new UserSearch("EXPLAIN QUERY PLAN " + search.sql(), search.values()).query(h).map((rs, ctx) -> rs.getString("detail")).list();
            }
            h.execute("SET enable_seqscan = off");
            return new UserSearch("EXPLAIN ANALYZE " + search.sql(), search.values()).query(h).mapTo(String.class).list();
        });
        String shown = what + ":\n" + String.join("\n", plan);
        if (backend == Backend.SQLITE) {
            // a SCAN of a table walks it; of a subquery (s_<status>) reads that subquery's page
            assertThat(plan).as(shown).noneMatch(line -> line.matches("SCAN (u|a|users|user_attributes)\\b.*"));
            assertThat(plan).as(shown).noneMatch(line -> line.matches("SEARCH .*\\((pool_id=\\?|pool_id=\\? AND username_key>\\?)\\)"));
            assertThat(plan).as(shown).anyMatch(line -> line.startsWith("SEARCH"));
        } else {
            assertThat(plan).as(shown).noneMatch(line -> line.contains("Seq Scan"));
            Pattern removed = Pattern.compile("Rows Removed by (Filter|Index Recheck|Join Filter): (\\d+)");
            for (String line : plan) {
                Matcher m = removed.matcher(line);
                if (m.find()) {
                    assertThat(Integer.parseInt(m.group(2))).as(shown).isLessThan(USERS / 10);
                }
            }
        }
    }
}
