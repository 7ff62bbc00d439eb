package dev.cognate.tokens;

import dev.cognate.pools.UserPool;
import dev.cognate.users.User;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What tokens are about to say, as a {@link ClaimsCustomizer} sees it: the pool, the client,
 * the occasion, the user (null for client_credentials), the user's groups and the granted scopes.
 */
public record TokenDraft(UserPool pool, String clientId, TokenOccasion occasion, User user, List<String> groups,
                         Set<String> scopes, Map<String, String> clientMetadata) {
    public TokenDraft {
        groups = List.copyOf(groups);
        scopes = Set.copyOf(scopes);
        clientMetadata = clientMetadata == null ? Map.of() : Map.copyOf(clientMetadata);
    }
}
