package dev.cognate.oauth.token;

import dev.cognate.crypto.Hashes;
import dev.cognate.store.AuthorizationCode;
import dev.cognate.pools.UserPool;
import dev.cognate.store.AuthorizationCodeStore;
import dev.cognate.store.AuthorizationCodeStore.Redemption;
import dev.cognate.store.RefreshTokenStore;
import dev.cognate.store.UserStore;
import dev.cognate.tokens.TokenIssuer;
import dev.cognate.tokens.TokenOccasion;
import dev.cognate.users.User;
import dev.cognate.users.Usernames;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code grant_type=authorization_code} (RFC 6749 4.1.3): the code is consumed atomically
 * before anything else is decided, so it is single use on every node; then it must have been
 * issued to this client, for this exact redirect URI, with a matching PKCE proof (RFC 7636
 * 4.6, RFC 9700 4.8.2), for a user who still exists and is enabled.
 */
public final class AuthorizationCodeGrantHandler implements GrantHandler {

    /** The grant's parameters; a malformed verifier is refused before the code is touched. */
    record Request(String code, String redirectUri, String codeVerifier) {
        static Request parse(FormParameters form) {
            String code = form.required("code");
            String redirectUri = form.required("redirect_uri");
            String verifier = form.optional("code_verifier").orElse(null);
            if (verifier != null && !Pkce.wellFormedVerifier(verifier)) {
                throw OAuthError.invalidRequest("code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~.",
                        "RFC 7636 4.1");
            }
            return new Request(code, redirectUri, verifier);
        }

        @Override
        public String toString() {
            return "Request[redirectUri=" + redirectUri + "]";
        }
    }

    private final AuthorizationCodeStore codes;
    private final RefreshTokenStore refreshTokens;
    private final UserStore users;
    private final TokenIssuer issuer;
    private final AllowedScopes allowedScopes;
    private final Clock clock;

    public AuthorizationCodeGrantHandler(AuthorizationCodeStore codes, RefreshTokenStore refreshTokens, UserStore users,
                                         TokenIssuer issuer, AllowedScopes allowedScopes, Clock clock) {
        this.codes = codes;
        this.refreshTokens = refreshTokens;
        this.users = users;
        this.issuer = issuer;
        this.allowedScopes = allowedScopes;
        this.clock = clock;
    }

    @Override
    public String grantType() {
        return "authorization_code";
    }

    @Override
    public IssuedTokens grant(AuthenticatedClient client, FormParameters form) {
        Request request = Request.parse(form);
        if (!client.app().allowsOAuthFlow("code")) {
            throw OAuthError.unauthorizedClient("The client is not allowed the authorization code grant.");
        }
        AuthorizationCode code = redeem(request.code());
        checkBinding(client, code, request);
        User user = signedInUser(client.pool(), code);
        Set<String> scopes = allowedScopes.retain(client.app(), code.scopes());
        return IssuedTokens.of(issuer.signIn(client.pool(), client.app(), user, scopes, code.authTime(), code.originJti(),
                code.nonce(), true, true, TokenOccasion.HOSTED_AUTH, Map.of(), code.amr()));
    }

    private AuthorizationCode redeem(String code) {
        Instant now = clock.instant();
        Redemption redemption = code.length() > 512 ? new Redemption.Unknown() : codes.redeem(Hashes.sha256Hex(code), now);
        return switch (redemption) {
            case Redemption.Redeemed redeemed -> redeemed.code();
            case Redemption.Replayed replayed -> {
                // RFC 9700 4.5 / RFC 6749 4.1.2: a second use means the code leaked; what the first issued dies.
                refreshTokens.revokeOrigin(replayed.poolId(), replayed.originJti(), now);
                throw OAuthError.invalidGrant("Authorization code has been used already.", "RFC 6749 4.1.2");
            }
            case Redemption.Unknown unknown ->
                    throw OAuthError.invalidGrant("Authorization code is invalid or expired.", "RFC 6749 5.2");
        };
    }

    private static void checkBinding(AuthenticatedClient client, AuthorizationCode code, Request request) {
        if (!code.clientId().equals(client.app().clientId()) || !code.poolId().equals(client.pool().id())) {
            throw OAuthError.invalidGrant("Authorization code was issued to another client.", "RFC 6749 4.1.3");
        }
        if (!code.redirectUri().equals(request.redirectUri())) {
            throw OAuthError.invalidGrant("redirect_uri does not match the one of the authorization request.",
                    "RFC 6749 4.1.3");
        }
        if (code.codeChallenge() == null) {
            if (request.codeVerifier() != null) {
                throw OAuthError.invalidGrant("code_verifier sent for a code issued without code_challenge.",
                        "RFC 9700 4.8.2");
            }
        } else if (request.codeVerifier() == null) {
            throw OAuthError.invalidGrant("code_verifier is required: the code was issued with code_challenge.",
                    "RFC 7636 4.6");
        } else if (!Pkce.verifies(request.codeVerifier(), code.codeChallenge())) {
            throw OAuthError.invalidGrant("code_verifier does not match code_challenge.", "RFC 7636 4.6");
        }
    }

    /** The user the code was issued for: same username, same sub (not someone re-created under the name), enabled. */
    private User signedInUser(UserPool pool, AuthorizationCode code) {
        Optional<User> user = users.find(pool.id(), Usernames.key(pool, code.username()))
                .filter(u -> u.sub().equals(code.sub()));
        if (user.isEmpty()) {
            throw OAuthError.invalidGrant("The user of this authorization code no longer exists.", "RFC 6749 5.2");
        }
        if (!user.get().enabled()) {
            throw OAuthError.invalidGrant("User is disabled.", "RFC 6749 5.2");
        }
        return user.get();
    }
}
