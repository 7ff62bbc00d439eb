package dev.cognate.store;

import java.time.Instant;
import java.util.Set;

/**
 * What an authorization code stands for (RFC 6749 4.1.2): the user, the client, the exact
 * redirect URI, the PKCE challenge and the nonce it is bound to (RFC 9700 4.5). {@code sub}
 * pins the user: a user deleted and re-created under the same username is someone else.
 */
public record AuthorizationCode(
        String poolId,
        String clientId,
        String username,
        String redirectUri,
        Set<String> scopes,
        String codeChallenge,
        String nonce,
        Instant authTime,
        String originJti,
        Instant expiresAt,
        String sub) {
    public AuthorizationCode {
        scopes = Set.copyOf(scopes);
    }
}
