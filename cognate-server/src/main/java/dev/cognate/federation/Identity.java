package dev.cognate.federation;

import java.util.List;
import java.util.Objects;

/**
 * Who an upstream IdP says signed in, once everything it sent was checked: the connector's
 * neutral result. {@code issuer} + {@code subject} is the immutable key of the person at that
 * IdP (for Entra the tenant's issuer, which carries the {@code tid}, and the {@code oid});
 * {@code claims} feed attribute mapping; {@code groups} are the IdP's groups when the
 * provider has a {@code groups_claim} (empty otherwise).
 */
public record Identity(String issuer, String subject, Claims claims, List<String> groups) {
    public Identity {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(claims, "claims");
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
