package dev.cognate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.clients.AppClient;
import dev.cognate.clients.ClientSecret;
import dev.cognate.clients.TokenValidityUnits;
import dev.cognate.crypto.SecretBox;
import dev.cognate.store.jdbc.JdbcAppClientStore;
import dev.cognate.store.jdbc.JdbcUserPoolStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestDatabases;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
public class AppClientStoreConformanceTest {
    static final String POOL = "us-east-1_AAAAAAAAA";
    static final String OTHER_POOL = "us-east-1_BBBBBBBBB";
    static final SecretBox BOX = new SecretBox("0123456789abcdef0123456789abcdef".getBytes());

    @Parameter
    Backend backend;

    Database database;
    UserPoolStore pools;
    AppClientStore clients;

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(backend);
        pools = new JdbcUserPoolStore(database.jdbi());
        clients = new JdbcAppClientStore(database.jdbi(), BOX);
        pools.insert(UserPoolStoreConformanceTest.pool(POOL, "one"));
        pools.insert(UserPoolStoreConformanceTest.pool(OTHER_POOL, "two"));
    }

    @AfterEach
    void close() {
        database.close();
    }

    public static AppClient client(String poolId, String clientId, String name, String secret) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new AppClient(poolId, name, clientId, secret == null ? List.of()
                : List.of(new ClientSecret(AppClient.firstSecretId(clientId, now), secret, now)), now, now, 30, 15, 2,
                new TokenValidityUnits("minutes", "hours", null), List.of("email"), List.of("email"),
                List.of("ALLOW_REFRESH_TOKEN_AUTH"), List.of("COGNITO"), List.of("https://app.example.com/cb"),
                List.of("https://app.example.com/bye"), "https://app.example.com/cb", List.of("code"),
                List.of("openid"), true, null, "ENABLED", true, false, 3, null);
    }

    @Test
    void insertedClientReadsBackEqualWithItsSecret() {
        AppClient client = client(POOL, "client0000000000000000000a", "web", "s3cr3t-value-for-the-test-0123456789");
        clients.insert(client);
        assertThat(clients.find(POOL, client.clientId())).contains(client);
        assertThat(clients.find(POOL, client.clientId()).orElseThrow().clientSecret()).isEqualTo(client.clientSecret());
    }

    @Test
    void clientWithoutSecretReadsBackWithoutOne() {
        AppClient client = client(POOL, "client0000000000000000000a", "spa", null);
        clients.insert(client);
        assertThat(clients.find(client.clientId())).contains(client);
        assertThat(clients.find(client.clientId()).orElseThrow().hasSecret()).isFalse();
    }

    @Test
    void clientIsFoundByIdAloneButOnlyInItsOwnPool() {
        AppClient client = client(POOL, "client0000000000000000000a", "web", null);
        clients.insert(client);
        assertThat(clients.find(client.clientId())).map(AppClient::userPoolId).contains(POOL);
        assertThat(clients.find(OTHER_POOL, client.clientId())).isEmpty();
        assertThat(clients.find("nope")).isEmpty();
    }

    @Test
    void clientIdsAreUniqueAcrossPools() {
        clients.insert(client(POOL, "client0000000000000000000a", "one", null));
        assertThatThrownBy(() -> clients.insert(client(OTHER_POOL, "client0000000000000000000a", "two", null)))
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void secretIsSealedAtRest() {
        String secret = "plain-secret-that-must-not-be-stored-0123456789";
        clients.insert(client(POOL, "client0000000000000000000a", "web", secret));
        List<String> rows = database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT id || ' ' || pool_id || ' ' || name || ' ' || secret_sealed || ' ' || doc FROM app_clients")
                .mapTo(String.class).list());
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).doesNotContain(secret).contains("v1.");
    }

    @Test
    void sealedSecretDoesNotOpenForAnotherClient() {
        clients.insert(client(POOL, "client0000000000000000000a", "one", "first-secret-0123456789abcdef"));
        clients.insert(client(POOL, "client0000000000000000000b", "two", "second-secret-0123456789abcdef"));
        database.jdbi().useHandle(h -> h.execute("UPDATE app_clients SET secret_sealed = "
                + "(SELECT secret_sealed FROM app_clients WHERE id = 'client0000000000000000000a') "
                + "WHERE id = 'client0000000000000000000b'"));
        assertThatThrownBy(() -> clients.find("client0000000000000000000b")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void secretMatchesOnlyTheExactSecret() {
        AppClient client = client(POOL, "client0000000000000000000a", "web", "exact-secret-0123456789abcdef");
        clients.insert(client);
        AppClient found = clients.find(client.clientId()).orElseThrow();
        assertThat(found.secretMatches("exact-secret-0123456789abcdef")).isTrue();
        assertThat(found.secretMatches("exact-secret-0123456789abcdeF")).isFalse();
        assertThat(found.secretMatches(null)).isFalse();
        assertThat(found.toString()).doesNotContain("exact-secret");
    }

    @Test
    void updateAndDeleteAreScopedToThePool() {
        AppClient client = client(POOL, "client0000000000000000000a", "web", "secret-0123456789abcdefghij");
        assertThat(clients.update(client)).isFalse();
        clients.insert(client);
        AppClient renamed = client(POOL, client.clientId(), "renamed", client.clientSecret());
        assertThat(clients.update(renamed)).isTrue();
        assertThat(clients.find(client.clientId())).map(AppClient::clientName).contains("renamed");
        assertThat(clients.update(client(OTHER_POOL, client.clientId(), "moved", null))).isFalse();
        assertThat(clients.delete(OTHER_POOL, client.clientId())).isFalse();
        assertThat(clients.delete(POOL, client.clientId())).isTrue();
        assertThat(clients.delete(POOL, client.clientId())).isFalse();
        assertThat(clients.find(client.clientId())).isEmpty();
    }

    @Test
    void listPagesThroughOnePoolsClientsInIdOrder() {
        for (String suffix : List.of("c", "a", "e", "b", "d")) {
            clients.insert(client(POOL, "client000000000000000000" + suffix + suffix, suffix, null));
        }
        clients.insert(client(OTHER_POOL, "client0000000000000000000z", "other", null));
        List<String> names = new ArrayList<>();
        String after = null;
        do {
            Page<AppClient> page = clients.list(POOL, after, 2);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
            page.items().forEach(c -> names.add(c.clientName()));
            after = page.next();
        } while (after != null);
        assertThat(names).containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void deletingThePoolDeletesItsClients() {
        clients.insert(client(POOL, "client0000000000000000000a", "web", "secret-0123456789abcdefghij"));
        pools.delete(POOL);
        assertThat(clients.find("client0000000000000000000a")).isEmpty();
    }

    @Test
    void aClientWrittenBeforeSecretsWereRotatedReadsItsOneSecret() {
        AppClient client = client(POOL, "client0000000000000000000a", "web", "first-secret-0123456789abcdef");
        clients.insert(client);
        String legacy = BOX.seal("legacy-secret-0123456789abcdef", "client-secret:" + client.clientId());
        database.jdbi().useHandle(h -> h.createUpdate("UPDATE app_clients SET secret_sealed = :s").bind("s", legacy)
                .execute());
        AppClient found = clients.find(client.clientId()).orElseThrow();
        assertThat(found.clientSecrets()).extracting(ClientSecret::id)
                .containsExactly(AppClient.firstSecretId(client.clientId(), client.creationDate()));
        assertThat(found.secretMatches("legacy-secret-0123456789abcdef")).isTrue();
    }

    @Test
    void aSecondSecretAuthenticatesTheClientAsWellAsTheFirstAndNeitherReachesALog() {
        AppClient client = client(POOL, "client0000000000000000000a", "web", "first-secret-0123456789abcdef");
        clients.insert(client);
        ClientSecret second = new ClientSecret("second", "second-secret-0123456789abcdef", Instant.now());
        clients.changeSecrets(POOL, client.clientId(), secrets -> List.of(secrets.getFirst(), second));
        AppClient found = clients.find(client.clientId()).orElseThrow();
        assertThat(found.secretMatches("first-secret-0123456789abcdef")).isTrue();
        assertThat(found.secretMatches("second-secret-0123456789abcdef")).isTrue();
        assertThat(found.clientSecret()).as("the oldest is the one described").isEqualTo("first-secret-0123456789abcdef");
        assertThat(found.toString() + found.clientSecrets()).doesNotContain("secret-0123456789abcdef");
    }

    @Test
    void anUpdateOfTheSettingsLeavesTheSecretsAsTheyAre() {
        AppClient client = client(POOL, "client0000000000000000000a", "web", "first-secret-0123456789abcdef");
        clients.insert(client);
        clients.changeSecrets(POOL, client.clientId(), secrets -> List.of(secrets.getFirst(),
                new ClientSecret("second", "second-secret-0123456789abcdef", Instant.now())));
        assertThat(clients.update(client(POOL, client.clientId(), "renamed", null))).isTrue();
        assertThat(clients.find(client.clientId()).orElseThrow().clientSecrets()).hasSize(2);
    }

    @Test
    void aSecretChangeThatLostARaceIsMadeAgainOnTheWinnersSecrets() {
        AppClient client = client(POOL, "client0000000000000000000a", "web", "first-secret-0123456789abcdef");
        clients.insert(client);
        var calls = new java.util.concurrent.atomic.AtomicInteger();
        AppClient after = clients.changeSecrets(POOL, client.clientId(), secrets -> {
            if (calls.getAndIncrement() == 0) {
                // another node deletes the first secret and adds its own between this change's read and write
                clients.changeSecrets(POOL, client.clientId(), theirs -> List.of(
                        new ClientSecret("theirs", "their-secret-0123456789abcdef", Instant.now())));
            }
            List<ClientSecret> next = new ArrayList<>(secrets);
            next.add(new ClientSecret("mine", "my-secret-0123456789abcdef", Instant.now()));
            return next;
        }).orElseThrow();
        assertThat(calls).hasValue(2);
        assertThat(after.clientSecrets()).extracting(ClientSecret::id).containsExactly("theirs", "mine");
        assertThat(clients.find(client.clientId()).orElseThrow().secretMatches("first-secret-0123456789abcdef"))
                .as("the deleted secret is not brought back").isFalse();
        assertThat(clients.changeSecrets(OTHER_POOL, client.clientId(), s -> s)).isEmpty();
    }
}
