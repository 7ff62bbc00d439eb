package dev.cognate.devidp.oauth;

import dev.cognate.devidp.crypto.RandomValues;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Opaque refresh tokens (kept as hashes), bound to the client; 90 days of inactivity, as Entra's. */
final class RefreshTokens {
    static final Duration LIFETIME = Duration.ofDays(90);

    record Grant(String clientId, String userId, String tenantId, Scopes scopes, String sid, Instant authTime,
                 String family, Instant expiresAt) {}

    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final Clock clock;

    RefreshTokens(Clock clock) {
        this.clock = clock;
    }

    String issue(String clientId, String userId, String tenantId, Scopes scopes, String sid, Instant authTime, String family) {
        String token = "1.A" + RandomValues.token(96);
        grants.put(RandomValues.hash(token), new Grant(clientId, userId, tenantId, scopes, sid, authTime, family,
                clock.instant().plus(LIFETIME)));
        return token;
    }

    Optional<Grant> find(String token) {
        Grant grant = grants.get(RandomValues.hash(token));
        if (grant == null || !clock.instant().isBefore(grant.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(grant);
    }

    /** A reused authorization code revokes every refresh token issued from it. */
    void revokeFamily(String family) {
        grants.values().removeIf(g -> g.family().equals(family));
    }
}
