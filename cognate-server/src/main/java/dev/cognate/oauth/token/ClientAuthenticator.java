package dev.cognate.oauth.token;

import dev.cognate.clients.AppClient;
import dev.cognate.pools.UserPool;
import dev.cognate.store.AppClientStore;
import dev.cognate.store.UserPoolStore;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Client authentication at the token and revocation endpoints (RFC 6749 2.3): a client with a
 * secret must present it, compared in constant time; a public client names itself only.
 */
public final class ClientAuthenticator {
    private static final Pattern CLIENT_ID = Pattern.compile("[\\w+]{1,128}");

    private final AppClientStore clients;
    private final UserPoolStore pools;

    public ClientAuthenticator(AppClientStore clients, UserPoolStore pools) {
        this.clients = clients;
        this.pools = pools;
    }

    AuthenticatedClient authenticate(ClientCredentials presented) {
        boolean basic = presented.usedBasic();
        Optional<AppClient> found = CLIENT_ID.matcher(presented.clientId()).matches()
                ? clients.find(presented.clientId()) : Optional.empty();
        if (found.isEmpty()) {
            throw OAuthError.invalidClient("Unknown client.", basic);
        }
        AppClient client = found.get();
        if (client.hasSecret()) {
            if (presented.secret() == null) {
                throw OAuthError.invalidClient("The client has a secret: authenticate with HTTP Basic or client_secret.",
                        basic);
            }
            if (!client.secretMatches(presented.secret())) {
                throw OAuthError.invalidClient("Client authentication failed.", basic);
            }
        } else if (presented.secret() != null) {
            throw OAuthError.invalidClient("The client has no secret: send client_id only.", basic);
        }
        UserPool pool = pools.find(client.userPoolId())
                .orElseThrow(() -> OAuthError.invalidClient("Unknown client.", basic));
        return new AuthenticatedClient(pool, client);
    }
}
