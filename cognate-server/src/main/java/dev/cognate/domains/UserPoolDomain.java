package dev.cognate.domains;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * The domain of a user pool's hosted UI: a prefix domain ({@code <prefix>.auth.<region>...})
 * or, when it carries a {@link CustomDomainConfig}, a custom domain. Domain names are unique
 * across all pools; a pool has at most one domain of each kind.
 */
public record UserPoolDomain(
        String domain,
        String userPoolId,
        CustomDomainConfig customDomainConfig,
        Integer managedLoginVersion,
        JsonNode routing,
        String cloudFrontDistribution,
        String version,
        Instant creationDate,
        Instant lastModifiedDate) {

    public boolean customDomain() {
        return customDomainConfig != null;
    }
}
