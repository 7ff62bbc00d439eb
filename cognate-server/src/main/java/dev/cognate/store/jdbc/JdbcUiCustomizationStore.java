package dev.cognate.store.jdbc;

import dev.cognate.pools.UiCustomization;
import dev.cognate.store.UiCustomizationStore;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

public final class JdbcUiCustomizationStore implements UiCustomizationStore {
    private final Jdbi jdbi;

    public JdbcUiCustomizationStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<UiCustomization> find(String poolId, String clientId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT doc FROM ui_customizations WHERE pool_id = :pool AND client_id = :client")
                .bind("pool", poolId)
                .bind("client", clientId)
                .mapTo(String.class)
                .findOne()
                .map(doc -> Docs.read(doc, UiCustomization.class)));
    }

    @Override
    public void put(UiCustomization customization) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO ui_customizations (pool_id, client_id, doc) VALUES (:pool, :client, :doc)
                        ON CONFLICT (pool_id, client_id) DO UPDATE SET doc = excluded.doc""")
                .bind("pool", customization.userPoolId())
                .bind("client", customization.clientId())
                .bind("doc", Docs.write(customization))
                .execute());
    }

    @Override
    public void delete(String poolId, String clientId) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM ui_customizations WHERE pool_id = :pool AND client_id = :client")
                .bind("pool", poolId)
                .bind("client", clientId)
                .execute());
    }
}
