package dev.cognate.users;

import java.time.Instant;

/**
 * An external identity that signed up as a pool user: the IdP's immutable subject under its
 * issuer (for Entra the {@code oid}, under the tenant's issuer that carries the {@code tid}),
 * through the pool's provider {@code providerName}. Never keyed by e-mail.
 */
public record FederatedIdentity(
        String poolId,
        String providerName,
        String issuer,
        String subject,
        String username,
        Instant createdAt) {}
