package dev.cognate.oauth;

import dev.cognate.store.AuthorizationCode;

import dev.cognate.crypto.Hashes;
import dev.cognate.crypto.RandomIds;
import dev.cognate.store.AuthorizationCodeStore;
import dev.cognate.store.UserStore;
import dev.cognate.tokens.TokenIssuer;
import dev.cognate.users.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Answers a validated authorization request for a signed-in user: a one-time code (stored
 * only as its hash, bound to client, redirect URI, PKCE challenge and nonce, 5 minutes), or
 * for {@code response_type=token} the tokens themselves in the fragment, as Cognito does
 * (no refresh token in the implicit flow).
 */
public final class AuthorizationIssuer {
    public static final Duration CODE_LIFETIME = Duration.ofMinutes(5);

    private final AuthorizationCodeStore codes;
    private final TokenIssuer tokens;
    private final UserStore users;
    private final Clock clock;

    public AuthorizationIssuer(AuthorizationCodeStore codes, TokenIssuer tokens, UserStore users, Clock clock) {
        this.codes = codes;
        this.tokens = tokens;
        this.users = users;
        this.clock = clock;
    }

    /** The redirect that answers the app. */
    public String issue(ValidatedAuthorization v, String username, Instant authTime) {
        String originJti = UUID.randomUUID().toString();
        return switch (v.responseType()) {
            case CODE -> code(v, username, authTime, originJti);
            case TOKEN -> implicitTokens(v, username, authTime, originJti);
        };
    }

    private String code(ValidatedAuthorization v, String username, Instant authTime, String originJti) {
        Optional<User> user = users.findAll(v.pool().id(), List.of(username)).stream().findFirst();
        if (user.isEmpty() || !user.get().enabled()) {
            return v.reply().error("access_denied", "The user can no longer sign in.");
        }
        String code = RandomIds.token();
        codes.save(Hashes.sha256Hex(code), new AuthorizationCode(v.pool().id(), v.client().clientId(), username,
                v.redirectUri(), v.scopes(), v.codeChallenge(), v.nonce(), authTime, originJti,
                clock.instant().plus(CODE_LIFETIME), user.get().sub()));
        return v.reply().with(List.of(new AuthorizeRequest.Parameter("code", code)));
    }

    private String implicitTokens(ValidatedAuthorization v, String username, Instant authTime, String originJti) {
        Optional<User> user = users.findAll(v.pool().id(), List.of(username)).stream().findFirst();
        if (user.isEmpty() || !user.get().enabled()) {
            return v.reply().error("access_denied", "The user can no longer sign in.");
        }
        TokenIssuer.TokenSet set = tokens.signIn(v.pool(), v.client(), user.get(), v.scopes(), authTime, originJti,
                v.nonce(), true, false);
        List<AuthorizeRequest.Parameter> answer = new ArrayList<>();
        if (set.idToken() != null) {
            answer.add(new AuthorizeRequest.Parameter("id_token", set.idToken()));
        }
        answer.add(new AuthorizeRequest.Parameter("access_token", set.accessToken()));
        answer.add(new AuthorizeRequest.Parameter("expires_in", Long.toString(set.expiresIn())));
        answer.add(new AuthorizeRequest.Parameter("token_type", "Bearer"));
        return v.reply().with(answer);
    }
}
