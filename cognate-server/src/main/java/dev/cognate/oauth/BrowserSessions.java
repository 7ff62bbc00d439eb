package dev.cognate.oauth;

import dev.cognate.store.BrowserSession;
import dev.cognate.http.HostedCookies;

import dev.cognate.crypto.Hashes;
import dev.cognate.crypto.RandomIds;
import dev.cognate.sessions.UserSessions;
import dev.cognate.store.BrowserSessionStore;
import dev.cognate.store.UserStore;
import dev.cognate.users.User;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The hosted UI's sign-in session: a cookie holding a random value, stored only as its
 * hash, valid one hour (as Cognito's), so that a second authorization within it needs no
 * password. A session of a user who is gone (or replaced by another of the same name), disabled,
 * or signed out globally since is no session.
 */
public final class BrowserSessions {
    public static final String COOKIE = "cognate_session";
    public static final Duration LIFETIME = Duration.ofHours(1);
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final BrowserSessionStore store;
    private final UserStore users;
    private final HostedCookies cookies;
    private final Clock clock;
    private final UserSessions tracking;

    public BrowserSessions(BrowserSessionStore store, UserStore users, HostedCookies cookies, Clock clock) {
        this(store, users, cookies, null, clock);
    }

    /** @param tracking session tracking, which lists browser sessions as SSO sessions; null for none */
    public BrowserSessions(BrowserSessionStore store, UserStore users, HostedCookies cookies, UserSessions tracking,
                           Clock clock) {
        this.tracking = tracking;
        this.store = store;
        this.users = users;
        this.cookies = cookies;
        this.clock = clock;
    }

    /**
     * Starts a session with the pool for {@code user}, signed in at {@code authTime}.
     *
     * @return the cookie value that stands for it (only its hash is stored)
     */
    public String start(User user, Instant authTime) {
        return start(user, authTime, null);
    }

    /** As above, through the app client {@code clientId} (the SSO session's, when the pool tracks sessions). */
    public String start(User user, Instant authTime, String clientId) {
        BrowserSession session = new BrowserSession(user.poolId(), user.username(), authTime, clock.instant().plus(LIFETIME),
                user.sub());
        String value = RandomIds.token();
        String hash = hashOf(value);
        store.save(hash, session);
        if (tracking != null && clientId != null) {
            tracking.browserSessionStarted(user.poolId(), clientId, user.username(), user.sub(), hash, authTime,
                    session.expiresAt());
        }
        return value;
    }

    /** What the store knows a session cookie's value by. */
    public static String hashOf(String cookieValue) {
        return Hashes.sha256Hex(cookieValue);
    }

    /** The hash of the browser's session cookie, when it sends a well-formed one. */
    public Optional<String> currentHash(Context ctx) {
        return cookieValue(ctx).map(BrowserSessions::hashOf);
    }

    /** A code of {@code originJti} was issued through the browser session of that hash (session tracking's link). */
    public void codeIssued(String poolId, String sessionHash, String originJti, Instant codeExpiresAt) {
        if (tracking != null) {
            tracking.codeIssued(poolId, sessionHash, originJti, codeExpiresAt);
        }
    }

    /** Gives the browser the session cookie {@code value}, ending the session it had before. */
    public void handOver(Context ctx, String value) {
        cookieValue(ctx).filter(old -> !old.equals(value)).ifPresent(old -> store.delete(Hashes.sha256Hex(old)));
        cookies.set(ctx, COOKIE, value, (int) LIFETIME.toSeconds());
    }

    /** The browser's session, if it has one that is still good. */
    public Optional<BrowserSession> current(Context ctx) {
        return cookieValue(ctx)
                .flatMap(value -> store.findActive(Hashes.sha256Hex(value), clock.instant()))
                .filter(this::userStillSignedIn);
    }

    /** Ends the browser's session with the pool (a session with another pool is left alone). */
    public void end(Context ctx, String poolId) {
        Optional<String> value = cookieValue(ctx);
        if (value.isEmpty()) {
            return;
        }
        String hash = Hashes.sha256Hex(value.get());
        Optional<BrowserSession> session = store.findActive(hash, clock.instant());
        if (session.isPresent() && !session.get().poolId().equals(poolId)) {
            return;
        }
        store.delete(hash);
        cookies.expire(ctx, COOKIE);
    }

    /** The session's user, while they may still use it. */
    public Optional<User> user(BrowserSession session) {
        List<User> found = users.findAll(session.poolId(), List.of(session.username()));
        if (found.isEmpty() || !found.getFirst().enabled()
                || session.sub() != null && !session.sub().equals(found.getFirst().sub())) {
            return Optional.empty();
        }
        Instant revokedBefore = found.getFirst().tokensRevokedBefore();
        return revokedBefore == null || session.authTime().isAfter(revokedBefore)
                ? Optional.of(found.getFirst()) : Optional.empty();
    }

    private boolean userStillSignedIn(BrowserSession session) {
        return user(session).isPresent();
    }

    private static Optional<String> cookieValue(Context ctx) {
        return Optional.ofNullable(ctx.cookie(COOKIE)).filter(v -> VALUE.matcher(v).matches());
    }
}
