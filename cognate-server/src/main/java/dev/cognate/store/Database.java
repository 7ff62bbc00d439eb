package dev.cognate.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.Locale;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The one database a node uses: SQLite (embedded default) or PostgreSQL, migrated by Flyway
 * at start, reached through a Hikari pool and JDBI.
 */
public final class Database implements AutoCloseable {

    public enum Dialect { SQLITE, POSTGRESQL }

    /** The embedded store's pooled connections (see cli.CarrierThreads for why this number matters). */
    public static final int SQLITE_CONNECTIONS = 4;

    static final java.time.Duration CONNECTION_TIMEOUT = java.time.Duration.ofSeconds(10);

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Dialect dialect;

    private Database(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        StatementEventsOff.ensure();
        this.jdbi = Jdbi.create(new FailFastDataSource(dataSource));
        // A failed statement's exception quotes neither the statement nor its arguments (Jdbi's
        // default quotes both): they hold codes, addresses and hashes, and exceptions reach the log.
        jdbi.getConfig(org.jdbi.v3.core.statement.StatementExceptions.class)
                .setMessageRendering(org.jdbi.v3.core.statement.StatementExceptions.MessageRendering.NONE);
        if (dialect == Dialect.SQLITE) {
            // PostgreSQL's driver keeps its own server-side prepared statements
            jdbi.setStatementBuilderFactory(new SqliteStatementCache());
        }
    }

    /** The embedded store: {@code <dataDir>/cognate.db} in WAL mode with full fsync on commit. */
    public static Database sqlite(Path dataDir) {
        return connectSqlite(dataDir).migrated();
    }

    private static Database connectSqlite(Path dataDir) {
        Path file = dataDir.resolve("cognate.db").toAbsolutePath();
        OwnerOnlyFiles.secure(dataDir, file, Path.of(file + "-wal"), Path.of(file + "-shm"));
        SqliteNativeLibrary.preferUnpacked();
        HikariConfig config = new HikariConfig();
        // IMMEDIATE transactions take the write lock up front, so concurrent writers wait on
        // busy_timeout instead of failing with SQLITE_BUSY on lock upgrade.
        config.setJdbcUrl("jdbc:sqlite:" + file + "?journal_mode=WAL&synchronous=FULL&foreign_keys=on"
                + "&busy_timeout=10000&transaction_mode=IMMEDIATE");
        config.setMaximumPoolSize(SQLITE_CONNECTIONS);
        config.setPoolName("cognate-sqlite");
        Database database = new Database(new HikariDataSource(config), Dialect.SQLITE);
        // SQLite gives the -wal and -shm files the database file's mode; checked again all the same
        OwnerOnlyFiles.secure(dataDir, file, Path.of(file + "-wal"), Path.of(file + "-shm"));
        return database;
    }

    /**
     * Loads SQLite's driver and native library, which the first connection of the embedded store
     * otherwise does (a node's start may do it ahead, on another thread).
     */
    public static void loadSqliteDriver() throws Exception {
        SqliteNativeLibrary.preferUnpacked();
        org.sqlite.SQLiteJDBCLoader.initialize();
    }

    public static Database postgresql(String jdbcUrl, String user, String password) {
        return connectPostgresql(jdbcUrl, user, password).migrated();
    }

    private static Database connectPostgresql(String jdbcUrl, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (user != null && !user.isBlank()) {
            config.setUsername(user);
        }
        if (password != null && !password.isBlank()) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(16);
        // Batched INSERTs (a bulk import's) go as multi-row statements, not one round of parsing each.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        // The server's DETAIL ("Failing row contains (...)") quotes a row's values in the exception's message.
        config.addDataSourceProperty("logServerErrorDetail", "false");
        // While the database is away a request waits this long for a connection, then fails
        // (the client sees the API's own 500 and may retry); /ready answers 503 within it.
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.setValidationTimeout(Math.min(CONNECTION_TIMEOUT.toMillis() / 2, 2_000));
        config.setPoolName("cognate-postgresql");
        return new Database(new HikariDataSource(config), Dialect.POSTGRESQL);
    }

    /** The store a node is configured with, migrated. */
    public static Database open(String dbUrl, String user, String password, Path dataDir) {
        return connect(dbUrl, user, password, dataDir).migrated();
    }

    /**
     * The store a node is configured with, connected but not yet migrated: {@link #migrate}
     * before the first query (lets a node do other start-up work meanwhile).
     */
    public static Database connect(String dbUrl, String user, String password, Path dataDir) {
        if (dbUrl == null || dbUrl.isBlank()) {
            return connectSqlite(dataDir);
        }
        if (dbUrl.startsWith("jdbc:postgresql:")) {
            return connectPostgresql(dbUrl, user, password);
        }
        if (dbUrl.startsWith("jdbc:sqlite:")) {
            throw new IllegalArgumentException("use --data <dir> for the embedded store, not --db-url");
        }
        throw new IllegalArgumentException("--db-url must start with jdbc:postgresql:// (got " + dbUrl.split("\\?")[0] + ")");
    }

    /**
     * Brings the schema up to date (Flyway): the portable migrations, then those of this
     * dialect alone ({@code db/postgresql}), which use version numbers the others skip.
     */
    public void migrate() {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration", "classpath:db/" + dialect.name().toLowerCase(Locale.ROOT))
                .load()
                .migrate();
    }

    private Database migrated() {
        try {
            migrate();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** True when the database answers a trivial query. */
    public boolean isReachable() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * {@link #isReachable}, answered within {@code bound} whatever the database does: a probe
     * (a load balancer's /ready) must not wait out the pool's connection timeout.
     */
    public boolean isReachableWithin(java.time.Duration bound) {
        return java.util.concurrent.CompletableFuture.supplyAsync(this::isReachable, Thread::startVirtualThread)
                .completeOnTimeout(false, bound.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .join();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
