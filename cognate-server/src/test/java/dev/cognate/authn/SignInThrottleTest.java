package dev.cognate.authn;

import dev.cognate.testing.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.store.Database;
import dev.cognate.store.jdbc.JdbcSignInFailureStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The brute-force throttle on its store, with a clock the test moves. */
@ParameterizedClass
@EnumSource(Backend.class)
class SignInThrottleTest {
    static final String POOL = "us-east-1_THROTTLE1";
    static final String OTHER_POOL = "us-east-1_THROTTLE2";
    static final String ADDRESS = "198.51.100.1";

    @Parameter
    Backend backend;

    Database database;
    MovableClock clock;
    SignInThrottle throttle;

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(backend);
        clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
        throttle = new SignInThrottle(new JdbcSignInFailureStore(database.jdbi()),
                dev.cognate.crypto.KeyedHash.derive(new byte[32], SignInThrottle.HASH_PURPOSE), clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private void fail(String user, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(POOL, user, ADDRESS + "-" + user);
        }
    }

    private Optional<Duration> waitFor(String user) {
        return throttle.waitBefore(POOL, user, ADDRESS + "-" + user);
    }

    @Test
    void theFirstFiveFailuresOfAUserAreFree() {
        fail("ada", 4);
        assertThat(waitFor("ada")).isEmpty();
    }

    @Test
    void theFifthFailureMakesTheNextAttemptWaitOneSecond() {
        fail("ada", 5);
        assertThat(waitFor("ada")).contains(Duration.ofSeconds(1));
    }

    @Test
    void eachFurtherFailureDoublesTheWait() {
        fail("ada", 6);
        assertThat(waitFor("ada")).contains(Duration.ofSeconds(2));
        fail("ada", 1);
        assertThat(waitFor("ada")).contains(Duration.ofSeconds(4));
        fail("ada", 3);
        assertThat(waitFor("ada")).contains(Duration.ofSeconds(32));
    }

    @Test
    void theWaitNeverExceedsFifteenMinutes() {
        fail("ada", 40);
        assertThat(waitFor("ada")).contains(Duration.ofMinutes(15));
    }

    @Test
    void theWaitShrinksAsTimePassesAndEnds() {
        fail("ada", 7);
        clock.advance(Duration.ofMillis(2500));
        assertThat(waitFor("ada")).contains(Duration.ofMillis(1500));
        clock.advance(Duration.ofMillis(1500));
        assertThat(waitFor("ada")).isEmpty();
    }

    @Test
    void aSuccessClearsTheUsersFailures() {
        fail("ada", 5);
        throttle.succeeded(POOL, "ada");
        assertThat(waitFor("ada")).isEmpty();
        fail("ada", 4);
        assertThat(waitFor("ada")).isEmpty();
    }

    @Test
    void failuresAreForgottenAfterAnHour() {
        fail("ada", 30);
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertThat(waitFor("ada")).isEmpty();
    }

    @Test
    void oneUsersFailuresDoNotThrottleAnother() {
        fail("ada", 10);
        assertThat(waitFor("grace")).isEmpty();
    }

    @Test
    void twentyFailuresFromOneAddressThrottleEveryUsernameFromIt() {
        for (int i = 0; i < 20; i++) {
            throttle.failed(POOL, "user" + i, ADDRESS);
        }
        assertThat(throttle.waitBefore(POOL, "never-tried", ADDRESS)).contains(Duration.ofSeconds(1));
        assertThat(throttle.waitBefore(POOL, "never-tried", "203.0.113.9")).isEmpty();
    }

    @Test
    void nineteenFailuresFromOneAddressAreFree() {
        for (int i = 0; i < 19; i++) {
            throttle.failed(POOL, "user" + i, ADDRESS);
        }
        assertThat(throttle.waitBefore(POOL, "never-tried", ADDRESS)).isEmpty();
    }

    @Test
    void withoutAnAddressOnlyTheUserIsCounted() {
        for (int i = 0; i < 25; i++) {
            throttle.failed(POOL, "user" + i, null);
        }
        assertThat(throttle.waitBefore(POOL, "never-tried", null)).isEmpty();
        throttle.failed(POOL, "ada", null);
        fail("ada", 4);
        assertThat(throttle.waitBefore(POOL, "ada", null)).contains(Duration.ofSeconds(1));
    }

    @Test
    void poolsAreThrottledSeparately() {
        fail("ada", 10);
        assertThat(throttle.waitBefore(OTHER_POOL, "ada", ADDRESS + "-ada")).isEmpty();
    }

    @Test
    void aHugeUsernameOrAddressIsCountedLikeAnyOther() {
        String huge = "x".repeat(5_000);
        for (int i = 0; i < 5; i++) {
            throttle.failed(POOL, huge, huge);
        }
        assertThat(throttle.waitBefore(POOL, huge, huge)).contains(Duration.ofSeconds(1));
        assertThat(throttle.waitBefore(POOL, huge + "y", "198.51.100.99")).isEmpty();
    }

    @Test
    void signInFailuresNeverKeepTheTriedUsernameOrAddressInPlainText() {
        throttle.failed(POOL, "alice@example.com", ADDRESS);
        throttle.failed(POOL, "Tr0ub4dor&3", ADDRESS); // a password typed into the username field

        var keys = database.jdbi().withHandle(h -> h.createQuery("SELECT key_hash FROM sign_in_failures")
                .mapTo(String.class).list());
        assertThat(keys).hasSize(3).allSatisfy(key -> assertThat(key)
                .matches("(user|source):[A-Za-z0-9_-]{43}")
                .doesNotContain("alice").doesNotContain("Tr0ub4dor").doesNotContain("198.51").doesNotContain(POOL));
    }
}
