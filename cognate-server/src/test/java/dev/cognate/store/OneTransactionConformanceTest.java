package dev.cognate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.crypto.SecretBox;
import dev.cognate.store.jdbc.JdbcBrowserSessionStore;
import dev.cognate.store.jdbc.JdbcOneTransaction;
import dev.cognate.store.jdbc.JdbcSignInTransactionStore;
import dev.cognate.store.jdbc.JdbcUserPoolStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestDatabases;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The end of a sign-in writes its transaction's end and the browser's session as one unit: a
 * failure part-way leaves neither, so the transaction can still be finished and no session
 * exists without a finished sign-in; and a unit that completes commits both.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class OneTransactionConformanceTest {
    static final String POOL = "us-east-1_ONETXONE1";

    @Parameter
    Backend backend;

    Database database;
    SignInTransactionStore transactions;
    BrowserSessionStore sessions;
    OneTransaction unit;
    final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(backend);
        new JdbcUserPoolStore(database.jdbi()).insert(UserPoolStoreConformanceTest.pool(POOL, "units"));
        transactions = new JdbcSignInTransactionStore(database.jdbi(), new SecretBox(new byte[32]));
        sessions = new JdbcBrowserSessionStore(database.jdbi());
        unit = new JdbcOneTransaction(database.jdbi());
        transactions.create("t1", new SignInTransaction(POOL, "client-1", "https://app.example.com/cb", "code",
                List.of("openid"), "app-state", null, null, List.of(), null, null, "binding-hash",
                SignInTransaction.Step.START, now, now.plusSeconds(1800)));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aUnitThatFailsPartWayLeavesTheTransactionOpenAndNoSession() {
        var open = transactions.findOpen("t1", now).orElseThrow();
        assertThatThrownBy(() -> unit.run(() -> {
            assertThat(transactions.finish(open, now)).isTrue();
            sessions.save("s1", new BrowserSession(POOL, "jane", now, now.plusSeconds(3600)));
            throw new IllegalStateException("the code could not be stored");
        })).hasMessage("the code could not be stored");

        assertThat(sessions.findActive("s1", now)).isEmpty();
        assertThat(transactions.findOpen("t1", now)).isPresent();
        assertThat(transactions.finish(open, now)).isTrue();
    }

    @Test
    void aUnitThatCompletesCommitsEveryWriteAndItsResult() {
        var open = transactions.findOpen("t1", now).orElseThrow();
        boolean finished = unit.run(() -> {
            sessions.save("s1", new BrowserSession(POOL, "jane", now, now.plusSeconds(3600)));
            return transactions.finish(open, now);
        });

        assertThat(finished).isTrue();
        assertThat(sessions.findActive("s1", now)).isPresent();
        assertThat(transactions.findOpen("t1", now)).isEmpty();
        assertThat(transactions.finish(open, now)).isFalse();
    }
}
