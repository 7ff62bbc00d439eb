package dev.cognate.admin.auth;

import dev.cognate.admin.AwsException;
import dev.cognate.clients.AuthFlows;
import dev.cognate.crypto.Hashes;
import dev.cognate.store.RefreshGrant;
import dev.cognate.store.RefreshTokenStore;
import dev.cognate.tokens.TokenIssuer;
import dev.cognate.tokens.TokenIssuer.Refresh;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;

/** REFRESH_TOKEN_AUTH (alias REFRESH_TOKEN): new ID and access tokens for a refresh token. */
final class RefreshFlow {
    static final int MAX_TOKEN_LENGTH = 2048;
    static final String ROTATING_CLIENT =
            "Refresh token rotation is enabled for this client: use GetTokensFromRefreshToken";

    private final TokenIssuer issuer;
    private final RefreshTokenStore refreshTokens;
    private final Clock clock;

    RefreshFlow(TokenIssuer issuer, RefreshTokenStore refreshTokens, Clock clock) {
        this.issuer = issuer;
        this.refreshTokens = refreshTokens;
        this.clock = clock;
    }

    /**
     * REFRESH_TOKEN_AUTH cannot rotate (Cognito: rotation "isn't compatible with the
     * authentication flow REFRESH_TOKEN_AUTH"), so a rotating client's tokens are refreshed
     * only by GetTokensFromRefreshToken and the token endpoint: a refresh here would leave the
     * old token usable, the very thing rotation is there to end.
     */
    AuthResponse refresh(SignInClient target, AuthParameters parameters) {
        target.requireFlow(AuthFlows.REFRESH_TOKEN, "REFRESH_TOKEN_AUTH flow not enabled for this client");
        if (TokenIssuer.rotates(target.client())) {
            throw AwsException.notAuthorized(ROTATING_CLIENT);
        }
        String token = parameters.required("REFRESH_TOKEN");
        checkSecretHash(target, token, parameters);
        return switch (issuer.refresh(target.pool(), target.client(), token, parameters.optional("DEVICE_KEY"))) {
            case Refresh.Refreshed refreshed -> AuthResponse.tokens(refreshed.tokens());
            case Refresh.Invalid invalid -> throw AwsException.notAuthorized(invalid.reason());
        };
    }

    /**
     * GetTokensFromRefreshToken: the client proves itself with its ClientSecret (compared in
     * constant time) rather than a SECRET_HASH; new tokens as for REFRESH_TOKEN_AUTH, and a new
     * refresh token when the client rotates them.
     */
    AuthResponse refreshWithSecret(SignInClient target, String token, String clientSecret, String deviceKey) {
        target.requireFlow(AuthFlows.REFRESH_TOKEN, "REFRESH_TOKEN_AUTH flow not enabled for this client");
        if (target.client().hasSecret()) {
            if (clientSecret == null || clientSecret.isEmpty()) {
                throw AwsException.notAuthorized("Client " + target.clientId()
                        + " is configured with secret but ClientSecret was not received");
            }
            if (!target.client().secretMatches(clientSecret)) {
                throw AwsException.notAuthorized("Invalid client secret for client " + target.clientId());
            }
        }
        return switch (issuer.refresh(target.pool(), target.client(), token, deviceKey)) {
            case Refresh.Refreshed refreshed -> AuthResponse.tokens(refreshed.tokens());
            case Refresh.Invalid invalid -> throw AwsException.notAuthorized(invalid.reason());
        };
    }

    /**
     * A refresh needs no USERNAME, so the hash may be over the username or the sub of the
     * token's user (apps use either, and Cognito takes both), or over a USERNAME sent along.
     * An unknown token is left to the refresh itself to refuse.
     */
    private void checkSecretHash(SignInClient target, String token, AuthParameters parameters) {
        if (!target.client().hasSecret()) {
            return;
        }
        String presented = parameters.optional("SECRET_HASH");
        if (presented == null) {
            SecretHash.check(target.client(), null, java.util.List.of());
        }
        Optional<RefreshGrant> grant = token.length() > MAX_TOKEN_LENGTH ? Optional.empty()
                : refreshTokens.findActive(Hashes.sha256Hex(token), clock.instant());
        if (grant.isPresent()) {
            SecretHash.check(target.client(), presented,
                    Arrays.asList(grant.get().username(), grant.get().sub(), parameters.optional("USERNAME")));
        }
    }
}
