package dev.cognate.admin.domains;

import dev.cognate.admin.pools.PoolFacts;
import dev.cognate.domains.PoolDomainNames;
import dev.cognate.store.UserPoolDomainStore;

/** DescribeUserPool's Domain and CustomDomain, read from the domain store (no user count yet: 0). */
public final class DomainPoolFacts implements PoolFacts.Source {
    private final UserPoolDomainStore domains;

    public DomainPoolFacts(UserPoolDomainStore domains) {
        this.domains = domains;
    }

    public PoolDomainNames names(String poolId) {
        return PoolDomainNames.of(domains.ofPool(poolId));
    }

    @Override
    public PoolFacts of(String poolId) {
        PoolDomainNames names = names(poolId);
        return new PoolFacts(0, names.prefixDomain(), names.customDomain());
    }
}
