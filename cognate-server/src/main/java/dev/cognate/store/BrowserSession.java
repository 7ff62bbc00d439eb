package dev.cognate.store;

import java.time.Instant;

/** A browser signed in to a pool's hosted UI: who, since when, until when. */
public record BrowserSession(String poolId, String username, Instant authTime, Instant expiresAt) {}
