package dev.cognate.users;

import java.time.Instant;

/**
 * An identity of an external provider linked to a user (AdminLinkProviderForUser): a sign-in
 * through {@code providerName} whose {@code providerAttributeName} (Cognito_Subject for the
 * IdP's subject, or a mapped attribute) equals {@code providerAttributeValue} lands on
 * {@code username}.
 */
public record IdentityLink(
        String poolId,
        String providerName,
        String providerAttributeName,
        String providerAttributeValue,
        String username,
        Instant createdAt) {

    public static final String SUBJECT = "Cognito_Subject";
}
