package dev.cognate.devidp.oauth;

import dev.cognate.devidp.crypto.RandomValues;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions: an opaque cookie naming the accounts signed in on that browser, plus the CSRF token
 * (Entra's {@code flowToken}) its forms must carry. Cookie: HttpOnly, SameSite=Lax, host-only, Secure on https.
 */
final class BrowserSessions {
    static final String COOKIE = "devidp_session";
    private static final Duration IDLE = Duration.ofHours(8);

    /** An account signed in on this browser: {@code sid} is the session id tokens carry. */
    record Account(String userId, String sid, Instant authTime) {}

    static final class Session {
        final String id;
        final String flowToken = RandomValues.token(32);
        private final List<Account> accounts = new ArrayList<>();
        volatile Instant lastSeen;

        Session(String id, Instant now) {
            this.id = id;
            this.lastSeen = now;
        }

        synchronized List<Account> accounts() {
            return List.copyOf(accounts);
        }

        synchronized Account signIn(String userId, Instant now) {
            accounts.removeIf(a -> a.userId().equals(userId));
            Account account = new Account(userId, java.util.UUID.randomUUID().toString(), now);
            accounts.addFirst(account);
            return account;
        }

        synchronized Optional<Account> account(String userId) {
            return accounts.stream().filter(a -> a.userId().equals(userId)).findFirst();
        }

        boolean acceptsFlowToken(String presented) {
            return RandomValues.constantTimeEquals(flowToken, presented);
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private final boolean secureCookies;

    BrowserSessions(Clock clock, boolean secureCookies) {
        this.clock = clock;
        this.secureCookies = secureCookies;
    }

    Optional<Session> existing(Context ctx) {
        String id = ctx.cookie(COOKIE);
        if (id == null) {
            return Optional.empty();
        }
        Session session = sessions.get(id);
        Instant now = clock.instant();
        if (session == null || session.lastSeen.plus(IDLE).isBefore(now)) {
            return Optional.empty();
        }
        session.lastSeen = now;
        return Optional.of(session);
    }

    Session getOrCreate(Context ctx) {
        return existing(ctx).orElseGet(() -> {
            Instant now = clock.instant();
            sessions.values().removeIf(s -> s.lastSeen.plus(IDLE).isBefore(now));
            Session session = new Session(RandomValues.token(32), now);
            sessions.put(session.id, session);
            ctx.header("Set-Cookie", COOKIE + "=" + session.id + "; Path=/; HttpOnly; SameSite=Lax" + (secureCookies ? "; Secure" : ""));
            return session;
        });
    }

    void end(Context ctx) {
        existing(ctx).ifPresent(s -> sessions.remove(s.id));
        ctx.header("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secureCookies ? "; Secure" : ""));
    }
}
