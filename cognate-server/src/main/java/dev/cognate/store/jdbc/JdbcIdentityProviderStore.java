package dev.cognate.store.jdbc;

import dev.cognate.crypto.SecretBox;
import dev.cognate.providers.IdentityProvider;
import dev.cognate.providers.OidcMetadata;
import dev.cognate.providers.ProviderSecrets;
import dev.cognate.providers.ProviderSummary;
import dev.cognate.providers.ProviderType;
import dev.cognate.store.DuplicateKeyException;
import dev.cognate.store.ConcurrentChangeException;
import dev.cognate.store.IdentifierInUseException;
import dev.cognate.store.IdentityProviderStore;
import dev.cognate.store.Page;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

public final class JdbcIdentityProviderStore implements IdentityProviderStore {
    private final Jdbi jdbi;
    private final SecretBox secretBox;

    public JdbcIdentityProviderStore(Jdbi jdbi, SecretBox secretBox) {
        this.jdbi = jdbi;
        this.secretBox = secretBox;
    }

    /** The stored document: the provider with its secret details sealed, each bound to its row and key. */
    record ProviderDoc(
            String providerType,
            Map<String, String> providerDetails,
            Map<String, String> sealedSecrets,
            Map<String, String> attributeMapping,
            List<String> idpIdentifiers,
            Map<String, String> acrMapping,
            Instant creationDate,
            Instant lastModifiedDate,
            OidcMetadata discovered) {}

    @Override
    public void insert(IdentityProvider provider) {
        jdbi.useTransaction(h -> {
            Sql.insert(() -> h.createUpdate("INSERT INTO identity_providers "
                            + "(pool_id, name, provider_type, created_at, updated_at, doc) "
                            + "VALUES (:pool, :name, :type, :created, :updated, :doc)")
                    .bind("pool", provider.poolId())
                    .bind("name", provider.name())
                    .bind("type", provider.type().awsName())
                    .bind("created", provider.creationDate().toEpochMilli())
                    .bind("updated", provider.lastModifiedDate().toEpochMilli())
                    .bind("doc", Docs.write(doc(provider)))
                    .execute());
            insertIdentifiers(h, provider);
        });
    }

    @Override
    public Optional<IdentityProvider> find(String poolId, String providerName) {
        return jdbi.withHandle(h -> h.createQuery("SELECT doc FROM identity_providers WHERE pool_id = :pool AND name = :name")
                .bind("pool", poolId)
                .bind("name", providerName)
                .mapTo(String.class)
                .findOne()
                .map(doc -> provider(poolId, providerName, Docs.read(doc, ProviderDoc.class))));
    }

    @Override
    public boolean exists(String poolId, String providerName) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM identity_providers WHERE pool_id = :pool AND name = :name")
                .bind("pool", poolId)
                .bind("name", providerName)
                .mapTo(Integer.class)
                .one()) > 0;
    }

    @Override
    public Optional<IdentityProvider> findByIdentifier(String poolId, String identifier) {
        return jdbi.withHandle(h -> h.createQuery("SELECT p.name, p.doc FROM identity_provider_identifiers i "
                        + "JOIN identity_providers p ON p.pool_id = i.pool_id AND p.name = i.provider_name "
                        + "WHERE i.pool_id = :pool AND i.identifier = :identifier")
                .bind("pool", poolId)
                .bind("identifier", identifier)
                .map((rs, ctx) -> provider(poolId, rs.getString("name"), Docs.read(rs.getString("doc"), ProviderDoc.class)))
                .findOne());
    }

    @Override
    public boolean update(IdentityProvider read, IdentityProvider changed) {
        if (!read.poolId().equals(changed.poolId()) || !read.name().equals(changed.name())) {
            throw new IllegalArgumentException("an update cannot turn one provider into another");
        }
        Instant readAt = read.lastModifiedDate();
        IdentityProvider provider = changed.lastModifiedDate().isAfter(readAt) ? changed
                : new IdentityProvider(changed.poolId(), changed.name(), changed.type(), changed.details(),
                        changed.secrets(), changed.attributeMapping(), changed.idpIdentifiers(), changed.acrMapping(),
                        changed.creationDate(), readAt.plusMillis(1), changed.discovered());
        return jdbi.inTransaction(h -> {
            int updated = h.createUpdate("UPDATE identity_providers SET provider_type = :type, updated_at = :updated, "
                            + "doc = :doc WHERE pool_id = :pool AND name = :name AND updated_at = :read")
                    .bind("pool", provider.poolId())
                    .bind("name", provider.name())
                    .bind("type", provider.type().awsName())
                    .bind("updated", provider.lastModifiedDate().toEpochMilli())
                    .bind("read", readAt.toEpochMilli())
                    .bind("doc", Docs.write(doc(provider)))
                    .execute();
            if (updated == 0) {
                if (exists(h, provider.poolId(), provider.name())) {
                    throw new ConcurrentChangeException("identity provider " + provider.name() + " was changed meanwhile");
                }
                return false;
            }
            h.createUpdate("DELETE FROM identity_provider_identifiers WHERE pool_id = :pool AND provider_name = :name")
                    .bind("pool", provider.poolId())
                    .bind("name", provider.name())
                    .execute();
            insertIdentifiers(h, provider);
            return true;
        });
    }

    private static boolean exists(Handle h, String poolId, String name) {
        return h.createQuery("SELECT 1 FROM identity_providers WHERE pool_id = :pool AND name = :name")
                .bind("pool", poolId)
                .bind("name", name)
                .mapTo(Integer.class)
                .findOne()
                .isPresent();
    }

    @Override
    public boolean delete(String poolId, String providerName) {
        return jdbi.inTransaction(h -> {
            // SQLite enforces the cascade too, but deleting explicitly keeps the contract on any backend.
            h.createUpdate("DELETE FROM identity_provider_identifiers WHERE pool_id = :pool AND provider_name = :name")
                    .bind("pool", poolId)
                    .bind("name", providerName)
                    .execute();
            return h.createUpdate("DELETE FROM identity_providers WHERE pool_id = :pool AND name = :name")
                    .bind("pool", poolId)
                    .bind("name", providerName)
                    .execute() == 1;
        });
    }

    @Override
    public Page<ProviderSummary> list(String poolId, String after, int limit) {
        List<ProviderSummary> rows = jdbi.withHandle(h -> h.createQuery(
                        "SELECT name, provider_type, created_at, updated_at FROM identity_providers "
                                + "WHERE pool_id = :pool AND name > :after ORDER BY name LIMIT :limit")
                .bind("pool", poolId)
                .bind("after", after == null ? "" : after)
                .bind("limit", limit + 1)
                .map((rs, ctx) -> new ProviderSummary(rs.getString("name"), type(rs.getString("provider_type")),
                        Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at"))))
                .list());
        return Pages.of(rows, limit, ProviderSummary::name);
    }

    @Override
    public List<String> names(String poolId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT name FROM identity_providers WHERE pool_id = :pool ORDER BY name")
                .bind("pool", poolId)
                .mapTo(String.class)
                .list());
    }

    @Override
    public List<IdentityProvider> allOfType(ProviderType type) {
        return jdbi.withHandle(h -> h.createQuery("SELECT pool_id, name, doc FROM identity_providers "
                        + "WHERE provider_type = :type ORDER BY pool_id, name")
                .bind("type", type.awsName())
                .map((rs, ctx) -> provider(rs.getString("pool_id"), rs.getString("name"),
                        Docs.read(rs.getString("doc"), ProviderDoc.class)))
                .list());
    }

    private static void insertIdentifiers(Handle h, IdentityProvider provider) {
        for (String identifier : provider.idpIdentifiers()) {
            try {
                Sql.insert(() -> h.createUpdate("INSERT INTO identity_provider_identifiers "
                                + "(pool_id, identifier, provider_name) VALUES (:pool, :identifier, :name)")
                        .bind("pool", provider.poolId())
                        .bind("identifier", identifier)
                        .bind("name", provider.name())
                        .execute());
            } catch (DuplicateKeyException e) {
                throw new IdentifierInUseException(identifier, e);
            }
        }
    }

    private ProviderDoc doc(IdentityProvider p) {
        Map<String, String> sealed = new LinkedHashMap<>();
        p.secrets().clientSecret().ifPresent(s -> sealed.put(ProviderSecrets.CLIENT_SECRET,
                secretBox.seal(s, context(p.poolId(), p.name(), ProviderSecrets.CLIENT_SECRET))));
        p.secrets().privateKey().ifPresent(s -> sealed.put(ProviderSecrets.PRIVATE_KEY,
                secretBox.seal(s, context(p.poolId(), p.name(), ProviderSecrets.PRIVATE_KEY))));
        return new ProviderDoc(p.type().awsName(), p.details(), sealed, p.attributeMapping(), p.idpIdentifiers(),
                p.acrMapping(), p.creationDate(), p.lastModifiedDate(), p.discovered());
    }

    private IdentityProvider provider(String poolId, String name, ProviderDoc doc) {
        Map<String, String> sealed = doc.sealedSecrets() == null ? Map.of() : doc.sealedSecrets();
        ProviderSecrets secrets = new ProviderSecrets(
                open(sealed, poolId, name, ProviderSecrets.CLIENT_SECRET),
                open(sealed, poolId, name, ProviderSecrets.PRIVATE_KEY));
        return new IdentityProvider(poolId, name, type(doc.providerType()), doc.providerDetails(), secrets,
                doc.attributeMapping(), doc.idpIdentifiers(), doc.acrMapping(), doc.creationDate(),
                doc.lastModifiedDate(), doc.discovered());
    }

    private String open(Map<String, String> sealed, String poolId, String name, String key) {
        String value = sealed.get(key);
        return value == null ? null : secretBox.open(value, context(poolId, name, key));
    }

    static String context(String poolId, String providerName, String key) {
        return "idp-secret:" + poolId + ":" + providerName + ":" + key;
    }

    private static ProviderType type(String awsName) {
        return ProviderType.fromAwsName(awsName)
                .orElseThrow(() -> new IllegalStateException("stored provider type is unknown: " + awsName));
    }
}
