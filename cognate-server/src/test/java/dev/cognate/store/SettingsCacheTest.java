package dev.cognate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.clients.AppClient;
import dev.cognate.resourceservers.ResourceServer;
import dev.cognate.resourceservers.ResourceServerScope;
import dev.cognate.crypto.SecretBox;
import dev.cognate.providers.IdentityProvider;
import dev.cognate.providers.ProviderSecrets;
import dev.cognate.store.jdbc.JdbcAppClientStore;
import dev.cognate.store.jdbc.JdbcIdentityProviderStore;
import dev.cognate.store.jdbc.JdbcResourceServerStore;
import dev.cognate.store.jdbc.JdbcUserPoolStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestDatabases;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The token path's settings cache: this node's writes are seen at once, another node's within
 * the TTL. Two caches over one database stand for two nodes; their clocks are set by hand.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class SettingsCacheTest {
    static final String POOL = "us-east-1_AAAAAAAAA";
    static final String CLIENT = "client0000000000000000000a";

    @Parameter
    Backend backend;

    Database database;
    final AtomicLong clock = new AtomicLong();
    Node here;
    Node other;

    /** One node's view of the store, through its own cache; its providers as sign-ins and as the admin API read them. */
    record Node(UserPoolStore pools, AppClientStore clients, ResourceServerStore resourceServers,
                IdentityProviderStore providers, IdentityProviderStore adminProviders) {
        static Node over(Database database, SettingsCache cache) {
            var providers = new JdbcIdentityProviderStore(database.jdbi(), new SecretBox(new byte[32]));
            return new Node(cache.pools(new JdbcUserPoolStore(database.jdbi())),
                    cache.clients(new JdbcAppClientStore(database.jdbi(), AppClientStoreConformanceTest.BOX)),
                    cache.resourceServers(new JdbcResourceServerStore(database.jdbi())),
                    cache.identityProviders(providers), cache.identityProvidersForChanges(providers));
        }
    }

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(backend);
        here = Node.over(database, new SettingsCache(clock::get));
        other = Node.over(database, new SettingsCache(clock::get));
        here.pools().insert(UserPoolStoreConformanceTest.pool(POOL, "one"));
        here.clients().insert(AppClientStoreConformanceTest.client(POOL, CLIENT, "machine", "first-secret-0123456789"));
        here.resourceServers().insert(ResourceServerStoreConformanceTest.server(POOL, "orders", "orders"));
        here.adminProviders().insert(IdentityProviderStoreConformanceTest.provider(POOL, "entra", "contoso.example"));
    }

    @AfterEach
    void close() {
        database.close();
    }

    private void advance(java.time.Duration by) {
        clock.addAndGet(by.toNanos());
    }

    @Test
    void aNewSecretSetThroughThisNodeIsTheOnlyOneItAcceptsAtOnce() {
        assertThat(here.clients().find(CLIENT)).as("cached").isPresent();
        here.clients().changeSecrets(POOL, CLIENT, secrets -> java.util.List.of(
                new dev.cognate.clients.ClientSecret("second", "second-secret-0123456789", java.time.Instant.now())));
        assertThat(here.clients().find(CLIENT).orElseThrow().secretMatches("first-secret-0123456789")).isFalse();
        assertThat(here.clients().find(CLIENT).orElseThrow().secretMatches("second-secret-0123456789")).isTrue();
    }

    @Test
    void aClientDeletedOnAnotherNodeIsGoneHereWithinTheTtl() {
        assertThat(here.clients().find(CLIENT)).isPresent();
        other.clients().delete(POOL, CLIENT);
        assertThat(other.clients().find(CLIENT)).isEmpty();

        advance(SettingsCache.TTL.minusMillis(1));
        assertThat(here.clients().find(CLIENT)).as("still within the TTL").isPresent();
        advance(java.time.Duration.ofMillis(1));
        assertThat(here.clients().find(CLIENT)).isEmpty();
    }

    @Test
    void aClientCreatedOnAnotherNodeIsUsableHereAtOnce() {
        String created = "client0000000000000000000b";
        assertThat(here.clients().find(created)).isEmpty();
        other.clients().insert(AppClientStoreConformanceTest.client(POOL, created, "late", null));
        assertThat(here.clients().find(created)).isPresent();
    }

    @Test
    void aScopeRemovedThroughThisNodeIsNoLongerOfferedAtOnce() {
        assertThat(here.resourceServers().scopesOf(POOL)).containsExactlyInAnyOrder("orders/read", "orders/write");
        here.resourceServers().update(new ResourceServer(POOL, "orders", "orders",
                List.of(new ResourceServerScope("read", "Read orders"))));
        assertThat(here.resourceServers().scopesOf(POOL)).containsExactly("orders/read");
    }

    @Test
    void deletingAPoolHereDropsItsClientsAndScopesAtOnce() {
        assertThat(here.pools().find(POOL)).isPresent();
        assertThat(here.clients().find(CLIENT)).isPresent();
        assertThat(here.resourceServers().scopesOf(POOL)).isNotEmpty();
        here.pools().delete(POOL);
        assertThat(here.pools().find(POOL)).isEmpty();
        assertThat(here.clients().find(CLIENT)).isEmpty();
        assertThat(here.resourceServers().scopesOf(POOL)).isEmpty();
    }

    @Test
    void withinTheTtlRepeatedReadsAreServedFromMemory() {
        AppClient first = here.clients().find(CLIENT).orElseThrow();
        assertThat(here.clients().find(CLIENT).orElseThrow()).isSameAs(first);
        assertThat(here.pools().find(POOL).orElseThrow()).isSameAs(here.pools().find(POOL).orElseThrow());
        advance(SettingsCache.TTL);
        assertThat(here.clients().find(CLIENT).orElseThrow()).isNotSameAs(first).isEqualTo(first);
    }

    @Test
    void signInThroughAProviderDeletedThroughThisNodeIsRefusedAtOnce() {
        assertThat(here.providers().find(POOL, "entra")).isPresent();
        assertThat(here.providers().exists(POOL, "entra")).isTrue();
        assertThat(here.providers().findByIdentifier(POOL, "contoso.example")).isPresent();

        here.adminProviders().delete(POOL, "entra");

        assertThat(here.providers().find(POOL, "entra")).isEmpty();
        assertThat(here.providers().exists(POOL, "entra")).isFalse();
        assertThat(here.providers().findByIdentifier(POOL, "contoso.example")).isEmpty();
    }

    @Test
    void anIdpSecretRotatedThroughThisNodeIsTheOneItSendsAtOnce() {
        IdentityProvider cached = here.providers().find(POOL, "entra").orElseThrow();
        here.adminProviders().update(cached, new IdentityProvider(POOL, "entra", cached.type(), cached.details(),
                new ProviderSecrets("rotated-secret", null), cached.attributeMapping(), cached.idpIdentifiers(),
                cached.acrMapping(), cached.creationDate(), cached.lastModifiedDate(), cached.discovered()));
        assertThat(here.providers().find(POOL, "entra").orElseThrow().secrets().clientSecret()).contains("rotated-secret");
    }

    @Test
    void aProviderDeletedOnAnotherNodeIsGoneHereWithinTheTtl() {
        assertThat(here.providers().find(POOL, "entra")).isPresent();
        other.adminProviders().delete(POOL, "entra");

        advance(SettingsCache.TTL.minusMillis(1));
        assertThat(here.providers().find(POOL, "entra")).as("still within the TTL").isPresent();
        advance(java.time.Duration.ofMillis(1));
        assertThat(here.providers().find(POOL, "entra")).isEmpty();
        assertThat(here.providers().exists(POOL, "entra")).isFalse();
    }

    @Test
    void theAdminApiReadsAProviderChangedOnAnotherNodeAtOnce() {
        assertThat(here.providers().find(POOL, "entra")).isPresent();
        here.adminProviders().find(POOL, "entra");
        other.adminProviders().delete(POOL, "entra");
        assertThat(here.adminProviders().find(POOL, "entra")).as("an update must not merge into an older value").isEmpty();
        assertThat(here.adminProviders().exists(POOL, "entra")).isFalse();
    }

    @Test
    void withinTheTtlAProviderIsReadFromMemory() {
        IdentityProvider first = here.providers().find(POOL, "entra").orElseThrow();
        assertThat(here.providers().find(POOL, "entra").orElseThrow()).isSameAs(first);
        advance(SettingsCache.TTL);
        assertThat(here.providers().find(POOL, "entra").orElseThrow()).isNotSameAs(first).isEqualTo(first);
    }
}
