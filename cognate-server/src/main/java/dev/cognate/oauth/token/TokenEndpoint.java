package dev.cognate.oauth.token;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code POST /oauth2/token} (RFC 6749 3.2): read the request, authenticate the client, hand
 * the request to the handler of its grant type. Errors are RFC 6749 5.2 JSON, nothing cached.
 */
public final class TokenEndpoint {
    private final ClientAuthenticator authenticator;
    private final Map<String, GrantHandler> handlers;

    public TokenEndpoint(ClientAuthenticator authenticator, List<GrantHandler> handlers) {
        this.authenticator = authenticator;
        this.handlers = handlers.stream().collect(Collectors.toUnmodifiableMap(GrantHandler::grantType, Function.identity()));
    }

    public void handle(Context ctx) {
        try {
            TokenRequest request = TokenRequest.read(ctx);
            AuthenticatedClient client = authenticator.authenticate(request.credentials());
            GrantHandler handler = handlers.get(request.grantType());
            if (handler == null) {
                throw OAuthError.unsupportedGrantType("grant_type " + FormParameters.shown(request.grantType())
                        + " is not supported: use authorization_code, refresh_token or client_credentials.");
            }
            OAuthResponses.json(ctx, 200, handler.grant(client, request.form()));
        } catch (OAuthError e) {
            OAuthResponses.error(ctx, e);
        } catch (dev.cognate.triggers.LambdaFailure e) {
            // the pool's pre token generation trigger refused or failed: no tokens, the trigger's words
            OAuthResponses.error(ctx, OAuthError.invalidGrant(e.getMessage(), "Cognito pre token generation trigger"));
        }
    }
}
