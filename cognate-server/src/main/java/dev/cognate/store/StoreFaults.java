package dev.cognate.store;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.slf4j.Logger;

/**
 * Tells a store that is away (PostgreSQL restarting, the connection pool empty for too long, a
 * full disk) from a bug, so that an outage is logged as one line per failed request, saying
 * what is wrong, instead of a stack trace each: the client gets the same server error either way.
 */
public final class StoreFaults {
    private StoreFaults() {}

    /** Why the store could not serve, when that is the cause of {@code e}; null otherwise. */
    public static String unavailable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException) {
                return "no database connection became free or could be opened in time";
            }
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState();
                // SQLSTATE class 08: connection exception; 57P01-57P03: the server is shutting down or starting
                if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                    return "the database connection failed (SQLSTATE " + state + ")";
                }
                // SQLite's SQLITE_FULL (13) and SQLITE_IOERR (10)
                if (sql.getErrorCode() == 13) {
                    return "the disk is full: the database cannot grow";
                }
                if (sql.getErrorCode() == 10) {
                    return "the database file could not be written or read (I/O error)";
                }
            }
        }
        return null;
    }

    /** Logs a failed request: one WARN line when the store is away, an ERROR with the stack trace otherwise. */
    public static void log(Logger log, String what, Throwable e) {
        String why = unavailable(e);
        if (why != null) {
            log.warn("{}: the store is unavailable: {}", what, why);
        } else {
            log.error(what, e);
        }
    }
}
