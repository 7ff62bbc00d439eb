package dev.cognate.store;

import dev.cognate.providers.IdentityProvider;
import dev.cognate.providers.ProviderSummary;
import dev.cognate.providers.ProviderType;
import java.util.List;
import java.util.Optional;

/**
 * The identity providers of user pools, keyed by (pool, provider name). Secrets are sealed on
 * the way in and opened on the way out; an IdP identifier belongs to at most one provider of
 * a pool. Deleting a pool deletes its providers.
 */
public interface IdentityProviderStore {
    /**
     * @throws DuplicateKeyException when the pool has a provider of this name
     * @throws IdentifierInUseException when another provider of the pool holds one of its identifiers
     */
    void insert(IdentityProvider provider);

    Optional<IdentityProvider> find(String poolId, String providerName);

    boolean exists(String poolId, String providerName);

    /** The provider of a pool that holds this IdP identifier. */
    Optional<IdentityProvider> findByIdentifier(String poolId, String identifier);

    /**
     * Replaces a provider (its identifiers too) with {@code changed}, only if it is still as it
     * was read ({@code read}, by its last modification): an update merges into what it read, so
     * one that started before another's write would undo it (a client secret rotated meanwhile,
     * say). A later modification time than {@code read}'s is written, a millisecond later at least.
     *
     * @return false when the provider does not exist
     * @throws IdentifierInUseException when another provider of the pool holds one of its identifiers
     * @throws ConcurrentChangeException when the provider was changed after {@code read} was read
     */
    boolean update(IdentityProvider read, IdentityProvider changed);

    /** @return false when the provider does not exist */
    boolean delete(String poolId, String providerName);

    /** A pool's providers ordered by name, starting after {@code after} (null for the first page). */
    Page<ProviderSummary> list(String poolId, String after, int limit);

    /** The names of a pool's providers, in name order. */
    List<String> names(String poolId);

    /** Every provider of this type in every pool (for operational scans such as secret expiry). */
    List<IdentityProvider> allOfType(ProviderType type);
}
