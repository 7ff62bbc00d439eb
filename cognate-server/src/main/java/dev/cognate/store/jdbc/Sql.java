package dev.cognate.store.jdbc;

import dev.cognate.store.DuplicateKeyException;
import java.sql.SQLException;
import java.util.function.Supplier;

/** Small helpers shared by the JDBC stores, for both dialects. */
public final class Sql {
    private Sql() {}

    /** Runs an insert, turning a unique-key violation (either dialect) into {@link DuplicateKeyException}. */
    public static <T> T insert(Supplier<T> insert) {
        try {
            return insert.get();
        } catch (RuntimeException e) {
            if (isUniqueViolation(e)) {
                throw new DuplicateKeyException("duplicate key", e);
            }
            throw e;
        }
    }

    public static void insert(Runnable insert) {
        insert(() -> {
            insert.run();
            return null;
        });
    }

    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                // PostgreSQL: SQLState 23505; SQLite: SQLITE_CONSTRAINT_PRIMARYKEY / _UNIQUE.
                if ("23505".equals(sql.getSQLState())) {
                    return true;
                }
                String message = String.valueOf(sql.getMessage());
                if (message.contains("SQLITE_CONSTRAINT_PRIMARYKEY") || message.contains("SQLITE_CONSTRAINT_UNIQUE")) {
                    return true;
                }
            }
        }
        return false;
    }
}
