package dev.cognate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.clients.AppClient;
import dev.cognate.resourceservers.ResourceServer;
import dev.cognate.resourceservers.ResourceServerScope;
import dev.cognate.store.jdbc.JdbcAppClientStore;
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

    /** One node's view of the store, through its own cache. */
    record Node(UserPoolStore pools, AppClientStore clients, ResourceServerStore resourceServers) {
        static Node over(Database database, SettingsCache cache) {
            return new Node(cache.pools(new JdbcUserPoolStore(database.jdbi())),
                    cache.clients(new JdbcAppClientStore(database.jdbi(), AppClientStoreConformanceTest.BOX)),
                    cache.resourceServers(new JdbcResourceServerStore(database.jdbi())));
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
        AppClient cached = here.clients().find(CLIENT).orElseThrow();
        here.clients().update(cached.withSecret("second-secret-0123456789"));
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
}
