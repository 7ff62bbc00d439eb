package dev.cognate.store;

import dev.cognate.pools.ManagedLoginBranding;
import java.util.Optional;

/** Branding styles by (pool, branding id); a client has at most one. Deleting the pool deletes them. */
public interface ManagedLoginBrandingStore {
    /** @throws DuplicateKeyException when the client already has a style */
    void insert(ManagedLoginBranding branding);

    Optional<ManagedLoginBranding> find(String poolId, String brandingId);

    Optional<ManagedLoginBranding> findByClient(String poolId, String clientId);

    /** @return false when the style does not exist */
    boolean update(ManagedLoginBranding branding);

    /** @return false when the style does not exist */
    boolean delete(String poolId, String brandingId);
}
