package dev.cognate.store;

import java.time.Instant;

/**
 * A tracked session. A TOKEN session is one sign-in's refresh tokens for one app client
 * ({@code originJti}; {@code originSessionId}: the SSO session it came through, or null); an SSO
 * session is a hosted sign-in's browser session ({@code browserSession}: its hash; its client is
 * the one the user signed in through). {@code expiresAt} is when it ends at the latest.
 */
public record UserSession(
        String sessionId,
        String sessionType,
        String poolId,
        String username,
        String sub,
        String clientId,
        String originJti,
        String browserSession,
        String originSessionId,
        Instant createdAt,
        Instant lastActiveAt,
        Instant expiresAt,
        String deviceType,
        String lastIp) {
    public static final String TOKEN = "TOKEN";
    public static final String SSO = "SSO";

    public boolean isToken() {
        return TOKEN.equals(sessionType);
    }
}
