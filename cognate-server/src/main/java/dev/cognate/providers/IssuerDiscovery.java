package dev.cognate.providers;

/** Reads an OIDC issuer's discovery document ({@code <issuer>/.well-known/openid-configuration}). */
@FunctionalInterface
public interface IssuerDiscovery {
    /**
     * @param oidcIssuer the {@code oidc_issuer} exactly as configured
     * @throws InvalidProviderDetailsException saying why the issuer cannot be used: unreachable,
     *         answering garbage, naming another issuer, or lacking an endpoint
     */
    OidcMetadata discover(String oidcIssuer);
}
