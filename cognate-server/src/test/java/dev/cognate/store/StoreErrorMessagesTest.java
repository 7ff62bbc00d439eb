package dev.cognate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import dev.cognate.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A statement that fails says why (the database's own words) but quotes none of its arguments:
 * they are codes, addresses and hashes, and a store exception reaches the log.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class StoreErrorMessagesTest {
    @Parameter
    Backend backend;

    @Test
    void aFailedStatementQuotesNoneOfItsArgumentsSoNoSecretReachesTheLog() {
        try (Database database = TestDatabases.fresh(backend)) {
            String secret = "+15559990000 code 73150842";
            assertThatThrownBy(() -> database.jdbi().useHandle(h -> h.createUpdate(
                            "INSERT INTO outbox_messages (id) VALUES (:id)").bind("id", secret).execute()))
                    .satisfies(e -> {
                        for (Throwable t = e; t != null; t = t.getCause()) {
                            assertThat(String.valueOf(t.getMessage())).doesNotContain(secret).doesNotContain("73150842");
                        }
                    });
        }
    }
}
