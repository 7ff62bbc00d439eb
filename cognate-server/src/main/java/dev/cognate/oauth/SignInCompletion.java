package dev.cognate.oauth;

import dev.cognate.audit.AuditTrail;
import dev.cognate.audit.Origin;
import dev.cognate.crypto.Hashes;
import dev.cognate.crypto.RandomIds;
import dev.cognate.store.AuthEvent;
import dev.cognate.store.AuthorizationCode;
import dev.cognate.store.AuthorizationCodeStore;
import dev.cognate.store.UserStore;
import dev.cognate.tokens.TokenIssuer;
import dev.cognate.tokens.TokenOccasion;
import dev.cognate.users.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The one end of every sign-in (password, new password, upstream IdP, or the browser's
 * session): the transaction ends (once, whichever node serves it), the browser gets a session
 * with the pool, and the app its answer: a one-time code (stored only as its hash, bound to
 * client, redirect URI, PKCE challenge and nonce, 5 minutes; RFC 9700 4.5) or, for
 * {@code response_type=token}, the tokens in the fragment (no refresh token, as Cognito).
 */
public final class SignInCompletion {
    public static final Duration CODE_LIFETIME = Duration.ofMinutes(5);

    private final SignInTransactions transactions;
    private final AuthorizationCodeStore codes;
    private final BrowserSessions sessions;
    private final TokenIssuer tokens;
    private final UserStore users;
    private final AuditTrail audit;

    public SignInCompletion(SignInTransactions transactions, AuthorizationCodeStore codes, BrowserSessions sessions,
                            TokenIssuer tokens, UserStore users) {
        this(transactions, codes, sessions, tokens, users, null);
    }

    /** @param audit where the users' sign-in events are recorded; null: nowhere */
    public SignInCompletion(SignInTransactions transactions, AuthorizationCodeStore codes, BrowserSessions sessions,
                            TokenIssuer tokens, UserStore users, AuditTrail audit) {
        this.audit = audit;
        this.transactions = transactions;
        this.codes = codes;
        this.sessions = sessions;
        this.tokens = tokens;
        this.users = users;
    }

    /** How a sign-in ends. */
    public sealed interface Completed {
        /**
         * The app is answered at {@code location}; {@code sessionCookie} is the browser's new
         * session with the pool, or null when its current one stands (or the user was refused).
         */
        record Answered(String location, String sessionCookie) implements Completed {}

        /** The transaction had already ended (a form sent twice, a race between two tabs): nothing was issued. */
        record AlreadyEnded() implements Completed {}
    }

    /**
     * Completes the sign-in of {@code user}, who authenticated {@code how} at {@code authTime}.
     */
    public Completed complete(OpenSignIn signIn, User user, Authentication how, Instant authTime) {
        return complete(signIn, user, how, authTime, Origin.UNKNOWN);
    }

    /**
     * Completes the sign-in of {@code user}, who authenticated {@code how} at {@code authTime}
     * from {@code origin}; a new proof (not the browser's session) is recorded as a SignIn event.
     */
    public Completed complete(OpenSignIn signIn, User user, Authentication how, Instant authTime, Origin origin) {
        return complete(signIn, user, how, authTime, origin, null);
    }

    /**
     * As above; {@code reusedSession} is the hash of the browser session a {@code SESSION}
     * sign-in reuses (null when unknown), for session tracking's link from the code to it.
     */
    public Completed complete(OpenSignIn signIn, User user, Authentication how, Instant authTime, Origin origin,
                              String reusedSession) {
        if (!transactions.finish(signIn)) {
            return new Completed.AlreadyEnded();
        }
        Optional<User> current = users.findAll(signIn.pool().id(), List.of(user.username())).stream().findFirst()
                .filter(u -> u.enabled() && u.sub().equals(user.sub()));
        if (current.isEmpty()) {
            return new Completed.Answered(signIn.reply().error("access_denied", "The user can no longer sign in."), null);
        }
        String session = how == Authentication.SESSION ? null
                : sessions.start(current.get(), authTime, signIn.client().clientId());
        String browserSession = session != null ? BrowserSessions.hashOf(session) : reusedSession;
        if (how != Authentication.SESSION) {
            record(signIn, current.get(), AuthEvent.Response.Pass, switch (how) {
                case PASSWORD, NEW_PASSWORD -> List.of(AuthEvent.Challenge.PASSWORD_SUCCESS);
                case PASSWORD_AND_CODE -> List.of(AuthEvent.Challenge.PASSWORD_SUCCESS, AuthEvent.Challenge.MFA_SUCCESS);
                case PASSKEY_AS_MFA -> List.of(AuthEvent.Challenge.MFA_SUCCESS);
                case PASSKEY, EMAIL_CODE, TEXTED_CODE, FEDERATED, SESSION -> List.<AuthEvent.Challenge>of();
            }, origin, how == Authentication.FEDERATED ? provider(signIn) : AuthEvent.COGNITO);
        }
        String originJti = UUID.randomUUID().toString();
        String location;
        try {
            location = signIn.implicit()
                    ? implicitTokens(signIn, current.get(), authTime, originJti, how.amr())
                    : code(signIn, current.get(), authTime, originJti, how.amr(), browserSession);
        } catch (dev.cognate.triggers.LambdaFailure e) {
            return new Completed.Answered(signIn.reply().error("invalid_request", e.getMessage()), session);
        }
        return new Completed.Answered(location, session);
    }

    /** A hosted sign-in step of {@code user} failed (a wrong password or code): recorded as a SignIn event. */
    public void failed(OpenSignIn signIn, User user, List<AuthEvent.Challenge> challenges, Origin origin) {
        record(signIn, user, AuthEvent.Response.Fail, challenges, origin, AuthEvent.COGNITO);
    }

    /**
     * A hosted step named {@code typedName}, which is no user of the pool, failed as a wrong
     * password (or code) would: recorded as the pool's event, the name as its keyed hash only.
     */
    public void failedForNobody(OpenSignIn signIn, String typedName, AuthEvent.Type type, Origin origin) {
        if (audit != null) {
            audit.unknownUser(signIn.pool(), typedName, signIn.client().clientId(), type,
                    dev.cognate.store.PoolAuthEvent.USER_NOT_FOUND, origin);
        }
    }

    /** Another event of {@code user} on the way through this sign-in (a sign-up, a password reset). */
    public void happened(OpenSignIn signIn, User user, AuthEvent.Type type, AuthEvent.Response response, Origin origin) {
        if (audit != null) {
            audit.authEvent(signIn.pool().id(), user, signIn.client().clientId(), AuthEvent.COGNITO, type, response,
                    List.of(), origin);
        }
    }

    private void record(OpenSignIn signIn, User user, AuthEvent.Response response, List<AuthEvent.Challenge> challenges,
                        Origin origin, String provider) {
        if (audit != null) {
            audit.authEvent(signIn.pool().id(), user, signIn.client().clientId(), provider, AuthEvent.Type.SignIn, response,
                    challenges, origin);
        }
    }

    /** The upstream IdP of a federated sign-in: the one the callback came from, else the one the app chose. */
    private static String provider(OpenSignIn signIn) {
        String upstream = signIn.step().providerName();
        return upstream != null ? upstream : signIn.transaction().identityProvider();
    }

    private String code(OpenSignIn signIn, User user, Instant authTime, String originJti, List<String> amr,
                        String browserSession) {
        var t = signIn.transaction();
        String code = RandomIds.token();
        Instant expires = transactions.now().plus(CODE_LIFETIME);
        codes.save(Hashes.sha256Hex(code), new AuthorizationCode(t.poolId(), t.clientId(), user.username(),
                t.redirectUri(), signIn.scopes(), t.codeChallenge(), t.nonce(), authTime, originJti,
                expires, user.sub(), amr));
        if (browserSession != null) {
            sessions.codeIssued(t.poolId(), browserSession, originJti, expires);
        }
        return signIn.reply().with(List.of(new AuthorizeRequest.Parameter("code", code)));
    }

    private String implicitTokens(OpenSignIn signIn, User user, Instant authTime, String originJti, List<String> amr) {
        TokenIssuer.TokenSet set = tokens.signIn(signIn.pool(), signIn.client(), user, signIn.scopes(), authTime,
                originJti, signIn.transaction().nonce(), true, false, TokenOccasion.HOSTED_AUTH, java.util.Map.of(), amr);
        List<AuthorizeRequest.Parameter> answer = new ArrayList<>();
        if (set.idToken() != null) {
            answer.add(new AuthorizeRequest.Parameter("id_token", set.idToken()));
        }
        answer.add(new AuthorizeRequest.Parameter("access_token", set.accessToken()));
        answer.add(new AuthorizeRequest.Parameter("expires_in", Long.toString(set.expiresIn())));
        answer.add(new AuthorizeRequest.Parameter("token_type", "Bearer"));
        return signIn.reply().with(answer);
    }
}
