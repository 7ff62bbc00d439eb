package dev.cognate.store;

import dev.cognate.users.FederatedIdentity;
import java.util.List;
import java.util.Optional;

/** Which user each external identity is; an identity goes when its user goes. */
public interface FederatedIdentityStore {
    /** @throws DuplicateKeyException when the identity already has a user */
    void insert(FederatedIdentity identity);

    Optional<FederatedIdentity> find(String poolId, String providerName, String issuer, String subject);

    /** The external identities that sign in as the user. */
    List<FederatedIdentity> identitiesOf(String poolId, String username);
}
