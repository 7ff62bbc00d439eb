package dev.cognate.admin.domains;

import dev.cognate.admin.pools.PoolFacts;
import dev.cognate.domains.PoolDomainNames;
import dev.cognate.store.UserPoolDomainStore;
import java.util.function.ToLongFunction;

/** DescribeUserPool's Domain and CustomDomain from the domain store, and its user count. */
public final class DomainPoolFacts implements PoolFacts.Source {
    private final UserPoolDomainStore domains;
    private final ToLongFunction<String> userCount;

    public DomainPoolFacts(UserPoolDomainStore domains, ToLongFunction<String> userCount) {
        this.domains = domains;
        this.userCount = userCount;
    }

    public PoolDomainNames names(String poolId) {
        return PoolDomainNames.of(domains.ofPool(poolId));
    }

    @Override
    public PoolFacts of(String poolId) {
        PoolDomainNames names = names(poolId);
        return new PoolFacts(userCount.applyAsLong(poolId), names.prefixDomain(), names.customDomain());
    }
}
