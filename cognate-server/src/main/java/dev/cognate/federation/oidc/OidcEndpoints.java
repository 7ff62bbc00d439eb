package dev.cognate.federation.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import dev.cognate.federation.IdpFailure;
import dev.cognate.providers.IdentityProvider;
import dev.cognate.providers.InvalidProviderDetailsException;
import dev.cognate.providers.IssuerDiscovery;
import dev.cognate.providers.OidcMetadata;
import dev.cognate.providers.OidcSettings;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where an OIDC provider's endpoints are, and which algorithms its ID tokens may be signed
 * with: the URLs given in ProviderDetails, else what its discovery document said when the
 * provider was stored (else, for a provider stored before discovery existed, the document
 * read now). {@code userInfo} is null when the IdP has no userinfo endpoint.
 *
 * <p>The algorithms are the asymmetric ones the IdP advertises (RS256 when it advertises
 * none, or the endpoints were given): never {@code none}, never an HMAC, and never taken
 * from a token's header.
 */
record OidcEndpoints(URI authorization, URI token, URI userInfo, URI jwks, Set<JWSAlgorithm> algorithms) {
    private static final Set<JWSAlgorithm> ASYMMETRIC = new LinkedHashSet<>(List.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512));

    Optional<URI> userInfoEndpoint() {
        return Optional.ofNullable(userInfo);
    }

    static OidcEndpoints of(IdentityProvider provider, OidcSettings settings, IssuerDiscovery discovery) throws IdpFailure {
        Optional<OidcSettings.Endpoints> given = settings.givenEndpoints();
        if (given.isPresent()) {
            OidcSettings.Endpoints e = given.get();
            return new OidcEndpoints(e.authorization(), e.token(), e.userInfo(), e.jwks(), Set.of(JWSAlgorithm.RS256));
        }
        OidcMetadata metadata = provider.discoveredMetadata().orElse(null);
        if (metadata == null) {
            try {
                metadata = discovery.discover(provider.details().get(OidcSettings.OIDC_ISSUER));
            } catch (InvalidProviderDetailsException e) {
                throw new IdpFailure(IdpFailure.Kind.IDP_UNREACHABLE, provider.name() + ": " + e.getMessage());
            }
        }
        return new OidcEndpoints(metadata.authorizationEndpoint(), metadata.tokenEndpoint(),
                metadata.userInfoEndpoint(), metadata.jwksUri(), algorithms(metadata.idTokenSigningAlgorithms()));
    }

    private static Set<JWSAlgorithm> algorithms(List<String> advertised) {
        Set<JWSAlgorithm> accepted = new LinkedHashSet<>();
        for (String name : advertised) {
            JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
            if (ASYMMETRIC.contains(algorithm)) {
                accepted.add(algorithm);
            }
        }
        return accepted.isEmpty() ? Set.of(JWSAlgorithm.RS256) : accepted;
    }
}
