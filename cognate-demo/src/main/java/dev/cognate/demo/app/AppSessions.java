package dev.cognate.demo.app;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The app's own sessions, in memory: a random cookie names one; it holds the sign-ins the browser started
 * (state, nonce, PKCE verifier) and, after the callback, the signed-in user. Host-only, HttpOnly, SameSite=Lax
 * (the callback is a top-level navigation from Cognate, so the cookie comes along).
 */
final class AppSessions {
    static final String COOKIE = "cognate_demo_session";
    private static final Duration PENDING_LIFETIME = Duration.ofMinutes(10);
    private static final Duration IDLE_LIFETIME = Duration.ofHours(8);
    private static final int MAX_PENDING = 20;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    record Started(CognateRelyingParty.Pending pending, Instant at) {}

    static final class Session {
        final Map<String, Started> pending = new ConcurrentHashMap<>();
        volatile CognateRelyingParty.SignedIn user;
        volatile Instant lastSeen;
    }

    AppSessions(Clock clock) {
        this.clock = clock;
    }

    Optional<Session> existing(Context ctx) {
        String id = ctx.cookie(COOKIE);
        Session session = id == null ? null : sessions.get(id);
        if (session != null) {
            session.lastSeen = clock.instant();
        }
        return Optional.ofNullable(session);
    }

    Session getOrCreate(Context ctx) {
        return existing(ctx).orElseGet(() -> {
            Instant now = clock.instant();
            sessions.values().removeIf(s -> s.lastSeen.plus(IDLE_LIFETIME).isBefore(now));
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Session session = new Session();
            session.lastSeen = now;
            sessions.put(id, session);
            ctx.cookie(new Cookie(COOKIE, id, "/", -1, false, true, null, SameSite.LAX));
            return session;
        });
    }

    void start(Session session, CognateRelyingParty.Pending pending) {
        Instant now = clock.instant();
        session.pending.values().removeIf(p -> p.at().plus(PENDING_LIFETIME).isBefore(now));
        if (session.pending.size() >= MAX_PENDING) {
            session.pending.clear();
        }
        session.pending.put(pending.state().getValue(), new Started(pending, now));
    }

    /** The sign-in this browser started with {@code state}, once: a second callback with it finds nothing. */
    Optional<CognateRelyingParty.Pending> take(Session session, String state) {
        Started started = state == null ? null : session.pending.remove(state);
        if (started == null || started.at().plus(PENDING_LIFETIME).isBefore(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(started.pending());
    }
}
