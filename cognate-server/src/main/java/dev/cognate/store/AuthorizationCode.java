package dev.cognate.store;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What an authorization code stands for (RFC 6749 4.1.2): the user, the client, the exact
 * redirect URI, the PKCE challenge and the nonce it is bound to (RFC 9700 4.5). {@code sub}
 * pins the user: a user deleted and re-created under the same username is someone else.
 * {@code amr} is how the user authenticated (RFC 8176), for the ID token; empty when unknown.
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
        String sub,
        List<String> amr) {
    public AuthorizationCode {
        scopes = Set.copyOf(scopes);
        amr = amr == null ? List.of() : List.copyOf(amr);
    }

    public AuthorizationCode(String poolId, String clientId, String username, String redirectUri, Set<String> scopes,
                             String codeChallenge, String nonce, Instant authTime, String originJti, Instant expiresAt,
                             String sub) {
        this(poolId, clientId, username, redirectUri, scopes, codeChallenge, nonce, authTime, originJti, expiresAt, sub,
                List.of());
    }
}
