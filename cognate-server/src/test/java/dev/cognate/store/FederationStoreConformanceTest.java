package dev.cognate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.store.jdbc.JdbcFederatedIdentityStore;
import dev.cognate.store.jdbc.JdbcIdpGroupStore;
import dev.cognate.store.jdbc.JdbcUserPoolStore;
import dev.cognate.store.jdbc.JdbcUserStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestDatabases;
import dev.cognate.users.FederatedIdentity;
import dev.cognate.users.IdpGroup;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
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
    FederatedIdentityStore identities;
    IdpGroupStore idpGroups;
    UserStore users;
    final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(backend);
        new JdbcUserPoolStore(database.jdbi()).insert(UserPoolStoreConformanceTest.pool(POOL, "federated"));
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
