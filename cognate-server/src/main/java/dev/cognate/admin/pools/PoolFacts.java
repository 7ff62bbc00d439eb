package dev.cognate.admin.pools;

/** What DescribeUserPool reports from other aggregates: user count and domains. */
public record PoolFacts(long estimatedNumberOfUsers, String domain, String customDomain) {

    /** Looks up the facts of one pool. */
    @FunctionalInterface
    public interface Source {
        PoolFacts of(String poolId);
    }
}
