package dev.cognate.oauth.token;

import dev.cognate.crypto.Hashes;
import dev.cognate.store.RefreshGrant;
import dev.cognate.store.RefreshTokenStore;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code POST /oauth2/revoke} (RFC 7009): revokes a refresh token and, with it, its whole
 * sign-in event, so the access tokens minted from it stop working at userInfo and GetUser.
 * Client authentication as at the token endpoint. As Cognito documents: a client with token
 * revocation disabled, or a request without {@code token}, gets 400 {@code invalid_request};
 * a token issued to another client is left alone and answered 400 {@code unsupported_token_type}
 * (RFC 7009 2.1 says to refuse it without naming the code); an unknown, expired or already
 * revoked token gets 200 (RFC 7009 2.2). Access tokens cannot be revoked one by one:
 * {@code token_type_hint=access_token} gets {@code unsupported_token_type}.
 */
public final class RevocationEndpoint {
    private final ClientAuthenticator authenticator;
    private final RefreshTokenStore refreshTokens;
    private final Clock clock;

    public RevocationEndpoint(ClientAuthenticator authenticator, RefreshTokenStore refreshTokens, Clock clock) {
        this.authenticator = authenticator;
        this.refreshTokens = refreshTokens;
        this.clock = clock;
    }

    public void handle(Context ctx) {
        try {
            FormParameters form = FormParameters.read(ctx);
            AuthenticatedClient client = authenticator.authenticate(ClientCredentials.from(ctx.header("Authorization"), form));
            String token = form.required("token");
            if (Boolean.FALSE.equals(client.app().enableTokenRevocation())) {
                throw OAuthError.invalidRequest("Token revocation is disabled for this client.", "RFC 7009 2.2.1");
            }
            if (form.optional("token_type_hint").filter("access_token"::equals).isPresent()) {
                throw OAuthError.unsupportedTokenType("Only refresh tokens can be revoked; revoking one revokes the "
                        + "access tokens issued with it.");
            }
            Instant now = clock.instant();
            Optional<RefreshGrant> grant = token.length() > 4096 ? Optional.empty()
                    : refreshTokens.findActive(Hashes.sha256Hex(token), now);
            if (grant.isPresent()) {
                if (!grant.get().clientId().equals(client.app().clientId())) {
                    throw OAuthError.unsupportedTokenType("The token was not issued to this client.");
                }
                refreshTokens.revokeOrigin(grant.get().poolId(), grant.get().originJti(), now);
            }
            OAuthResponses.empty(ctx);
        } catch (OAuthError e) {
            OAuthResponses.error(ctx, e);
        }
    }
}
