package dev.cognate.store;

import java.time.Instant;

/**
 * A token session: one sign-in's refresh tokens for one app client, while the pool tracks
 * sessions. {@code expiresAt} is its refresh tokens' end (rotation never extends it).
 */
public record UserSession(
        String sessionId,
        String poolId,
        String username,
        String clientId,
        String originJti,
        Instant createdAt,
        Instant lastActiveAt,
        Instant expiresAt,
        String deviceType,
        String lastIp) {
    public static final String TOKEN = "TOKEN";
}
