package dev.cognate.authn;


import dev.cognate.testing.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.pools.Policies;
import dev.cognate.users.User;
import dev.cognate.users.UserStatus;
import dev.cognate.pools.StandardSchema;
import dev.cognate.pools.UserPool;
import dev.cognate.store.Database;
import dev.cognate.store.VerificationCodeStore;
import dev.cognate.store.jdbc.JdbcUserPoolStore;
import dev.cognate.store.jdbc.JdbcUserStore;
import dev.cognate.store.jdbc.JdbcVerificationCodeStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestDatabases;
import dev.cognate.testing.TestServer;
import dev.cognate.authn.VerificationCodes.Checked;
import dev.cognate.authn.VerificationCodes.Issued;
import dev.cognate.authn.VerificationCodes.Purpose;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Code lifetimes and single use, on both stores, with a clock the test moves (no sleeps). */
@ParameterizedClass
@EnumSource(Backend.class)
class VerificationCodesTest {
    static final String POOL = "us-east-1_CODES0001";

    @Parameter
    Backend backend;

    Database database;
    VerificationCodeStore store;
    MovableClock clock;
    VerificationCodes codes;
    User user;

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(backend);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        new JdbcUserPoolStore(database.jdbi()).insert(new UserPool(POOL, "codes", now, now, Policies.DEFAULT, "INACTIVE",
                StandardSchema.defaults(), List.of("email"), null, null, null, "OFF", "ESSENTIALS", null, null, null, null,
                null, null, null, null, null, null, null, null, null, null));
        user = new User(POOL, "alice", "alice", UUID.randomUUID().toString(), List.of(), true, UserStatus.UNCONFIRMED, null,
                now, now, null);
        new JdbcUserStore(database.jdbi()).insert(user);
        store = new JdbcVerificationCodeStore(database.jdbi());
        clock = new MovableClock(now);
        codes = new VerificationCodes(store, TestServer.MASTER_KEY, clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aConfirmationCodeLivesTwentyFourHours() {
        String code = issue(Purpose.SIGN_UP);
        clock.advance(Duration.ofHours(24).minusSeconds(1));
        assertThat(codes.consume(user, Purpose.SIGN_UP, code)).isInstanceOf(Checked.Accepted.class);

        String late = issue(Purpose.SIGN_UP);
        clock.advance(Duration.ofHours(24));
        assertThat(codes.consume(user, Purpose.SIGN_UP, late)).isInstanceOf(Checked.Expired.class);
    }

    @Test
    void aResetCodeLivesOneHour() {
        String code = issue(Purpose.PASSWORD_RESET);
        clock.advance(Duration.ofMinutes(61));
        assertThat(codes.consume(user, Purpose.PASSWORD_RESET, code)).isInstanceOf(Checked.Expired.class);
    }

    @Test
    void aCodeIsForOnePurposeAndOneUse() {
        String code = issue(Purpose.SIGN_UP);
        assertThat(codes.consume(user, Purpose.PASSWORD_RESET, code)).isInstanceOf(Checked.Expired.class);
        assertThat(codes.consume(user, Purpose.SIGN_UP, code)).isEqualTo(new Checked.Accepted("email"));
        assertThat(codes.consume(user, Purpose.SIGN_UP, code)).isInstanceOf(Checked.Expired.class);
    }

    @Test
    void codesAreStoredOnlyAsKeyedHashes() {
        String code = issue(Purpose.SIGN_UP);
        var stored = store.find(POOL, "alice", Purpose.SIGN_UP.name()).orElseThrow();
        assertThat(stored.codeHash()).hasSize(64).doesNotContain(code)
                .isNotEqualTo(dev.cognate.crypto.Hashes.sha256Hex(code));
        assertThat(code).matches("\\d{6}");
    }

    @Test
    void theSendLimitOpensAgainAfterAnHourAndExpiredCodesArePurged() {
        for (int i = 0; i < VerificationCodes.MAX_SENDS_PER_HOUR; i++) {
            issue(Purpose.SIGN_UP);
        }
        assertThat(codes.issue(user, Purpose.SIGN_UP, "email")).isInstanceOf(Issued.Limited.class);
        clock.advance(Duration.ofMinutes(61));
        issue(Purpose.SIGN_UP);

        clock.advance(Duration.ofHours(25));
        assertThat(store.purgeExpired(clock.instant())).isEqualTo(1);
        assertThat(store.find(POOL, "alice", Purpose.SIGN_UP.name())).isEmpty();
    }

    @Test
    void usingACodeDoesNotResetTheSendLimit() {
        // else a sender could mail any address without end: send, prove one code, send again
        for (int i = 0; i < VerificationCodes.MAX_SENDS_PER_HOUR - 1; i++) {
            issue(Purpose.SIGN_IN_EMAIL_OTP);
        }
        String last = ((Issued.Code) codes.issueSentTo(user, Purpose.SIGN_IN_EMAIL_OTP, "email", "own@example.org")).code();
        assertThat(codes.consumeSentTo(user, Purpose.SIGN_IN_EMAIL_OTP, last, "own@example.org"))
                .isInstanceOf(Checked.Accepted.class);
        assertThat(codes.issue(user, Purpose.SIGN_IN_EMAIL_OTP, "email")).isInstanceOf(Issued.Limited.class);
        // the used code stays used, and its row goes once its send window is over
        assertThat(codes.consumeSentTo(user, Purpose.SIGN_IN_EMAIL_OTP, last, "own@example.org"))
                .isInstanceOf(Checked.Expired.class);
        assertThat(store.purgeExpired(clock.instant())).isZero();
        clock.advance(Duration.ofMinutes(61));
        assertThat(store.purgeExpired(clock.instant())).isEqualTo(1);
    }

    @Test
    void anAddressACodeWasSentToIsKeptInItsHashAlone() {
        codes.issueSentTo(user, Purpose.SIGN_IN_EMAIL_OTP, "email", "pending@example.org");
        var stored = store.find(POOL, "alice", Purpose.SIGN_IN_EMAIL_OTP.name()).orElseThrow();
        assertThat(stored.pendingValue()).isNull();
        String rows = database.jdbi().withHandle(h -> h.createQuery("SELECT * FROM verification_codes")
                .mapToMap().list().toString());
        assertThat(rows).doesNotContain("pending@example.org");
    }

    private String issue(Purpose purpose) {
        return ((Issued.Code) codes.issue(user, purpose, "email")).code();
    }
}
