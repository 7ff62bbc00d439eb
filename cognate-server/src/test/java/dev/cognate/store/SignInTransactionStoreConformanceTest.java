package dev.cognate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.crypto.SecretBox;
import dev.cognate.store.SignInTransactionStore.UpstreamAnswer;
import dev.cognate.store.SignInTransactionStore.Versioned;
import dev.cognate.store.jdbc.JdbcSignInTransactionStore;
import dev.cognate.store.jdbc.JdbcUserPoolStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestDatabases;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The sign-in transaction's storage contract, on every backend. */
@ParameterizedClass
@EnumSource(Backend.class)
class SignInTransactionStoreConformanceTest {
    static final String POOL = "us-east-1_SIGNINTX1";

    @Parameter
    Backend backend;

    Database database;
    SignInTransactionStore store;
    final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(backend);
        new JdbcUserPoolStore(database.jdbi()).insert(UserPoolStoreConformanceTest.pool(POOL, "transactions"));
        store = new JdbcSignInTransactionStore(database.jdbi(), new SecretBox(new byte[32]));
    }

    @AfterEach
    void close() {
        database.close();
    }

    SignInTransaction transaction(Instant expiresAt) {
        return new SignInTransaction(POOL, "client-1", "https://app.example.com/cb", "code", List.of("openid", "email"),
                "app-state", "app-nonce", "challenge", List.of("login"), "jane@example.com", null, "binding-hash",
                SignInTransaction.Step.START, now, expiresAt);
    }

    static SignInTransaction.Step upstream(Instant since) {
        return new SignInTransaction.Step(SignInTransaction.Step.Kind.UPSTREAM, null, "entra", "idp-nonce-1",
                "idp-verifier-1", since);
    }

    Versioned created(String idHash) {
        store.create(idHash, transaction(now.plusSeconds(1800)));
        return store.findOpen(idHash, now).orElseThrow();
    }

    @Test
    void aTransactionReadsBackAsWrittenUntilItExpires() {
        Versioned v = created("t1");
        assertThat(v.version()).isZero();
        assertThat(v.transaction()).isEqualTo(transaction(now.plusSeconds(1800)));
        assertThat(store.findOpen("t1", now.plusSeconds(1800))).isEmpty();
        assertThat(store.findOpen("unknown", now)).isEmpty();
    }

    @Test
    void aStepMovesTheTransactionOnOnlyFromTheVersionItRead() {
        Versioned read = created("t1");
        SignInTransaction.Step newPassword = new SignInTransaction.Step(SignInTransaction.Step.Kind.NEW_PASSWORD, "jane",
                null, null, null, now);
        assertThat(store.advance(read, read.transaction().at(newPassword), null)).isTrue();
        // A second step that read the same version lost the race: it changes nothing.
        assertThat(store.advance(read, read.transaction().at(upstream(now)), "state-hash")).isFalse();
        Versioned after = store.findOpen("t1", now).orElseThrow();
        assertThat(after.version()).isEqualTo(1);
        assertThat(after.transaction().step()).isEqualTo(newPassword);
    }

    @Test
    void anUpstreamStateIsConsumedOnceThenReportedAsReplay() {
        Versioned read = created("t1");
        store.advance(read, read.transaction().at(upstream(now)), "state-hash");
        UpstreamAnswer first = store.consumeUpstream("state-hash", now);
        assertThat(first).isInstanceOf(UpstreamAnswer.Consumed.class);
        assertThat(((UpstreamAnswer.Consumed) first).transaction().transaction().step()).isEqualTo(upstream(now));
        assertThat(store.consumeUpstream("state-hash", now)).isEqualTo(new UpstreamAnswer.Replayed(POOL, "entra"));
        assertThat(store.consumeUpstream("never-sent", now)).isEqualTo(new UpstreamAnswer.Unknown());
    }

    @Test
    void anUpstreamStateOfAnEndedSignInReadsAsAReplay() {
        Versioned read = created("t1");
        store.advance(read, read.transaction().at(upstream(now)), "state-hash");
        assertThat(store.finish(store.findOpen("t1", now).orElseThrow(), now)).isTrue();
        assertThat(store.consumeUpstream("state-hash", now)).isInstanceOf(UpstreamAnswer.Replayed.class);
    }

    @Test
    void concurrentCallbacksWithOneStateHaveExactlyOneWinner() throws Exception {
        Versioned read = created("race");
        store.advance(read, read.transaction().at(upstream(now)), "race-state");
        List<UpstreamAnswer> answers = race(() -> store.consumeUpstream("race-state", now));
        assertThat(answers).filteredOn(a -> a instanceof UpstreamAnswer.Consumed).hasSize(1);
        assertThat(answers).filteredOn(a -> a instanceof UpstreamAnswer.Replayed).hasSize(answers.size() - 1);
    }

    @Test
    void concurrentCompletionsOfOneSignInHaveExactlyOneWinner() throws Exception {
        Versioned read = created("race");
        List<Boolean> finished = race(() -> store.finish(read, now));
        assertThat(finished).containsOnlyOnce(true);
        assertThat(store.findOpen("race", now)).isEmpty();
        assertThat(store.advance(read, read.transaction().at(upstream(now)), null)).isFalse();
    }

    @Test
    void anExpiredTransactionCannotBeFinished() {
        Versioned read = created("t1");
        assertThat(store.finish(read, now.plusSeconds(1801))).isFalse();
    }

    @Test
    void theTransactionIsSealedAtRest() {
        Versioned read = created("t1");
        store.advance(read, read.transaction().at(upstream(now)), "state-hash");
        String doc = database.jdbi().withHandle(h -> h.createQuery("SELECT doc FROM sign_in_transactions")
                .mapTo(String.class).one());
        assertThat(doc).doesNotContain("idp-verifier-1").doesNotContain("idp-nonce-1").doesNotContain("app.example.com")
                .doesNotContain("app-state").doesNotContain("jane@example.com");
    }

    @Test
    void anEmailAddressBeingSetUpAndTheUsersSubReadBackAndAreSealedAtRest() {
        Versioned read = created("t1");
        SignInTransaction.Step codeAsked = new SignInTransaction.Step(SignInTransaction.Step.Kind.EMAIL_SETUP_CODE, "jane",
                null, null, null, now, "pending-codes@example.org", "sub-of-jane-1");
        assertThat(store.advance(read, read.transaction().at(codeAsked), null)).isTrue();
        assertThat(store.findOpen("t1", now).orElseThrow().transaction().step()).isEqualTo(codeAsked);
        assertThat(codeAsked.toString()).doesNotContain("pending-codes").doesNotContain("sub-of-jane");
        String doc = database.jdbi().withHandle(h -> h.createQuery("SELECT doc FROM sign_in_transactions")
                .mapTo(String.class).one());
        assertThat(doc).doesNotContain("pending-codes").doesNotContain("sub-of-jane");
    }

    @Test
    void purgingForgetsOnlyTransactionsThatExpiredBeforeTheCutoff() {
        store.create("old", transaction(now.plusSeconds(300)));
        store.create("new", transaction(now.plusSeconds(3600)));
        assertThat(store.purgeExpired(now.plusSeconds(600))).isEqualTo(1);
        assertThat(store.findOpen("old", now)).isEmpty();
        assertThat(store.findOpen("new", now)).isPresent();
    }

    private static <T> List<T> race(Callable<T> contender) throws Exception {
        int contenders = 8;
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return contender.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
