package dev.cognate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.store.jdbc.JdbcSoftwareTokenStore;
import dev.cognate.store.jdbc.JdbcSrpVerifierStore;
import dev.cognate.store.jdbc.JdbcUserPoolStore;
import dev.cognate.store.jdbc.JdbcUserStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestDatabases;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The SRP verifier and TOTP stores on both backends: upserts, single use, cascade with the user, purge. */
@ParameterizedClass
@EnumSource(Backend.class)
class SecondFactorStoreConformanceTest {
    static final String POOL = UserStoreConformanceTest.POOL;

    @Parameter
    Backend backend;

    Database database;
    UserStore users;
    SrpVerifierStore verifiers;
    SoftwareTokenStore tokens;

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(backend);
        new JdbcUserPoolStore(database.jdbi()).insert(UserPoolStoreConformanceTest.pool(POOL, "one"));
        users = new JdbcUserStore(database.jdbi());
        verifiers = new JdbcSrpVerifierStore(database.jdbi());
        tokens = new JdbcSoftwareTokenStore(database.jdbi());
        users.insert(UserStoreConformanceTest.user(POOL, "ada"));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aVerifierIsReplacedKeptOnlyForExistingUsersAndGoesWithTheUser() {
        verifiers.put(POOL, "ada", "first");
        verifiers.put(POOL, "ada", "second");
        assertThat(verifiers.find(POOL, "ada")).contains("second");
        verifiers.put(POOL, "nobody", "orphan");
        assertThat(verifiers.find(POOL, "nobody")).isEmpty();
        users.delete(POOL, "ada");
        assertThat(verifiers.find(POOL, "ada")).isEmpty();
    }

    @Test
    void onlyThePendingSecretIsConfirmedAndAStepIsUsedOnce() {
        assertThat(tokens.find(POOL, "ada")).isEmpty();
        tokens.associate(POOL, "ada", "pending-1");
        tokens.associate(POOL, "ada", "pending-2");
        assertThat(tokens.confirm(POOL, "ada", "pending-1")).as("replaced before it was verified").isFalse();
        assertThat(tokens.confirm(POOL, "ada", "pending-2")).isTrue();
        assertThat(tokens.find(POOL, "ada")).contains(new SoftwareTokenStore.SoftwareToken("pending-2", null, false, false, null));

        assertThat(tokens.useStep(POOL, "ada", 100)).isTrue();
        assertThat(tokens.useStep(POOL, "ada", 100)).as("the same step again").isFalse();
        assertThat(tokens.useStep(POOL, "ada", 99)).as("an older step").isFalse();
        assertThat(tokens.useStep(POOL, "ada", 101)).isTrue();

        tokens.setPreference(POOL, "ada", true, true);
        assertThat(tokens.find(POOL, "ada").orElseThrow().enabled()).isTrue();
        users.delete(POOL, "ada");
        assertThat(tokens.find(POOL, "ada")).isEmpty();
    }

    @Test
    void aSessionIsAnsweredOnceAndPurgedOnceExpired() {
        Instant expires = Instant.parse("2026-01-01T00:05:00Z");
        assertThat(tokens.useSession("hash-1", expires)).isTrue();
        assertThat(tokens.useSession("hash-1", expires)).isFalse();
        assertThat(tokens.purgeUsedSessions(expires)).isZero();
        assertThat(tokens.purgeUsedSessions(expires.plusSeconds(1))).isEqualTo(1);
        assertThat(tokens.useSession("hash-1", expires.plusSeconds(60))).isTrue();
    }
}
