package dev.cognate.oauth.token;

import dev.cognate.tokens.ClaimsCustomizer;
import dev.cognate.tokens.TokenCustomization;
import dev.cognate.tokens.TokenDraft;
import dev.cognate.tokens.TokenMinter;
import dev.cognate.tokens.TokenOccasion;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
    private final ClaimsCustomizer customizer;

    public ClientCredentialsGrantHandler(TokenMinter minter, AllowedScopes allowedScopes) {
        this(minter, allowedScopes, ClaimsCustomizer.NONE);
    }

    /** @param customizer the pool's pre token generation trigger (it answers only when configured V3_0) */
    public ClientCredentialsGrantHandler(TokenMinter minter, AllowedScopes allowedScopes, ClaimsCustomizer customizer) {
        this.customizer = customizer;
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
        TokenCustomization custom = customizer.customize(new TokenDraft(client.pool(), client.app().clientId(),
                TokenOccasion.CLIENT_CREDENTIALS, null, List.of(), scopes, form.optional("aws_client_metadata")
                .map(ClientCredentialsGrantHandler::metadata).orElse(Map.of())));
        TokenMinter.Minted minted = minter.mintForClient(client.pool().id(), client.app().clientId(), scopes,
                client.app().accessTokenLifetime(), custom);
        return IssuedTokens.accessOnly(minted.accessToken(), client.app().accessTokenLifetime().toSeconds());
    }

    /** {@code aws_client_metadata}: a JSON object of strings for the trigger (anything else is left out). */
    private static Map<String, String> metadata(String json) {
        Map<String, String> metadata = new java.util.LinkedHashMap<>();
        try {
            dev.cognate.http.WireJson.PLAIN.readTree(json).properties().forEach(e -> {
                if (e.getValue().isTextual()) {
                    metadata.put(e.getKey(), e.getValue().asText());
                }
            });
        } catch (java.io.IOException | RuntimeException e) {
            throw OAuthError.invalidRequest("aws_client_metadata is not a JSON object.", "Cognito token endpoint");
        }
        return metadata;
    }

    /** RFC 6749 3.3: space-delimited scope tokens. */
    private static Set<String> split(String scope) {
        Set<String> scopes = new LinkedHashSet<>(Arrays.asList(scope.trim().split(" +")));
        scopes.remove("");
        return scopes;
    }
}
