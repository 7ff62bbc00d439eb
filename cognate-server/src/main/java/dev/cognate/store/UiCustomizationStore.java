package dev.cognate.store;

import dev.cognate.pools.UiCustomization;
import java.util.Optional;

/** UI customizations by pool and client id ({@code ALL} for the pool's); deleting the pool deletes them. */
public interface UiCustomizationStore {
    Optional<UiCustomization> find(String poolId, String clientId);

    /** Inserts or replaces the customization of its pool and client; the pool must exist. */
    void put(UiCustomization customization);

    void delete(String poolId, String clientId);
}
