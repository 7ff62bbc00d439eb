package dev.cognate.tokens;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * What a sign-in (or refresh) grants: to which client, with which scopes, since when. The
 * {@code originJti} names the original authentication event and is kept across refreshes.
 */
public record TokenGrant(String poolId, String clientId, Set<String> scopes, Instant authTime, String originJti,
                         String eventId, String nonce, Duration idTokenValidity, Duration accessTokenValidity) {
    public TokenGrant {
        scopes = Set.copyOf(scopes);
    }

    /** The scope of the tokens Cognito's user API (InitiateAuth and the rest) issues, and the only one they carry. */
    public static final String API_SCOPE = "aws.cognito.signin.user.admin";

    /**
     * An ID token comes with {@code openid} (OIDC Core 3.1.2.1), and with every sign-in through the
     * user API, whose tokens carry {@link #API_SCOPE} alone (and keep it across refreshes).
     */
    public boolean includesIdToken() {
        return scopes.contains("openid") || scopes.equals(Set.of(API_SCOPE));
    }
}
