package dev.cognate.store.jdbc;

import dev.cognate.pools.UiCustomization;
import dev.cognate.store.UiCustomizationStore;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

public final class JdbcUiCustomizationStore implements UiCustomizationStore {
    private final ClientDocs<UiCustomization> docs;

    public JdbcUiCustomizationStore(Jdbi jdbi) {
        this.docs = new ClientDocs<>(jdbi, "ui_customizations", UiCustomization.class);
    }

    @Override
    public Optional<UiCustomization> find(String poolId, String clientId) {
        return docs.find(poolId, clientId);
    }

    @Override
    public void put(UiCustomization customization) {
        docs.put(customization.userPoolId(), customization.clientId(), customization);
    }

    @Override
    public void delete(String poolId, String clientId) {
        docs.delete(poolId, clientId);
    }
}
