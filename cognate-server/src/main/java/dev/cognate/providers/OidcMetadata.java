package dev.cognate.providers;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an OIDC provider's discovery document said when the provider was created or last
 * updated: its endpoints (DescribeIdentityProvider answers them as the URL keys, as AWS does)
 * and the ID token signing algorithms it advertises. {@code userInfoEndpoint} is null when
 * the IdP has none.
 */
public record OidcMetadata(
        String issuer,
        URI authorizationEndpoint,
        URI tokenEndpoint,
        URI userInfoEndpoint,
        URI jwksUri,
        List<String> idTokenSigningAlgorithms,
        Instant discoveredAt) {

    public OidcMetadata {
        idTokenSigningAlgorithms = idTokenSigningAlgorithms == null ? List.of() : List.copyOf(idTokenSigningAlgorithms);
    }

    public Optional<URI> userInfo() {
        return Optional.ofNullable(userInfoEndpoint);
    }
}
