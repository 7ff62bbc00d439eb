package dev.cognate.store;

import java.time.Instant;

/**
 * A browser signed in to a pool's hosted UI: who, since when, until when. {@code sub} is its
 * user's, so that a user deleted and another created with the same name never inherits it;
 * null in sessions stored before it was kept (they last an hour).
 */
public record BrowserSession(String poolId, String username, Instant authTime, Instant expiresAt, String sub) {
    public BrowserSession(String poolId, String username, Instant authTime, Instant expiresAt) {
        this(poolId, username, authTime, expiresAt, null);
    }
}
