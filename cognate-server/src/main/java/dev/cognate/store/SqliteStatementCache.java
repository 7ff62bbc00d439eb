package dev.cognate.store;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilderFactory;
import org.jdbi.v3.core.statement.StatementContext;
import org.sqlite.SQLiteConnection;

/**
 * The embedded store's prepared statements, kept per SQLite connection and used again: SQLite's
 * driver prepares every statement anew, and the pool has no statement cache, so parsing SQL was
 * a visible share of a sign-in's CPU.
 *
 * <p>Statements are prepared on the physical connection (the pool closes those made through its
 * per-borrow proxy when the connection goes back), at most {@link ConnectionStatements#CAPACITY}
 * per connection, and given to one JDBI statement at a time: the same SQL run again while its
 * statement is still in use (a query inside another's iteration) gets a statement of its own,
 * closed when done. Statements JDBI asks for with generated keys or updatable results, and
 * callable ones, are made as without the cache.
 */
final class SqliteStatementCache implements StatementBuilderFactory {
    private static final StatementBuilder UNCACHED = new DefaultStatementBuilder();

    private final int capacity;
    private final Map<SQLiteConnection, ConnectionStatements> byConnection = new ConcurrentHashMap<>();
    private final LongAdder prepared = new LongAdder();
    private final LongAdder reused = new LongAdder();

    SqliteStatementCache() {
        this(ConnectionStatements.CAPACITY);
    }

    SqliteStatementCache(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public StatementBuilder createStatementBuilder(Connection connection) {
        SQLiteConnection physical;
        try {
            physical = connection.unwrap(SQLiteConnection.class);
        } catch (SQLException e) {
            return UNCACHED;
        }
        return new HandleStatements(connection, statementsOf(physical));
    }

    /** Statements prepared for JDBI since this cache was made (cached or not). */
    long prepared() {
        return prepared.sum();
    }

    /** Statements JDBI got from the cache instead of preparing them. */
    long reused() {
        return reused.sum();
    }

    /** The physical connections this cache holds statements for. */
    int connections() {
        return byConnection.size();
    }

    /** The statements cached on the physical connection under {@code connection}. */
    int cachedOn(Connection connection) throws SQLException {
        ConnectionStatements statements = byConnection.get(connection.unwrap(SQLiteConnection.class));
        return statements == null ? 0 : statements.size();
    }

    private ConnectionStatements statementsOf(SQLiteConnection physical) {
        ConnectionStatements statements = byConnection.get(physical);
        if (statements != null) {
            return statements;
        }
        // A new physical connection usually replaces one the pool closed (max lifetime, eviction);
        // closing it finalized its statements, so only the entry is left to drop.
        byConnection.keySet().removeIf(SqliteStatementCache::isClosed);
        return byConnection.computeIfAbsent(physical, c -> new ConnectionStatements(c, capacity));
    }

    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** One handle's view: what it checked out of its connection's cache goes back when JDBI closes it. */
    private final class HandleStatements implements StatementBuilder {
        private final Connection pooled;
        private final ConnectionStatements cache;
        private final Map<Statement, ConnectionStatements.Cached> checkedOut = new IdentityHashMap<>();

        HandleStatements(Connection pooled, ConnectionStatements cache) {
            this.pooled = pooled;
            this.cache = cache;
        }

        @Override
        public Statement create(Connection connection, StatementContext ctx) throws SQLException {
            return UNCACHED.create(connection, ctx);
        }

        @Override
        public PreparedStatement create(Connection connection, String sql, StatementContext ctx) throws SQLException {
            ConnectionStatements.Cached entry = null;
            if (connection == pooled && !ctx.isReturningGeneratedKeys() && !ctx.isConcurrentUpdatable()) {
                entry = cache.checkOut(sql);
            }
            if (entry == null) {
                prepared.increment();
                return UNCACHED.create(connection, sql, ctx);
            }
            if (entry.reused()) {
                reused.increment();
            } else {
                prepared.increment();
            }
            checkedOut.put(entry.statement(), entry);
            markTransactionDirty();
            return entry.statement();
        }

        @Override
        public CallableStatement createCall(Connection connection, String sql, StatementContext ctx) throws SQLException {
            prepared.increment();
            return UNCACHED.createCall(connection, sql, ctx);
        }

        @Override
        public void close(Connection connection, String sql, Statement statement) throws SQLException {
            ConnectionStatements.Cached entry = checkedOut.remove(statement);
            if (entry == null) {
                UNCACHED.close(connection, sql, statement);
            } else {
                cache.checkIn(entry);
            }
        }

        /** The handle's end: anything JDBI left checked out goes back (JDBI closes its statements first). */
        @Override
        public void close(Connection connection) {
            for (ConnectionStatements.Cached entry : checkedOut.values()) {
                try {
                    cache.checkIn(entry);
                } catch (SQLException e) {
                    // checkIn dropped the statement; nothing more to do at the handle's end
                }
            }
            checkedOut.clear();
        }

        /**
         * The pool rolls back a connection handed back mid-transaction only if it saw a statement
         * run through its proxy, which cached statements bypass; getMetaData() is the proxy's
         * public call that marks the transaction dirty the same way.
         */
        private void markTransactionDirty() throws SQLException {
            if (!pooled.getAutoCommit()) {
                pooled.getMetaData();
            }
        }
    }
}
