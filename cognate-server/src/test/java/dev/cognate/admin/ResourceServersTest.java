package dev.cognate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import dev.cognate.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListResourceServersResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceServerScopeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceServerType;

@ParameterizedClass
@EnumSource(Backend.class)
class ResourceServersTest {
    @Parameter
    Backend backend;

    CognitoIdentityProviderClient cognito;
    String poolId;

    @BeforeEach
    void createPool() {
        cognito = TestServer.shared(backend).client();
        poolId = cognito.createUserPool(r -> r.poolName("rs-" + UUID.randomUUID().toString().substring(0, 8)))
                .userPool().id();
    }

    static ResourceServerScopeType scope(String name, String description) {
        return ResourceServerScopeType.builder().scopeName(name).scopeDescription(description).build();
    }

    @Test
    void createdServerIsDescribedWithItsScopes() {
        ResourceServerType created = cognito.createResourceServer(r -> r.userPoolId(poolId)
                .identifier("https://api.example.com/orders").name("Orders API")
                .scopes(scope("orders.read", "Read orders"), scope("orders.write", "Write orders"))).resourceServer();
        assertThat(created.userPoolId()).isEqualTo(poolId);
        assertThat(created.identifier()).isEqualTo("https://api.example.com/orders");
        assertThat(created.name()).isEqualTo("Orders API");
        assertThat(created.scopes()).extracting(ResourceServerScopeType::scopeName).containsExactly("orders.read", "orders.write");

        ResourceServerType described = cognito.describeResourceServer(r -> r.userPoolId(poolId)
                .identifier("https://api.example.com/orders")).resourceServer();
        assertThat(described).isEqualTo(created);
    }

    @Test
    void serverWithoutScopesIsAllowed() {
        ResourceServerType created = cognito.createResourceServer(r -> r.userPoolId(poolId).identifier("bare").name("bare"))
                .resourceServer();
        assertThat(created.scopes()).isEmpty();
    }

    @Test
    void secondServerWithTheSameIdentifierIsRefused() {
        cognito.createResourceServer(r -> r.userPoolId(poolId).identifier("orders").name("Orders"));
        assertThatThrownBy(() -> cognito.createResourceServer(r -> r.userPoolId(poolId).identifier("orders").name("Again")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("orders already exists");
    }

    @Test
    void createRefusesMalformedMembersNamingTheMember() {
        assertThatThrownBy(() -> cognito.createResourceServer(r -> r.userPoolId(poolId).identifier("has space").name("x")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("'identifier'");
        assertThatThrownBy(() -> cognito.createResourceServer(r -> r.userPoolId(poolId).identifier("x".repeat(257)).name("x")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("'identifier'");
        assertThatThrownBy(() -> cognito.createResourceServer(r -> r.userPoolId(poolId).identifier("api")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("'name'");
        assertThatThrownBy(() -> cognito.createResourceServer(r -> r.userPoolId(poolId).identifier("api").name("a/b")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("'name'");
        assertThatThrownBy(() -> cognito.createResourceServer(r -> r.userPoolId(poolId).identifier("api").name("api")
                .scopes(scope("read/all", "slashes are not allowed"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("scopeName");
        assertThatThrownBy(() -> cognito.createResourceServer(r -> r.userPoolId(poolId).identifier("api").name("api")
                .scopes(ResourceServerScopeType.builder().scopeName("read").build())))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("scopeDescription");
        assertThatThrownBy(() -> cognito.createResourceServer(r -> r.userPoolId(poolId).identifier("api").name("api")
                .scopes(scope("read", "one"), scope("read", "two"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Duplicate scope name read");
        List<ResourceServerScopeType> tooMany = IntStream.range(0, 101).mapToObj(i -> scope("s" + i, "scope " + i)).toList();
        assertThatThrownBy(() -> cognito.createResourceServer(r -> r.userPoolId(poolId).identifier("api").name("api")
                .scopes(tooMany)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("'scopes'");
    }

    @Test
    void operationsOnAMissingPoolAreNotFound() {
        String missing = "us-east-1_Missing00";
        assertThatThrownBy(() -> cognito.createResourceServer(r -> r.userPoolId(missing).identifier("api").name("api")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("User pool " + missing + " does not exist.");
        assertThatThrownBy(() -> cognito.listResourceServers(r -> r.userPoolId(missing).maxResults(10)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void describeOfAnUnknownServerIsNotFound() {
        assertThatThrownBy(() -> cognito.describeResourceServer(r -> r.userPoolId(poolId).identifier("nothing")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Resource server nothing does not exist");
        assertThatThrownBy(() -> cognito.describeResourceServer(r -> r.userPoolId(poolId)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("'identifier'");
    }

    @Test
    void updateReplacesNameAndScopes() {
        cognito.createResourceServer(r -> r.userPoolId(poolId).identifier("orders").name("Orders")
                .scopes(scope("read", "Read"), scope("write", "Write")));
        ResourceServerType updated = cognito.updateResourceServer(r -> r.userPoolId(poolId).identifier("orders")
                .name("Orders v2").scopes(scope("admin", "Administer"))).resourceServer();
        assertThat(updated.name()).isEqualTo("Orders v2");
        assertThat(updated.scopes()).extracting(ResourceServerScopeType::scopeName).containsExactly("admin");
        assertThat(cognito.describeResourceServer(r -> r.userPoolId(poolId).identifier("orders")).resourceServer())
                .isEqualTo(updated);
    }

    @Test
    void updateOfAnUnknownServerIsNotFoundAndChecksMembers() {
        assertThatThrownBy(() -> cognito.updateResourceServer(r -> r.userPoolId(poolId).identifier("ghost").name("ghost")))
                .isInstanceOf(ResourceNotFoundException.class);
        cognito.createResourceServer(r -> r.userPoolId(poolId).identifier("orders").name("Orders"));
        assertThatThrownBy(() -> cognito.updateResourceServer(r -> r.userPoolId(poolId).identifier("orders").name("")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("'name'");
    }

    @Test
    void deletedServerIsGone() {
        cognito.createResourceServer(r -> r.userPoolId(poolId).identifier("orders").name("Orders"));
        cognito.deleteResourceServer(r -> r.userPoolId(poolId).identifier("orders"));
        assertThatThrownBy(() -> cognito.describeResourceServer(r -> r.userPoolId(poolId).identifier("orders")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> cognito.deleteResourceServer(r -> r.userPoolId(poolId).identifier("orders")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void listPagesThroughThePoolsServers() {
        for (String id : List.of("c", "a", "e", "b", "d")) {
            cognito.createResourceServer(r -> r.userPoolId(poolId).identifier("api-" + id).name(id)
                    .scopes(scope("read", "Read")));
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            ListResourceServersResponse page = cognito.listResourceServers(r -> r.userPoolId(poolId).maxResults(2).nextToken(next));
            assertThat(page.resourceServers()).hasSizeLessThanOrEqualTo(2);
            page.resourceServers().forEach(s -> {
                assertThat(s.scopes()).extracting(ResourceServerScopeType::scopeName).containsExactly("read");
                seen.add(s.identifier());
            });
            token = page.nextToken();
        } while (token != null);
        assertThat(seen).containsExactly("api-a", "api-b", "api-c", "api-d", "api-e");
    }

    @Test
    void listRefusesMaxResultsOutsideOneToFifty() {
        assertThatThrownBy(() -> cognito.listResourceServers(r -> r.userPoolId(poolId).maxResults(0)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("maxResults");
        assertThatThrownBy(() -> cognito.listResourceServers(r -> r.userPoolId(poolId).maxResults(51)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("maxResults");
        assertThatThrownBy(() -> cognito.listResourceServers(r -> r.userPoolId(poolId).maxResults(10).nextToken("%%%")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("pagination token");
    }
}
