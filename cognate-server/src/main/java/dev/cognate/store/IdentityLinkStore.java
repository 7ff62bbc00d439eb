package dev.cognate.store;

import dev.cognate.users.IdentityLink;
import java.util.List;
import java.util.Optional;

/** Links from external identities to users; a link goes when its user goes. */
public interface IdentityLinkStore {
    /** @throws DuplicateKeyException when this identity is already linked (to anyone) */
    void insert(IdentityLink link);

    /** The link of the identity (pool, provider, attribute name, attribute value), if any. */
    Optional<IdentityLink> find(String poolId, String providerName, String providerAttributeName, String providerAttributeValue);

    List<IdentityLink> linksOf(String poolId, String username);

    /** @return false when there was no such link */
    boolean delete(String poolId, String providerName, String providerAttributeName, String providerAttributeValue);
}
