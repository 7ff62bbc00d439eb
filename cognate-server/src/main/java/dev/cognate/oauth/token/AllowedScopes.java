package dev.cognate.oauth.token;

import dev.cognate.clients.AppClient;
import dev.cognate.resourceservers.ResourceServer;
import dev.cognate.store.ResourceServerStore;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which scopes a client may receive now: those in its AllowedOAuthScopes, custom ones only
 * while the pool's resource servers still define them. Settings may have changed since a
 * code was issued, so tokens are checked against this at the moment they are minted.
 */
public final class AllowedScopes {
    private static final Set<String> STANDARD = Set.of("openid", "email", "phone", "profile", "aws.cognito.signin.user.admin");

    private final ResourceServerStore resourceServers;

    public AllowedScopes(ResourceServerStore resourceServers) {
        this.resourceServers = resourceServers;
    }

    /** The part of {@code requested} that the client may still receive. */
    Set<String> retain(AppClient client, Set<String> requested) {
        Set<String> kept = new LinkedHashSet<>(requested);
        kept.retainAll(allowedOf(client));
        if (kept.stream().anyMatch(AllowedScopes::isCustom)) {
            Set<String> defined = new HashSet<>(resourceServers.scopesOf(client.userPoolId()));
            kept.removeIf(scope -> isCustom(scope) && !defined.contains(scope));
        }
        return kept;
    }

    /** The client's custom scopes that the pool's resource servers still define (client_credentials). */
    Set<String> customScopesOf(AppClient client) {
        Set<String> custom = new LinkedHashSet<>(allowedOf(client));
        custom.removeIf(scope -> !isCustom(scope));
        return retain(client, custom);
    }

    private static List<String> allowedOf(AppClient client) {
        return client.allowedOAuthScopes() == null ? List.of() : client.allowedOAuthScopes();
    }

    static boolean isCustom(String scope) {
        return !STANDARD.contains(scope) && ResourceServer.parseScope(scope).isPresent();
    }
}
