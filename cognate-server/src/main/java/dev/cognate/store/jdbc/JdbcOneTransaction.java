package dev.cognate.store.jdbc;

import dev.cognate.store.OneTransaction;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * JDBI gives every nested withHandle, useHandle and inTransaction on this thread the handle of
 * the unit, and runs a nested inTransaction inside the unit's transaction.
 */
public record JdbcOneTransaction(Jdbi jdbi) implements OneTransaction {
    @Override
    public <T> T run(Supplier<T> work) {
        return jdbi.inTransaction(handle -> work.get());
    }
}
