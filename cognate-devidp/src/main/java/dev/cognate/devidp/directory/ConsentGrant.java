package dev.cognate.devidp.directory;

import java.util.Set;

/**
 * Delegated permissions granted to an app in one tenant: for every user there ({@code principalId} null,
 * Graph's {@code AllPrincipals}, i.e. admin consent) or for one user ({@code Principal}).
 */
public record ConsentGrant(String id, String appId, String tenantId, String principalId, Set<String> scopes) {
    public ConsentGrant {
        scopes = Set.copyOf(scopes);
    }

    public boolean allPrincipals() {
        return principalId == null;
    }
}
