package dev.cognate.resourceservers;

import java.util.List;
import java.util.Optional;

/**
 * AWS ResourceServerType: an API that a pool issues access tokens for, and the custom scopes
 * it defines. A scope is requested as {@code <identifier>/<scopeName>}.
 */
public record ResourceServer(String userPoolId, String identifier, String name, List<ResourceServerScope> scopes) {

    public boolean definesScope(String scopeName) {
        return scopes != null && scopes.stream().anyMatch(s -> s.scopeName().equals(scopeName));
    }

    /**
     * Splits a custom scope {@code <identifier>/<scopeName>} at its last slash (identifiers may
     * hold slashes, scope names may not); empty when the value has no slash.
     */
    public static Optional<CustomScope> parseScope(String scope) {
        int slash = scope.lastIndexOf('/');
        if (slash <= 0 || slash == scope.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new CustomScope(scope.substring(0, slash), scope.substring(slash + 1)));
    }

    /** A scope value naming a resource server and one of its scopes. */
    public record CustomScope(String identifier, String scopeName) {}
}
