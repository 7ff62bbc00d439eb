package dev.cognate.store;

import dev.cognate.domains.UserPoolDomain;
import java.util.List;
import java.util.Optional;

/** Pool domains: names unique across all pools, at most one prefix and one custom domain per pool. */
public interface UserPoolDomainStore {
    /**
     * @throws DuplicateKeyException when the name is taken (by any pool) or the pool already has
     *         a domain of this kind
     */
    void insert(UserPoolDomain domain);

    /** The domain with this name, which tells the pool it belongs to. */
    Optional<UserPoolDomain> find(String domain);

    /** The pool's domains (none, one, or a prefix and a custom one). */
    List<UserPoolDomain> ofPool(String poolId);

    /** @return false when the domain does not exist in its pool */
    boolean update(UserPoolDomain domain);

    /** @return false when this pool has no domain of this name */
    boolean delete(String poolId, String domain);
}
