package dev.cognate.federation;

import dev.cognate.providers.IdentityProvider;
import dev.cognate.providers.ProviderType;
import java.net.URI;
import java.util.List;

/** The connectors of a node, each answering for the provider types it supports. */
public final class Connectors implements Connector {
    private final List<Connector> connectors;

    public Connectors(Connector... connectors) {
        this.connectors = List.of(connectors);
    }

    @Override
    public boolean supports(ProviderType type) {
        return connectors.stream().anyMatch(c -> c.supports(type));
    }

    @Override
    public boolean pkce(IdentityProvider provider) {
        return connectors.stream().filter(c -> c.supports(provider.type())).findFirst().map(c -> c.pkce(provider))
                .orElse(true);
    }

    @Override
    public URI loginUrl(IdentityProvider provider, Attempt attempt, Hints hints) throws IdpFailure {
        return of(provider).loginUrl(provider, attempt, hints);
    }

    @Override
    public boolean isIssuerOf(IdentityProvider provider, String issuer) throws IdpFailure {
        return of(provider).isIssuerOf(provider, issuer);
    }

    @Override
    public Identity complete(IdentityProvider provider, Attempt attempt, Callback callback) throws IdpFailure {
        return of(provider).complete(provider, attempt, callback);
    }

    private Connector of(IdentityProvider provider) throws IdpFailure {
        for (Connector connector : connectors) {
            if (connector.supports(provider.type())) {
                return connector;
            }
        }
        throw new IdpFailure(IdpFailure.Kind.INVALID_RESPONSE, "Cognate cannot sign users in through " + provider.name()
                + ", a " + provider.type().awsName() + " identity provider.");
    }
}
