package dev.cognate.oauth.token;

import dev.cognate.clients.AuthFlows;
import dev.cognate.tokens.TokenIssuer;

/**
 * {@code grant_type=refresh_token} (RFC 6749 6): new ID and access tokens with the scopes and
 * {@code auth_time} of the original sign-in, and a new refresh token when the client's
 * RefreshTokenRotation is ENABLED (RFC 6749 6 allows it; the old one then stops working, after
 * the client's grace period). A {@code scope} parameter is ignored, as Cognito does. A refresh
 * token handed out to a remembered device (an API sign-in's) also needs that device's
 * {@code device_key}, as the API's refreshes need its DEVICE_KEY.
 */
public final class RefreshTokenGrantHandler implements GrantHandler {
    private final TokenIssuer issuer;

    public RefreshTokenGrantHandler(TokenIssuer issuer) {
        this.issuer = issuer;
    }

    @Override
    public String grantType() {
        return "refresh_token";
    }

    @Override
    public IssuedTokens grant(AuthenticatedClient client, FormParameters form) {
        String refreshToken = form.required("refresh_token");
        if (!client.app().authFlows().contains(AuthFlows.REFRESH_TOKEN)) {
            throw OAuthError.unauthorizedClient("The client does not allow ALLOW_REFRESH_TOKEN_AUTH.");
        }
        return switch (issuer.refresh(client.pool(), client.app(), refreshToken, form.optional("device_key").orElse(null))) {
            case TokenIssuer.Refresh.Refreshed refreshed -> IssuedTokens.of(refreshed.tokens());
            case TokenIssuer.Refresh.Invalid invalid -> throw OAuthError.invalidGrant(invalid.reason(), "RFC 6749 5.2");
        };
    }
}
