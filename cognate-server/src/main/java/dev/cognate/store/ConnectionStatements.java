package dev.cognate.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sqlite.SQLiteConnection;
import org.sqlite.core.CoreStatement;

/**
 * The prepared statements of one physical SQLite connection, by SQL, the least recently used
 * closed beyond {@code capacity}. A statement is checked out to one user at a time.
 */
final class ConnectionStatements {
    /** Enough for every statement of the store's hot paths on each connection. */
    static final int CAPACITY = 128;

    /** A cached statement; {@code reused} says whether this checkout found it already prepared. */
    static final class Cached {
        private final String sql;
        private final PreparedStatement statement;
        private boolean inUse;
        private boolean reused;

        private Cached(String sql, PreparedStatement statement) {
            this.sql = sql;
            this.statement = statement;
        }

        PreparedStatement statement() {
            return statement;
        }

        boolean reused() {
            return reused;
        }
    }

    private final SQLiteConnection connection;
    private final Map<String, Cached> bySql;

    ConnectionStatements(SQLiteConnection connection, int capacity) {
        this.connection = connection;
        this.bySql = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                if (size() <= capacity) {
                    return false;
                }
                if (!eldest.getValue().inUse) {
                    closeQuietly(eldest.getValue().statement);
                }
                // one in use is closed when it comes back, since the cache no longer holds it
                return true;
            }
        };
    }

    /**
     * The statement for {@code sql}, prepared now if the cache has none; null if the cached one
     * is in use, for the caller to prepare one of its own.
     */
    synchronized Cached checkOut(String sql) throws SQLException {
        Cached entry = bySql.get(sql);
        if (entry != null && isFinalized(entry.statement)) {
            bySql.remove(sql);
            entry = null;
        }
        if (entry != null) {
            if (entry.inUse) {
                return null;
            }
            entry.inUse = true;
            entry.reused = true;
            return entry;
        }
        entry = new Cached(sql, connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY));
        entry.inUse = true;
        bySql.put(sql, entry);
        return entry;
    }

    /**
     * Takes a statement back, reset for its next user: results closed, SQLite's statement reset
     * (ending the implicit transaction of one stepped but not read to its end), parameters and
     * batch cleared (no bound value, a secret among them, stays in memory). One the driver
     * closed, or the cache let go of meanwhile, is dropped.
     */
    synchronized void checkIn(Cached entry) throws SQLException {
        entry.inUse = false;
        PreparedStatement statement = entry.statement;
        if (isFinalized(statement)) {
            bySql.remove(entry.sql, entry);
            return;
        }
        if (bySql.get(entry.sql) != entry) {
            statement.close();
            return;
        }
        try {
            reset(statement);
        } catch (SQLException | RuntimeException e) {
            bySql.remove(entry.sql, entry);
            closeQuietly(statement);
            throw e;
        }
    }

    synchronized int size() {
        return bySql.size();
    }

    /**
     * Closed, or finalized under the statement by the driver: after most errors of a step, and
     * with all of its connection's statements when the connection closes (isClosed() says
     * neither).
     */
    private static boolean isFinalized(PreparedStatement statement) throws SQLException {
        return statement.isClosed() || ((CoreStatement) statement).pointer.isClosed();
    }

    private static void reset(PreparedStatement statement) throws SQLException {
        statement.getMoreResults(); // closes the open result set, if any
        ((CoreStatement) statement).pointer.safeRunInt((db, pointer) -> db.reset(pointer));
        statement.clearParameters();
        statement.clearBatch();
        if (statement.getMaxRows() != 0) {
            statement.setMaxRows(0);
        }
        if (statement.getQueryTimeout() != 0) {
            statement.setQueryTimeout(0);
        }
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException e) {
            // finalizing a statement nobody uses any more: nothing to tell anyone
        }
    }
}
