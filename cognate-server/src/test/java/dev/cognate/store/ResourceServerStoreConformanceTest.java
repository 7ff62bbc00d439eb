package dev.cognate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.resourceservers.ResourceServer;
import dev.cognate.resourceservers.ResourceServerScope;
import dev.cognate.store.jdbc.JdbcResourceServerStore;
import dev.cognate.store.jdbc.JdbcUserPoolStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestDatabases;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Backend.class)
class ResourceServerStoreConformanceTest {
    static final String POOL = "us-east-1_AAAAAAAAA";
    static final String OTHER_POOL = "us-east-1_BBBBBBBBB";

    @Parameter
    Backend backend;

    Database database;
    UserPoolStore pools;
    ResourceServerStore servers;

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(backend);
        pools = new JdbcUserPoolStore(database.jdbi());
        servers = new JdbcResourceServerStore(database.jdbi());
        pools.insert(UserPoolStoreConformanceTest.pool(POOL, "one"));
        pools.insert(UserPoolStoreConformanceTest.pool(OTHER_POOL, "two"));
    }

    @AfterEach
    void close() {
        database.close();
    }

    static ResourceServer server(String poolId, String identifier, String name) {
        return new ResourceServer(poolId, identifier, name,
                List.of(new ResourceServerScope("read", "Read things"), new ResourceServerScope("write", "Write things")));
    }

    @Test
    void insertedServerReadsBackEqual() {
        ResourceServer server = server(POOL, "https://api.example.com", "api");
        servers.insert(server);
        assertThat(servers.find(POOL, server.identifier())).contains(server);
        assertThat(servers.find(OTHER_POOL, server.identifier())).isEmpty();
    }

    @Test
    void identifierIsUniqueWithinAPoolOnly() {
        servers.insert(server(POOL, "https://api.example.com", "api"));
        assertThatThrownBy(() -> servers.insert(server(POOL, "https://api.example.com", "again")))
                .isInstanceOf(DuplicateKeyException.class);
        servers.insert(server(OTHER_POOL, "https://api.example.com", "elsewhere"));
        assertThat(servers.find(OTHER_POOL, "https://api.example.com")).map(ResourceServer::name).contains("elsewhere");
    }

    @Test
    void updateAndDeleteReportWhetherTheServerExisted() {
        ResourceServer server = server(POOL, "orders", "orders");
        assertThat(servers.update(server)).isFalse();
        servers.insert(server);
        ResourceServer narrowed = new ResourceServer(POOL, "orders", "orders v2",
                List.of(new ResourceServerScope("read", "Read orders")));
        assertThat(servers.update(narrowed)).isTrue();
        assertThat(servers.find(POOL, "orders")).contains(narrowed);
        assertThat(servers.delete(OTHER_POOL, "orders")).isFalse();
        assertThat(servers.delete(POOL, "orders")).isTrue();
        assertThat(servers.delete(POOL, "orders")).isFalse();
    }

    @Test
    void listPagesInIdentifierOrder() {
        for (String id : List.of("c", "a", "e", "b", "d")) {
            servers.insert(server(POOL, id, id));
        }
        servers.insert(server(OTHER_POOL, "z", "z"));
        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            Page<ResourceServer> page = servers.list(POOL, after, 2);
            page.items().forEach(s -> seen.add(s.identifier()));
            after = page.next();
        } while (after != null);
        assertThat(seen).containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void deletingThePoolDeletesItsServers() {
        servers.insert(server(POOL, "orders", "orders"));
        pools.delete(POOL);
        assertThat(servers.find(POOL, "orders")).isEmpty();
    }
}
