package dev.cognate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.crypto.SecretBox;
import dev.cognate.providers.IdentityProvider;
import dev.cognate.providers.ProviderSecrets;
import dev.cognate.providers.ProviderSummary;
import dev.cognate.providers.ProviderType;
import dev.cognate.store.jdbc.JdbcIdentityProviderStore;
import dev.cognate.store.jdbc.JdbcUserPoolStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.IdpKeys;
import dev.cognate.testing.TestDatabases;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Backend.class)
public class IdentityProviderStoreConformanceTest {
    static final String POOL = "us-east-1_PROVIDERS";
    static final String OTHER_POOL = "us-east-1_OTHERPOOL";
    static final String CLIENT_SECRET = "entra-client-secret-Zq8~x4";

    @Parameter
    Backend backend;

    Database database;
    UserPoolStore pools;
    IdentityProviderStore providers;

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(backend);
        pools = new JdbcUserPoolStore(database.jdbi());
        providers = new JdbcIdentityProviderStore(database.jdbi(), new SecretBox(new byte[32]));
        pools.insert(UserPoolStoreConformanceTest.pool(POOL, "providers"));
        pools.insert(UserPoolStoreConformanceTest.pool(OTHER_POOL, "other"));
    }

    @AfterEach
    void close() {
        database.close();
    }

    public static IdentityProvider provider(String poolId, String name, String... identifiers) {
        return provider(poolId, name, new ProviderSecrets(CLIENT_SECRET, null), identifiers);
    }

    static IdentityProvider provider(String poolId, String name, ProviderSecrets secrets, String... identifiers) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new IdentityProvider(poolId, name, ProviderType.OIDC,
                Map.of("client_id", "client-" + name, "authorize_scopes", "openid profile email",
                        "attributes_request_method", "POST",
                        "oidc_issuer", "https://login.microsoftonline.com/0b5f4a0c-1c8e-4a7e-9a53-3f8c2d7e6a10/v2.0"),
                secrets, Map.of("username", "sub", "email", "email"), List.of(identifiers), null, now, now);
    }

    @Test
    void insertedProviderReadsBackEqualWithItsSecretsOpened() {
        IdentityProvider entra = provider(POOL, "entra",
                new ProviderSecrets(CLIENT_SECRET, IdpKeys.newPrivateKeyPem()), "example.com");
        providers.insert(entra);

        IdentityProvider found = providers.find(POOL, "entra").orElseThrow();
        assertThat(found).isEqualTo(entra);
        assertThat(found.secrets().clientSecret()).contains(CLIENT_SECRET);
        assertThat(found.secrets().privateKey()).isEqualTo(entra.secrets().privateKey());
        assertThat(found.oidc().clientId()).isEqualTo("client-entra");
        assertThat(providers.find(OTHER_POOL, "entra")).isEmpty();
        assertThat(providers.find(POOL, "Entra")).isEmpty();
    }

    @Test
    void secretsAreSealedInTheStoredDocument() {
        String privateKey = IdpKeys.newPrivateKeyPem();
        providers.insert(provider(POOL, "entra", new ProviderSecrets(CLIENT_SECRET, privateKey)));

        String doc = database.jdbi().withHandle(h -> h.createQuery("SELECT doc FROM identity_providers")
                .mapTo(String.class).one());
        assertThat(doc).doesNotContain(CLIENT_SECRET).doesNotContain(privateKey.lines().skip(1).findFirst().orElseThrow());
        assertThat(doc).contains("client-entra");
    }

    @Test
    void aSealedSecretCopiedToAnotherProviderDoesNotOpenThere() {
        providers.insert(provider(POOL, "entra"));
        providers.insert(provider(POOL, "other", new ProviderSecrets("another-secret", null)));
        database.jdbi().useHandle(h -> h.createUpdate("UPDATE identity_providers SET doc = "
                        + "(SELECT doc FROM identity_providers WHERE name = 'entra') WHERE name = 'other'")
                .execute());

        assertThatThrownBy(() -> providers.find(POOL, "other")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aProviderNameIsUniqueWithinAPoolOnly() {
        providers.insert(provider(POOL, "entra"));
        assertThatThrownBy(() -> providers.insert(provider(POOL, "entra")))
                .isInstanceOf(DuplicateKeyException.class);
        providers.insert(provider(OTHER_POOL, "entra"));
        assertThat(providers.exists(POOL, "entra")).isTrue();
        assertThat(providers.exists(OTHER_POOL, "entra")).isTrue();
        assertThat(providers.exists(POOL, "missing")).isFalse();
    }

    @Test
    void anIdentifierBelongsToOneProviderOfAPool() {
        providers.insert(provider(POOL, "entra", "example.com", "contoso"));
        assertThatThrownBy(() -> providers.insert(provider(POOL, "okta", "other.org", "contoso")))
                .isInstanceOf(IdentifierInUseException.class)
                .extracting(e -> ((IdentifierInUseException) e).identifier()).isEqualTo("contoso");
        assertThat(providers.exists(POOL, "okta")).as("the refused insert left nothing behind").isFalse();
        assertThat(providers.findByIdentifier(POOL, "other.org")).isEmpty();

        providers.insert(provider(OTHER_POOL, "okta", "contoso"));
        assertThat(providers.findByIdentifier(POOL, "contoso")).map(IdentityProvider::name).contains("entra");
        assertThat(providers.findByIdentifier(OTHER_POOL, "contoso")).map(IdentityProvider::name).contains("okta");
        assertThat(providers.findByIdentifier(POOL, "unknown")).isEmpty();
    }

    @Test
    void lostUpdateAnUpdateFromAnOlderReadIsRefusedAndWritesNothing() {
        IdentityProvider read = provider(POOL, "entra", "example.com");
        providers.insert(read);
        IdentityProvider rotated = new IdentityProvider(POOL, "entra", ProviderType.OIDC, read.details(),
                new ProviderSecrets("rotated-secret", null), read.attributeMapping(), read.idpIdentifiers(),
                read.acrMapping(), read.creationDate(), read.lastModifiedDate().plusSeconds(1));
        assertThat(providers.update(read, rotated)).isTrue();

        IdentityProvider remapped = new IdentityProvider(POOL, "entra", ProviderType.OIDC, read.details(),
                read.secrets(), Map.of("username", "oid"), read.idpIdentifiers(), read.acrMapping(),
                read.creationDate(), read.lastModifiedDate().plusSeconds(2));
        assertThatThrownBy(() -> providers.update(read, remapped)).isInstanceOf(ConcurrentChangeException.class);
        assertThat(providers.find(POOL, "entra")).contains(rotated);
    }

    @Test
    void anUpdateWithinTheMillisecondOfItsReadStillMovesTheModificationTimeOn() {
        IdentityProvider read = provider(POOL, "entra", "example.com");
        providers.insert(read);
        IdentityProvider sameInstant = new IdentityProvider(POOL, "entra", ProviderType.OIDC, read.details(),
                new ProviderSecrets("rotated-secret", null), read.attributeMapping(), read.idpIdentifiers(),
                read.acrMapping(), read.creationDate(), read.lastModifiedDate());
        assertThat(providers.update(read, sameInstant)).isTrue();
        assertThatThrownBy(() -> providers.update(read, sameInstant)).isInstanceOf(ConcurrentChangeException.class);
        assertThat(providers.find(POOL, "entra").orElseThrow().lastModifiedDate()).isAfter(read.lastModifiedDate());
    }

    @Test
    void updateReplacesTheProviderAndItsIdentifiers() {
        IdentityProvider entra = provider(POOL, "entra", "example.com");
        assertThat(providers.update(entra, entra)).isFalse();
        providers.insert(entra);
        providers.insert(provider(POOL, "okta", "okta.org"));

        IdentityProvider changed = new IdentityProvider(POOL, "entra", ProviderType.OIDC, entra.details(),
                new ProviderSecrets("rotated-secret", null), Map.of("username", "oid"), List.of("contoso.com"),
                Map.of("urn:acr", "mfa"), entra.creationDate(), entra.lastModifiedDate().plusSeconds(5));
        assertThat(providers.update(entra, changed)).isTrue();

        assertThat(providers.find(POOL, "entra")).contains(changed);
        assertThat(providers.findByIdentifier(POOL, "example.com")).isEmpty();
        assertThat(providers.findByIdentifier(POOL, "contoso.com")).contains(changed);

        IdentityProvider stealing = new IdentityProvider(POOL, "entra", ProviderType.OIDC, entra.details(),
                entra.secrets(), entra.attributeMapping(), List.of("okta.org"), null, entra.creationDate(),
                entra.lastModifiedDate());
        assertThatThrownBy(() -> providers.update(changed, stealing)).isInstanceOf(IdentifierInUseException.class);
        assertThat(providers.find(POOL, "entra")).as("the refused update changed nothing").contains(changed);
    }

    @Test
    void deleteReportsWhetherTheProviderExistedAndFreesItsIdentifiers() {
        providers.insert(provider(POOL, "entra", "example.com"));
        assertThat(providers.delete(POOL, "entra")).isTrue();
        assertThat(providers.delete(POOL, "entra")).isFalse();
        assertThat(providers.find(POOL, "entra")).isEmpty();
        assertThat(providers.findByIdentifier(POOL, "example.com")).isEmpty();
        providers.insert(provider(POOL, "okta", "example.com"));
    }

    @Test
    void listPagesAPoolsProvidersInNameOrder() {
        for (String name : List.of("delta", "alpha", "echo", "bravo", "charlie")) {
            providers.insert(provider(POOL, name));
        }
        providers.insert(provider(OTHER_POOL, "zulu"));

        List<String> names = new ArrayList<>();
        String after = null;
        do {
            Page<ProviderSummary> page = providers.list(POOL, after, 2);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
            page.items().forEach(p -> names.add(p.name()));
            after = page.next();
        } while (after != null);
        assertThat(names).containsExactly("alpha", "bravo", "charlie", "delta", "echo");
        assertThat(providers.names(POOL)).containsExactly("alpha", "bravo", "charlie", "delta", "echo");

        ProviderSummary summary = providers.list(OTHER_POOL, null, 10).items().getFirst();
        IdentityProvider zulu = providers.find(OTHER_POOL, "zulu").orElseThrow();
        assertThat(summary).isEqualTo(new ProviderSummary("zulu", ProviderType.OIDC, zulu.creationDate(),
                zulu.lastModifiedDate()));
    }

    @Test
    void deletingThePoolDeletesItsProvidersAndIdentifiers() {
        providers.insert(provider(POOL, "entra", "example.com"));
        assertThat(pools.delete(POOL)).isTrue();
        assertThat(providers.names(POOL)).isEmpty();
        assertThat(providers.findByIdentifier(POOL, "example.com")).isEmpty();
        long identifiers = database.jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM identity_provider_identifiers").mapTo(Long.class).one());
        assertThat(identifiers).isZero();
    }
}
