package dev.cognate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cognate.pools.UserPool;
import dev.cognate.store.jdbc.JdbcUserPoolStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Handles;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.result.ResultIterator;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/**
 * The embedded store's statement cache. Most cases run on a pool of one connection, so every
 * borrow gets the same physical connection and the prepare counts are exact; the store's own
 * pool (four connections) is used where that does not matter.
 */
class SqliteStatementCacheTest {
    static final String BY_GROUP = "SELECT id FROM items WHERE grp = :grp ORDER BY id";
    static final String VALUE_OF = "SELECT v FROM items WHERE id = :id";
    static final String INSERT = "INSERT INTO items (id, grp, v) VALUES (:id, :grp, :v)";

    @TempDir
    Path dir;

    HikariDataSource pool;
    SqliteStatementCache cache;
    Jdbi jdbi;

    /** A pool like the store's (same URL options, shorter busy timeout), its JDBI caching through {@code cache}. */
    void open(int connections, SqliteStatementCache cache) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + dir.resolve("test.db") + "?journal_mode=WAL&synchronous=FULL"
                + "&foreign_keys=on&busy_timeout=2000&transaction_mode=IMMEDIATE");
        config.setMaximumPoolSize(connections);
        pool = new HikariDataSource(config);
        this.cache = cache;
        jdbi = Jdbi.create(pool).setStatementBuilderFactory(cache);
        jdbi.useHandle(h -> {
            h.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, grp TEXT NOT NULL, v INTEGER NOT NULL)");
            for (int id = 1; id <= 6; id++) {
                insert(h, id, id <= 3 ? "a" : "b", id * 10);
            }
        });
    }

    void open() {
        open(1, new SqliteStatementCache());
    }

    @AfterEach
    void close() {
        if (pool != null) {
            pool.close();
        }
    }

    static void insert(Handle h, int id, String grp, int v) {
        h.createUpdate(INSERT).bind("id", id).bind("grp", grp).bind("v", v).execute();
    }

    int valueOf(int id) {
        return jdbi.withHandle(h -> h.createQuery(VALUE_OF).bind("id", id).mapTo(Integer.class).one());
    }

    List<Integer> group(String grp) {
        return jdbi.withHandle(h -> h.createQuery(BY_GROUP).bind("grp", grp).mapTo(Integer.class).list());
    }

    Map<String, Object> note(String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapToMap().one());
    }

    @Test
    void aStatementRunTwiceOnOneBorrowedAndReturnedConnectionIsPreparedOnce() {
        open();
        long prepared = cache.prepared();
        long reused = cache.reused();

        assertThat(valueOf(1)).isEqualTo(10);
        assertThat(valueOf(2)).isEqualTo(20);

        assertThat(cache.prepared() - prepared).isEqualTo(1);
        assertThat(cache.reused() - reused).isEqualTo(1);
    }

    @Test
    void theSameQueryNestedInItsOwnIterationGetsAStatementOfItsOwnAndBothReadTheirRows() throws Exception {
        open();
        List<Statement> innerStatements = new ArrayList<>();
        List<String> seen = jdbi.withHandle(h -> {
            List<String> rows = new ArrayList<>();
            try (ResultIterator<Integer> outer = h.createQuery(BY_GROUP).bind("grp", "a").mapTo(Integer.class).iterator()) {
                while (outer.hasNext()) {
                    int id = outer.next();
                    if (id == 3) {
                        rows.add("3");
                        continue;
                    }
                    // the outer query has a row left, so its statement is still in use
                    List<Integer> inner = h.createQuery(BY_GROUP).bind("grp", "b")
                            .scanResultSet((results, ctx) -> {
                                ResultSet rs = results.get();
                                innerStatements.add(rs.getStatement());
                                List<Integer> ids = new ArrayList<>();
                                while (rs.next()) {
                                    ids.add(rs.getInt(1));
                                }
                                return ids;
                            });
                    rows.add(id + ":" + inner);
                }
            }
            return rows;
        });

        assertThat(seen).containsExactly("1:[4, 5, 6]", "2:[4, 5, 6]", "3");
        assertThat(innerStatements).hasSize(2);
        for (Statement inner : innerStatements) {
            assertThat(inner.isClosed()).as("a statement of its own, closed after use").isTrue();
        }
        long prepared = cache.prepared();
        assertThat(group("a")).containsExactly(1, 2, 3);
        assertThat(cache.prepared()).as("the outer query's statement was cached").isEqualTo(prepared);
    }

    @Test
    void aResultSetLeftOpenByACallerIsClosedAndDoesNotLeakIntoTheNextUse() throws Exception {
        open();
        jdbi.useHandle(h -> {
            ResultIterator<Integer> abandoned = h.createQuery(BY_GROUP).bind("grp", "a").mapTo(Integer.class).iterator();
            assertThat(abandoned.next()).isEqualTo(1);
        });
        ResultSet leaked = jdbi.withHandle(h -> h.createQuery(BY_GROUP).bind("grp", "a")
                .scanResultSet((results, ctx) -> {
                    ResultSet rs = results.get();
                    rs.next();
                    return rs;
                }));
        assertThat(leaked.isClosed()).isTrue();

        long prepared = cache.prepared();
        assertThat(group("a")).containsExactly(1, 2, 3);
        assertThat(group("b")).containsExactly(4, 5, 6);
        assertThat(cache.prepared()).isEqualTo(prepared);
    }

    @Test
    void anUpdateWhoseReturnedRowsNobodyReadsStillCommitsWhenItsStatementGoesBack() throws Exception {
        open(2, new SqliteStatementCache());
        try (Handle first = jdbi.open()) {
            first.createUpdate("UPDATE items SET v = v + 1 WHERE grp = 'a' RETURNING id").execute();
            // the first connection is held: this runs on the other, which must see the change and may write
            jdbi.useHandle(second -> {
                assertThat(second.getConnection().unwrap(SQLiteConnection.class))
                        .isNotSameAs(first.getConnection().unwrap(SQLiteConnection.class));
                assertThat(second.createQuery(VALUE_OF).bind("id", 1).mapTo(Integer.class).one()).isEqualTo(11);
                second.createUpdate("UPDATE items SET v = 0 WHERE id = 4").execute();
            });
        }
        assertThat(valueOf(4)).isZero();
    }

    @Test
    void aRolledBackTransactionsStatementIsUsedAgainCorrectlyAfterwards() {
        open();
        long prepared = cache.prepared();

        assertThatThrownBy(() -> jdbi.useTransaction(h -> {
            insert(h, 100, "x", 1);
            throw new IllegalStateException("given up");
        })).hasMessage("given up");
        jdbi.useTransaction(h -> insert(h, 101, "y", 2));

        assertThat(group("x")).isEmpty();
        assertThat(group("y")).containsExactly(101);
        assertThat(valueOf(101)).isEqualTo(2);
        assertThat(cache.prepared() - prepared).as("the two queries; the set-up's inserts cached the insert").isEqualTo(2);
    }

    @Test
    void aConnectionHandedBackMidTransactionIsStillRolledBackByThePool() {
        open();
        jdbi.getConfig(Handles.class).setForceEndTransactions(false);
        jdbi.useHandle(h -> insert(h, 200, "warm", 0)); // the insert is cached before the transaction

        Handle h = jdbi.open();
        h.begin();
        insert(h, 201, "t", 1);
        h.close(); // neither committed nor rolled back

        assertThat(group("t")).isEmpty();
    }

    @Test
    void aStatementThatFailedIsUsedAgainAndOneTheDriverFinalizedIsPreparedAgain() {
        open();
        assertThatThrownBy(() -> jdbi.useHandle(h -> insert(h, 1, "dup", 0)))
                .hasMessageContaining("SQLITE_CONSTRAINT");
        jdbi.useHandle(h -> insert(h, 7, "b", 70));
        assertThat(valueOf(7)).isEqualTo(70);

        // an error at step (not a constraint, busy or lock) makes the driver finalize the statement
        String abs = "SELECT abs(:n)";
        assertThatThrownBy(() -> jdbi.withHandle(h -> h.createQuery(abs).bind("n", Long.MIN_VALUE).mapTo(Long.class).one()))
                .hasMessageContaining("integer overflow")
                .satisfies(e -> assertThat(e.getSuppressed()).as("nothing failed on the way back").isEmpty());
        long prepared = cache.prepared();
        long five = jdbi.withHandle(h -> h.createQuery(abs).bind("n", -5).mapTo(Long.class).one());
        assertThat(five).isEqualTo(5);
        assertThat(cache.prepared() - prepared).isEqualTo(1);
    }

    /** A value whose binding fails when there is none. */
    record Bound(Integer value) implements Argument {
        @Override
        public void apply(int position, PreparedStatement statement, StatementContext ctx) throws SQLException {
            if (value == null) {
                throw new SQLException("cannot bind");
            }
            statement.setInt(position, value);
        }
    }

    @Test
    void aBatchThatFailedHalfwayLeavesNoPartsBehindForTheNextBatch() {
        open();
        // the first part is added to the statement's batch, the second fails before the batch runs
        assertThatThrownBy(() -> jdbi.useHandle(h -> h.prepareBatch(INSERT)
                .bind("id", 300).bind("grp", "batch").bind("v", new Bound(1)).add()
                .bind("id", 301).bind("grp", "batch").bind("v", new Bound(null)).add()
                .execute())).hasStackTraceContaining("cannot bind");
        jdbi.useHandle(h -> h.prepareBatch(INSERT)
                .bind("id", 302).bind("grp", "batch").bind("v", 2).add()
                .bind("id", 303).bind("grp", "batch").bind("v", 3).add()
                .execute());

        assertThat(group("batch")).containsExactly(302, 303);
        assertThat(valueOf(302)).isEqualTo(2);
        assertThat(valueOf(303)).isEqualTo(3);
    }

    @Test
    void aStatementAskingForGeneratedKeysIsPreparedEachTimeAsWithoutTheCache() {
        open();
        String insertGrouped = "INSERT INTO items (grp, v) VALUES (:grp, :v)";
        long prepared = cache.prepared();
        for (int v = 1; v <= 2; v++) {
            int value = v;
            int id = jdbi.withHandle(h -> h.createUpdate(insertGrouped).bind("grp", "keys").bind("v", value)
                    .executeAndReturnGeneratedKeys("id").mapTo(Integer.class).one());
            assertThat(valueOf(id)).isEqualTo(value);
        }
        assertThat(cache.prepared() - prepared).as("both inserts, and the value query once").isEqualTo(3);
    }

    @Test
    void aStatementCachedBeforeASchemaChangeRunsAgainstTheNewSchema() {
        open();
        String all = "SELECT * FROM notes";
        jdbi.useHandle(h -> {
            h.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
            h.execute("INSERT INTO notes VALUES (1, 'hello')");
        });
        assertThat(note(all)).containsOnlyKeys("id", "body");

        long prepared = cache.prepared();
        jdbi.useHandle(h -> h.execute("ALTER TABLE notes ADD COLUMN author TEXT DEFAULT 'ada'"));
        assertThat(note(all)).containsOnlyKeys("id", "body", "author").containsEntry("author", "ada");

        jdbi.useHandle(h -> {
            h.execute("DROP TABLE notes");
            h.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT)");
            h.execute("INSERT INTO notes VALUES (2, 'again')");
        });
        assertThat(note(all)).isEqualTo(Map.of("id", 2, "title", "again"));
        assertThat(cache.prepared() - prepared).as("the query was not prepared again").isEqualTo(4);
    }

    @Test
    void aConnectionThePoolClosesUnderTheCacheDoesNotBreakTheNextQueryAndIsLetGo() throws Exception {
        open();
        SQLiteConnection retired = jdbi.withHandle(h -> {
            assertThat(h.createQuery(VALUE_OF).bind("id", 1).mapTo(Integer.class).one()).isEqualTo(10);
            return h.getConnection().unwrap(SQLiteConnection.class);
        });

        pool.getHikariPoolMXBean().softEvictConnections();
        for (int i = 0; i < 100 && !retired.isClosed(); i++) {
            Thread.sleep(50);
        }
        assertThat(retired.isClosed()).isTrue();

        long prepared = cache.prepared();
        assertThat(valueOf(2)).isEqualTo(20);
        assertThat(cache.prepared() - prepared).as("prepared anew on the new connection").isEqualTo(1);
        assertThat(cache.connections()).isEqualTo(1);
    }

    @Test
    void theCacheKeepsAtMostItsCapacityPerConnectionAndClosesWhatItLetsGo() throws Exception {
        open(1, new SqliteStatementCache(4));
        List<Statement> statements = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String sql = "SELECT " + i + " + :n";
            statements.add(jdbi.withHandle(h -> h.createQuery(sql).bind("n", 1)
                    .scanResultSet((results, ctx) -> results.get().getStatement())));
        }

        int cached = jdbi.withHandle(h -> cache.cachedOn(h.getConnection()));
        assertThat(cached).isEqualTo(4);
        assertThat(statements.subList(0, 6)).allSatisfy(s -> assertThat(s.isClosed()).isTrue());
        assertThat(statements.subList(6, 10)).allSatisfy(s -> assertThat(s.isClosed()).isFalse());

        long prepared = cache.prepared();
        int one = jdbi.withHandle(h -> h.createQuery("SELECT 0 + :n").bind("n", 1).mapTo(Integer.class).one());
        assertThat(one).isEqualTo(1);
        assertThat(cache.prepared() - prepared).as("let go, so prepared again").isEqualTo(1);
    }

    @Test
    void threadsSharingThePoolEachReadTheirOwnRows() throws Exception {
        open(4, new SqliteStatementCache());
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int offset = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        int id = 1 + (i + offset) % 6;
                        assertThat(valueOf(id)).isEqualTo(id * 10);
                        assertThat(group(id <= 3 ? "a" : "b")).hasSize(3);
                    }
                }));
            }
            for (Future<?> each : done) {
                each.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(cache.connections()).isLessThanOrEqualTo(4);
    }

    @Test
    void theEmbeddedStoreCachesItsStatementsAndPostgresqlKeepsItsDriversOwn() {
        try (Database sqlite = TestDatabases.fresh(Backend.SQLITE)) {
            assertThat(sqlite.jdbi().getStatementBuilderFactory()).isInstanceOf(SqliteStatementCache.class);
            SqliteStatementCache statements = (SqliteStatementCache) sqlite.jdbi().getStatementBuilderFactory();
            UserPoolStore pools = new JdbcUserPoolStore(sqlite.jdbi());
            UserPool pool = UserPoolStoreConformanceTest.pool("us-east-1_AAAAAAAAA", "one");
            pools.insert(pool);
            long reused = statements.reused();
            for (int i = 0; i < 5; i++) {
                assertThat(pools.find(pool.id())).contains(pool);
            }
            assertThat(statements.reused() - reused).isPositive();
        }
        try (Database postgresql = TestDatabases.fresh(Backend.POSTGRESQL)) {
            assertThat(postgresql.jdbi().getStatementBuilderFactory()).isNotInstanceOf(SqliteStatementCache.class);
        }
    }
}
