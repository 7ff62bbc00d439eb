package dev.cognate.store.jdbc;

import dev.cognate.pools.ManagedLoginBranding;
import dev.cognate.store.ManagedLoginBrandingStore;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

public final class JdbcManagedLoginBrandingStore implements ManagedLoginBrandingStore {
    private final Jdbi jdbi;

    public JdbcManagedLoginBrandingStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(ManagedLoginBranding branding) {
        Sql.insert(() -> jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO managed_login_brandings (pool_id, branding_id, client_id, doc)
                        VALUES (:pool, :id, :client, :doc)""")
                .bind("pool", branding.userPoolId())
                .bind("id", branding.managedLoginBrandingId())
                .bind("client", branding.clientId())
                .bind("doc", Docs.write(branding))
                .execute()));
    }

    @Override
    public Optional<ManagedLoginBranding> find(String poolId, String brandingId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT doc FROM managed_login_brandings WHERE pool_id = :pool AND branding_id = :id")
                .bind("pool", poolId)
                .bind("id", brandingId)
                .mapTo(String.class)
                .findOne()
                .map(doc -> Docs.read(doc, ManagedLoginBranding.class)));
    }

    @Override
    public Optional<ManagedLoginBranding> findByClient(String poolId, String clientId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT doc FROM managed_login_brandings WHERE pool_id = :pool AND client_id = :client")
                .bind("pool", poolId)
                .bind("client", clientId)
                .mapTo(String.class)
                .findOne()
                .map(doc -> Docs.read(doc, ManagedLoginBranding.class)));
    }

    @Override
    public boolean update(ManagedLoginBranding branding) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE managed_login_brandings SET doc = :doc WHERE pool_id = :pool AND branding_id = :id")
                .bind("pool", branding.userPoolId())
                .bind("id", branding.managedLoginBrandingId())
                .bind("doc", Docs.write(branding))
                .execute()) == 1;
    }

    @Override
    public boolean delete(String poolId, String brandingId) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "DELETE FROM managed_login_brandings WHERE pool_id = :pool AND branding_id = :id")
                .bind("pool", poolId)
                .bind("id", brandingId)
                .execute()) == 1;
    }
}
