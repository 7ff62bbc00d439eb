package dev.cognate.hostedui;

import dev.cognate.oauth.BrowserSessions;

import dev.cognate.clients.AppClient;
import dev.cognate.crypto.Hashes;
import dev.cognate.crypto.RandomIds;
import dev.cognate.federation.PendingAuthorization;
import dev.cognate.store.AuthorizationCode;
import dev.cognate.oauth.AuthorizationIssuer;
import dev.cognate.pools.UserPool;
import dev.cognate.store.AuthorizationCodeStore;
import dev.cognate.tokens.TokenIssuer;
import dev.cognate.users.User;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The last step of every hosted sign-in (password or upstream IdP): the browser gets a
 * session with the pool (a cookie whose value is stored only as its hash, 1 hour) and the
 * app its answer: a one-time code (stored only as its hash, bound to client, redirect URI,
 * PKCE challenge and nonce, 5 minutes) or, for {@code response_type=token}, the tokens in the
 * fragment (no refresh token, as Cognito).
 */
public final class SignInCompletion {
    private final AuthorizationCodeStore codes;
    private final BrowserSessions sessions;
    private final TokenIssuer tokens;
    private final Clock clock;

    public SignInCompletion(AuthorizationCodeStore codes, BrowserSessions sessions, TokenIssuer tokens, Clock clock) {
        this.codes = codes;
        this.sessions = sessions;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** Signs the browser in and answers the app. @return where to send the browser (302) */
    public String finish(Context ctx, UserPool pool, AppClient client, User user, PendingAuthorization pending,
                         Instant authTime) {
        sessions.start(ctx, user);
        String originJti = UUID.randomUUID().toString();
        Map<String, String> answer = new LinkedHashMap<>();
        if (pending.responseType().equals(PendingAuthorization.CODE)) {
            String code = RandomIds.token();
            codes.save(Hashes.sha256Hex(code), new AuthorizationCode(pool.id(), client.clientId(), user.username(),
                    pending.redirectUri(), pending.scopes(), pending.codeChallenge(), pending.nonce(), authTime, originJti,
                    clock.instant().plus(AuthorizationIssuer.CODE_LIFETIME), user.sub()));
            answer.put("code", code);
        } else {
            TokenIssuer.TokenSet set = tokens.signIn(pool, client, user, pending.scopes(), authTime, originJti,
                    pending.nonce(), true, false);
            if (set.idToken() != null) {
                answer.put("id_token", set.idToken());
            }
            answer.put("access_token", set.accessToken());
            answer.put("expires_in", Long.toString(set.expiresIn()));
            answer.put("token_type", "Bearer");
        }
        return pending.answer(answer);
    }
}
