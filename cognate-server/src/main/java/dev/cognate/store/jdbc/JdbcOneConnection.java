package dev.cognate.store.jdbc;

import dev.cognate.store.OneConnection;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/** JDBI reuses the handle a thread holds for every nested withHandle, useHandle and inTransaction. */
public record JdbcOneConnection(Jdbi jdbi) implements OneConnection {
    @Override
    public <T> T run(Supplier<T> work) {
        return jdbi.withHandle(handle -> work.get());
    }
}
