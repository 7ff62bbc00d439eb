package dev.cognate.authn;

import dev.cognate.users.Usernames;
import dev.cognate.users.UserStatus;
import dev.cognate.users.User;
import dev.cognate.users.PasswordHasher;

import dev.cognate.testing.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.pools.Policies;
import dev.cognate.pools.StandardSchema;
import dev.cognate.pools.UserPool;
import dev.cognate.store.Database;
import dev.cognate.crypto.SecretBox;
import dev.cognate.store.jdbc.JdbcSignInFailureStore;
import dev.cognate.store.jdbc.JdbcSrpVerifierStore;
import dev.cognate.store.jdbc.JdbcUserPoolStore;
import dev.cognate.store.jdbc.JdbcUserStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestDatabases;
import dev.cognate.authn.PasswordSignIn.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Password sign-in under the throttle, with a clock the test moves. */
@ParameterizedClass
@EnumSource(Backend.class)
class PasswordSignInTest {
    static final String PASSWORD = "Correct-Horse-1";
    static final String ADDRESS = "198.51.100.1";

    @Parameter
    Backend backend;

    Database database;
    MovableClock clock;
    PasswordSignIn signIn;
    UserPool pool;

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(backend);
        clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
        Instant now = clock.instant();
        pool = new UserPool("us-east-1_SIGNIN001", "signin", now, now, Policies.DEFAULT, "INACTIVE",
                StandardSchema.defaults(), null, null, null, null, "OFF", "ESSENTIALS", null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);
        new JdbcUserPoolStore(database.jdbi()).insert(pool);
        var users = new JdbcUserStore(database.jdbi());
        PasswordHasher hasher = new PasswordHasher();
        users.insert(new User(pool.id(), "ada", Usernames.key(pool, "ada"), UUID.randomUUID().toString(), List.of(), true,
                UserStatus.CONFIRMED, hasher.hash(PASSWORD), now, now, null));
        signIn = new PasswordSignIn(new UserDirectory(users), hasher,
                new SrpVerifiers(new JdbcSrpVerifierStore(database.jdbi()), new SecretBox(new byte[32])),
                new SignInThrottle(new JdbcSignInFailureStore(database.jdbi()),
                        dev.cognate.crypto.KeyedHash.derive(new byte[32], SignInThrottle.HASH_PURPOSE), clock), clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void whileThrottledEvenTheRightPasswordIsNotTried() {
        for (int i = 0; i < 6; i++) {
            clock.advance(Duration.ofMinutes(1));
            assertThat(signIn.attempt(pool, "ada", "Guess-" + i, ADDRESS)).isInstanceOf(Outcome.Refused.class);
        }
        assertThat(signIn.attempt(pool, "ada", PASSWORD, ADDRESS)).isEqualTo(new Outcome.Throttled(Duration.ofSeconds(2)));

        clock.advance(Duration.ofSeconds(2));
        assertThat(signIn.attempt(pool, "ada", PASSWORD, ADDRESS)).isInstanceOf(Outcome.SignedIn.class);
    }

    @Test
    void guessesAtAnUnknownUserAreThrottledLikeGuessesAtAKnownOne() {
        for (int i = 0; i < 5; i++) {
            assertThat(signIn.attempt(pool, "nobody", "Guess-" + i, ADDRESS)).isEqualTo(new Outcome.Refused(PasswordSignIn.INCORRECT));
        }
        assertThat(signIn.attempt(pool, "nobody", "Guess-5", ADDRESS)).isEqualTo(new Outcome.Throttled(Duration.ofSeconds(1)));
    }

    @Test
    void aSuccessfulSignInStartsTheCountAfresh() {
        for (int i = 0; i < 4; i++) {
            signIn.attempt(pool, "ada", "Guess-" + i, ADDRESS);
        }
        assertThat(signIn.attempt(pool, "ada", PASSWORD, ADDRESS)).isInstanceOf(Outcome.SignedIn.class);
        for (int i = 0; i < 4; i++) {
            signIn.attempt(pool, "ada", "Guess-" + i, ADDRESS);
        }
        assertThat(signIn.attempt(pool, "ada", PASSWORD, ADDRESS)).isInstanceOf(Outcome.SignedIn.class);
    }
}
