package dev.cognate.oauth.token;

import dev.cognate.tokens.TokenMinter;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code grant_type=client_credentials} (RFC 6749 4.4): confidential clients only, custom
 * resource-server scopes only, an access token only. Without {@code scope} the client gets all
 * its custom scopes (as in Cognito); asking for any other scope is refused, never narrowed.
 */
public final class ClientCredentialsGrantHandler implements GrantHandler {
    private final TokenMinter minter;
    private final AllowedScopes allowedScopes;

    public ClientCredentialsGrantHandler(TokenMinter minter, AllowedScopes allowedScopes) {
        this.minter = minter;
        this.allowedScopes = allowedScopes;
    }

    @Override
    public String grantType() {
        return "client_credentials";
    }

    @Override
    public IssuedTokens grant(AuthenticatedClient client, FormParameters form) {
        if (!client.app().hasSecret()) {
            throw OAuthError.unauthorizedClient("A client without a secret cannot use client_credentials.");
        }
        if (!client.app().allowsOAuthFlow("client_credentials")) {
            throw OAuthError.unauthorizedClient("The client is not allowed the client_credentials grant.");
        }
        Set<String> available = allowedScopes.customScopesOf(client.app());
        Set<String> scopes = form.optional("scope").map(ClientCredentialsGrantHandler::split).orElse(available);
        for (String scope : scopes) {
            if (!available.contains(scope)) {
                throw OAuthError.invalidScope("Scope " + FormParameters.shown(scope) + " is not allowed for this client.");
            }
        }
        if (scopes.isEmpty()) {
            throw OAuthError.invalidScope("The client has no custom scopes to grant.");
        }
        TokenMinter.Minted minted = minter.mintForClient(client.pool().id(), client.app().clientId(), scopes,
                client.app().accessTokenLifetime());
        return IssuedTokens.accessOnly(minted.accessToken(), client.app().accessTokenLifetime().toSeconds());
    }

    /** RFC 6749 3.3: space-delimited scope tokens. */
    private static Set<String> split(String scope) {
        Set<String> scopes = new LinkedHashSet<>(Arrays.asList(scope.trim().split(" +")));
        scopes.remove("");
        return scopes;
    }
}
