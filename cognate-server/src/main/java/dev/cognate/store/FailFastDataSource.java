package dev.cognate.store;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The connection pool, except while the database is known to be unreachable: then one request
 * at a time waits on the pool to find out whether it is back, and every other fails at once.
 * Without this, each query of each request waits out the pool's whole connection timeout while
 * the database restarts, and a request that asks three times holds its client past any
 * client's patience.
 *
 * <p>"Unreachable" is the pool's timeout with a cause (opening a connection failed); a timeout
 * without one only means every connection was busy, which says nothing about the database.
 */
final class FailFastDataSource implements DataSource {
    private final DataSource pool;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile boolean unreachable;

    FailFastDataSource(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        boolean probe = false;
        if (unreachable) {
            if (!probing.compareAndSet(false, true)) {
                throw new SQLTransientConnectionException("the database was unreachable moments ago", "08001");
            }
            probe = true;
        }
        try {
            Connection connection = pool.getConnection();
            unreachable = false;
            return connection;
        } catch (SQLTransientConnectionException e) {
            if (e.getCause() != null) {
                unreachable = true;
            }
            throw e;
        } finally {
            if (probe) {
                probing.set(false);
            }
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the pool holds its own credentials");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool.isWrapperFor(type);
    }
}
