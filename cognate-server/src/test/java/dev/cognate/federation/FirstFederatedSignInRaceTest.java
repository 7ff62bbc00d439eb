package dev.cognate.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.pools.UserPool;
import dev.cognate.providers.IdentityProvider;
import dev.cognate.store.Database;
import dev.cognate.store.FederatedIdentityStore;
import dev.cognate.store.IdentityProviderStoreConformanceTest;
import dev.cognate.store.UserPoolStoreConformanceTest;
import dev.cognate.store.jdbc.JdbcFederatedIdentityStore;
import dev.cognate.store.jdbc.JdbcGroupStore;
import dev.cognate.store.jdbc.JdbcIdentityLinkStore;
import dev.cognate.store.jdbc.JdbcIdpGroupStore;
import dev.cognate.store.jdbc.JdbcUserPoolStore;
import dev.cognate.store.jdbc.JdbcUserStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestDatabases;
import dev.cognate.users.FederatedIdentity;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two first sign-ins of one external identity at once (two tabs, two nodes): each creates the
 * user, then keys the identity to it. Whatever the interleaving, both sign in as the one user;
 * neither is refused as if the user belonged to someone else.
 */
class FirstFederatedSignInRaceTest {
    static final String POOL = "us-east-1_FEDRACE01";
    static final String ISSUER = "https://login.microsoftonline.com/tenant/v2.0";
    static final Identity ALICE = new Identity(ISSUER, "alice-oid", new Claims(Map.of("sub", "alice-sub",
            "email", "alice@example.com")), List.of());

    final Clock clock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    Database database;
    UserPool pool;
    IdentityProvider entra;
    JdbcUserStore users;
    JdbcFederatedIdentityStore identities;

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(Backend.SQLITE);
        var pools = new JdbcUserPoolStore(database.jdbi());
        pools.insert(UserPoolStoreConformanceTest.pool(POOL, "federation-race"));
        pool = pools.find(POOL).orElseThrow();
        entra = IdentityProviderStoreConformanceTest.provider(POOL, "entra");
        users = new JdbcUserStore(database.jdbi());
        identities = new JdbcFederatedIdentityStore(database.jdbi());
    }

    @AfterEach
    void close() {
        database.close();
    }

    FederatedSignIn signInWith(FederatedIdentityStore store) {
        return new FederatedSignIn(users, new JdbcIdentityLinkStore(database.jdbi()), store,
                new JdbcGroupStore(database.jdbi()), new JdbcIdpGroupStore(database.jdbi()), clock);
    }

    @Test
    void aFirstSignInThatFindsTheUserKeyedByTheOtherFirstSignInOfTheSameIdentitySignsInAsThatUser() {
        // The other sign-in has created the user but not yet keyed the identity to it...
        var first = (FederatedSignIn.Result.SignedIn) signInWith(identities).signIn(pool, entra, ALICE);
        FederatedIdentity itsKey = identities.find(POOL, "entra", ISSUER, "alice-oid").orElseThrow();
        database.jdbi().useHandle(h -> h.execute("DELETE FROM federated_identities"));
        // ...and keys it just after this one found no key and found the user.
        var keyedMeanwhile = new KeyedWhileLooking(identities, itsKey);

        var second = signInWith(keyedMeanwhile).signIn(pool, entra, ALICE);

        assertThat(keyedMeanwhile.keyed).as("the interleaving happened").isTrue();
        assertThat(second).isInstanceOfSatisfying(FederatedSignIn.Result.SignedIn.class,
                signedIn -> assertThat(signedIn.user().sub()).isEqualTo(first.user().sub()));
    }

    @Test
    void anIdentityOfAnotherTenantCannotTakeOverAUserKeyedToAnotherIdentityUnderTheSameUsername() {
        signInWith(identities).signIn(pool, entra, ALICE);
        FederatedIdentity aliceKey = identities.find(POOL, "entra", ISSUER, "alice-oid").orElseThrow();
        database.jdbi().useHandle(h -> h.execute("DELETE FROM federated_identities"));
        // Same mapped username (sub), but another tenant's identity holds the user.
        var keyedMeanwhile = new KeyedWhileLooking(identities, new FederatedIdentity(POOL, "entra",
                "https://login.microsoftonline.com/other-tenant/v2.0", aliceKey.subject(), aliceKey.username(),
                aliceKey.createdAt()));

        var second = signInWith(keyedMeanwhile).signIn(pool, entra, ALICE);

        assertThat(second).isInstanceOfSatisfying(FederatedSignIn.Result.Refused.class,
                refused -> assertThat(refused.description()).contains("already exists and is not this entra identity"));
    }

    /** The real store, except that the other sign-in's key appears between this one's look-up and its check. */
    static final class KeyedWhileLooking implements FederatedIdentityStore {
        private final FederatedIdentityStore store;
        private final FederatedIdentity otherSignInsKey;
        boolean keyed;

        KeyedWhileLooking(FederatedIdentityStore store, FederatedIdentity otherSignInsKey) {
            this.store = store;
            this.otherSignInsKey = otherSignInsKey;
        }

        @Override
        public void insert(FederatedIdentity identity) {
            store.insert(identity);
        }

        @Override
        public Optional<FederatedIdentity> find(String poolId, String providerName, String issuer, String subject) {
            return store.find(poolId, providerName, issuer, subject);
        }

        @Override
        public List<FederatedIdentity> identitiesOf(String poolId, String username) {
            if (!keyed) {
                keyed = true;
                store.insert(otherSignInsKey);
            }
            return store.identitiesOf(poolId, username);
        }
    }
}
