package dev.cognate.oauth.token;

import dev.cognate.clients.AppClient;
import dev.cognate.store.AppClientStore;
import dev.cognate.tokens.AccessTokenVerifier;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET|POST /oauth2/userInfo} (OIDC Core 5.3): the user's attributes for a live access
 * token that carries {@code openid}, presented as {@code Authorization: Bearer} only (as in
 * Cognito; RFC 6750 2.1). A token lacking {@code openid} (API sign-in tokens, say) gets RFC
 * 6750's 403 {@code insufficient_scope}; an invalid, expired or revoked one 401 {@code invalid_token}.
 */
public final class UserInfoEndpoint {
    private final AccessTokenVerifier accessTokens;
    private final AppClientStore clients;

    public UserInfoEndpoint(AccessTokenVerifier accessTokens, AppClientStore clients) {
        this.accessTokens = accessTokens;
        this.clients = clients;
    }

    public void handle(Context ctx) {
        try {
            AccessTokenVerifier.Verified token = accessTokens.verify(bearerToken(ctx.header("Authorization")))
                    .orElseThrow(() -> OAuthError.invalidToken(
                            "Access token is expired, disabled, or deleted, or the user has globally signed out."));
            if (!token.scopes().contains("openid")) {
                throw OAuthError.insufficientScope("The access token does not carry the openid scope.", "openid");
            }
            Optional<AppClient> client = clients.find(token.pool().id(), token.clientId());
            if (client.isEmpty()) {
                throw OAuthError.invalidToken("The access token's client no longer exists.");
            }
            List<String> readable = client.get().readAttributes();
            OAuthResponses.json(ctx, 200, UserInfoClaims.of(token.user(), token.scopes(), readable));
        } catch (OAuthError e) {
            OAuthResponses.error(ctx, e);
        }
    }

    private static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.substring(7).isBlank()) {
            throw OAuthError.missingToken("Send the access token as Authorization: Bearer <token>.");
        }
        return authorization.substring(7).trim();
    }
}
