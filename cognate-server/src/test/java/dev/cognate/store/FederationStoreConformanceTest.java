package dev.cognate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.crypto.SecretBox;
import dev.cognate.federation.PendingAuthorization;
import dev.cognate.federation.UpstreamState;
import dev.cognate.store.FederationStateStore.Consumption;
import dev.cognate.store.jdbc.JdbcFederatedIdentityStore;
import dev.cognate.store.jdbc.JdbcFederationStateStore;
import dev.cognate.store.jdbc.JdbcIdpGroupStore;
import dev.cognate.store.jdbc.JdbcUserPoolStore;
import dev.cognate.store.jdbc.JdbcUserStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestDatabases;
import dev.cognate.users.FederatedIdentity;
import dev.cognate.users.IdpGroup;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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

@ParameterizedClass
@EnumSource(Backend.class)
class FederationStoreConformanceTest {
    static final String POOL = "us-east-1_FEDERATED";
    static final String ISSUER = "https://login.microsoftonline.com/5f3c2a1b-7d4e-4c8f-9a6b-2e1d0c9b8a77/v2.0";

    @Parameter
    Backend backend;

    Database database;
    FederationStateStore states;
    FederatedIdentityStore identities;
    IdpGroupStore idpGroups;
    UserStore users;
    final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(backend);
        new JdbcUserPoolStore(database.jdbi()).insert(UserPoolStoreConformanceTest.pool(POOL, "federated"));
        states = new JdbcFederationStateStore(database.jdbi(), new SecretBox(new byte[32]));
        identities = new JdbcFederatedIdentityStore(database.jdbi());
        idpGroups = new JdbcIdpGroupStore(database.jdbi());
        users = new JdbcUserStore(database.jdbi());
        users.insert(UserStoreConformanceTest.user(POOL, "entra_alice"));
        users.insert(UserStoreConformanceTest.user(POOL, "entra_bob"));
    }

    @AfterEach
    void close() {
        database.close();
    }

    UpstreamState state() {
        return new UpstreamState(POOL, "entra", "binding-hash", "nonce-1", "verifier-1",
                new PendingAuthorization(POOL, "client-1", "https://app.example.com/cb", "app-state", Set.of("openid"),
                        "app-nonce", "challenge", "code"),
                now, now.plusSeconds(300));
    }

    // --- upstream states

    @Test
    void aStateIsConsumedOnceThenReportedAsReplay() {
        states.save("s1", state());
        assertThat(states.consume("s1", now)).isEqualTo(new Consumption.Consumed(state()));
        assertThat(states.consume("s1", now)).isEqualTo(new Consumption.Replayed(POOL, "entra"));
        assertThat(states.consume("never-issued", now)).isEqualTo(new Consumption.Unknown());
    }

    @Test
    void anExpiredStateIsStillConsumedSoTheCallerCanTellTheAppItExpired() {
        states.save("s1", state());
        Consumption late = states.consume("s1", now.plusSeconds(301));
        assertThat(late).isInstanceOf(Consumption.Consumed.class);
        assertThat(((Consumption.Consumed) late).state().expiresAt()).isBefore(now.plusSeconds(301));
    }

    @Test
    void concurrentCallbacksWithOneStateHaveExactlyOneWinner() throws Exception {
        states.save("race", state());
        int contenders = 8;
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Consumption>> results = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return states.consume("race", now);
                }));
            }
            start.countDown();
            int winners = 0;
            for (Future<Consumption> result : results) {
                if (result.get() instanceof Consumption.Consumed) {
                    winners++;
                } else {
                    assertThat(result.get()).isInstanceOf(Consumption.Replayed.class);
                }
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theStateIsSealedAtRest() {
        states.save("s1", state());
        String doc = database.jdbi().withHandle(h -> h.createQuery("SELECT doc FROM federation_states")
                .mapTo(String.class).one());
        assertThat(doc).doesNotContain("verifier-1").doesNotContain("nonce-1").doesNotContain("app.example.com");
    }

    @Test
    void purgingForgetsOnlyStatesThatExpiredBeforeTheCutoff() {
        states.save("old", state());
        states.save("new", new UpstreamState(POOL, "entra", "b", "n", null, state().pending(), now, now.plusSeconds(3600)));
        assertThat(states.purgeExpired(now.plusSeconds(600))).isEqualTo(1);
        assertThat(states.consume("old", now)).isEqualTo(new Consumption.Unknown());
        assertThat(states.consume("new", now)).isInstanceOf(Consumption.Consumed.class);
    }

    // --- federated identities

    @Test
    void anIdentityIsFoundByProviderIssuerAndSubjectOnly() {
        FederatedIdentity alice = new FederatedIdentity(POOL, "entra", ISSUER, "oid-alice", "entra_alice", now);
        identities.insert(alice);
        assertThat(identities.find(POOL, "entra", ISSUER, "oid-alice")).contains(alice);
        assertThat(identities.find(POOL, "entra", ISSUER.replace("5f3c", "0000"), "oid-alice")).isEmpty();
        assertThat(identities.find(POOL, "okta", ISSUER, "oid-alice")).isEmpty();
        assertThat(identities.identitiesOf(POOL, "entra_alice")).containsExactly(alice);
        assertThatThrownBy(() -> identities.insert(new FederatedIdentity(POOL, "entra", ISSUER, "oid-alice", "entra_bob", now)))
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void deletingTheUserDeletesItsIdentitiesAndIdpGroups() {
        identities.insert(new FederatedIdentity(POOL, "entra", ISSUER, "oid-alice", "entra_alice", now));
        idpGroups.replace(POOL, "entra_alice", "entra", List.of("g1"));
        users.delete(POOL, "entra_alice");
        assertThat(identities.find(POOL, "entra", ISSUER, "oid-alice")).isEmpty();
        assertThat(idpGroups.groupsOf(POOL, "entra_alice")).isEmpty();
    }

    // --- IdP groups

    @Test
    void idpGroupsAreReplacedPerProviderAtEachSignIn() {
        idpGroups.replace(POOL, "entra_alice", "entra", List.of("b-group", "a-group", "a-group"));
        idpGroups.replace(POOL, "entra_alice", "okta", List.of("x"));
        idpGroups.replace(POOL, "entra_bob", "entra", List.of("other"));
        assertThat(idpGroups.groupsOf(POOL, "entra_alice")).containsExactly(
                new IdpGroup("entra", "a-group"), new IdpGroup("entra", "b-group"), new IdpGroup("okta", "x"));

        idpGroups.replace(POOL, "entra_alice", "entra", List.of());
        assertThat(idpGroups.groupsOf(POOL, "entra_alice")).containsExactly(new IdpGroup("okta", "x"));
        assertThat(idpGroups.groupsOf(POOL, "entra_bob")).extracting(IdpGroup::claimValue).containsExactly("entra:other");
    }
}
