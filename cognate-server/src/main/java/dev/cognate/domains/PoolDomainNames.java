package dev.cognate.domains;

import java.util.List;

/** A pool's domains by kind, as DescribeUserPool reports them (Domain, CustomDomain); null when absent. */
public record PoolDomainNames(String prefixDomain, String customDomain) {

    public static PoolDomainNames of(List<UserPoolDomain> domains) {
        String prefix = null;
        String custom = null;
        for (UserPoolDomain d : domains) {
            if (d.customDomain()) {
                custom = d.domain();
            } else {
                prefix = d.domain();
            }
        }
        return new PoolDomainNames(prefix, custom);
    }
}
