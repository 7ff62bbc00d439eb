package dev.cognate.sessions;

import dev.cognate.audit.Origin;
import dev.cognate.crypto.RandomIds;
import dev.cognate.store.BrowserSessionStore;
import dev.cognate.store.RefreshTokenStore;
import dev.cognate.store.SessionSettings;
import dev.cognate.store.UserSession;
import dev.cognate.store.UserSessionStore;
import dev.cognate.tokens.TokenSessions;
import dev.cognate.users.User;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Session tracking. While a pool has it on:
 * <ul>
 * <li>every sign-in that hands out a refresh token opens a token session, and every refresh of
 *     it records its last activity; a user with as many token sessions as the pool allows loses
 *     the least recently used one at the next sign-in (Cognito's MaxPerUser);</li>
 * <li>every hosted sign-in's browser session is an SSO session; a code issued through it makes
 *     the token session of its exchange name it as its origin.</li>
 * </ul>
 * Ending a token session revokes its sign-in event (its refresh tokens at once, its access
 * tokens wherever they are checked); ending an SSO session ends its browser session.
 */
public final class UserSessions implements TokenSessions {
    /** Cognito lists a user's sessions in a single page of up to 125. */
    public static final int MAX_LISTED = 125;
    public static final Pattern SESSION_ID = Pattern.compile("(tkn|sso)[a-z0-9]{25}");

    private final UserSessionStore store;
    private final RefreshTokenStore refreshTokens;
    private final BrowserSessionStore browserSessions;
    private final Clock clock;

    public UserSessions(UserSessionStore store, RefreshTokenStore refreshTokens, BrowserSessionStore browserSessions,
                        Clock clock) {
        this.store = store;
        this.refreshTokens = refreshTokens;
        this.browserSessions = browserSessions;
        this.clock = clock;
    }

    public SessionSettings settings(String poolId) {
        return store.settings(poolId);
    }

    @Override
    public void opened(String poolId, String clientId, String username, String sub, String originJti, Instant expiresAt) {
        SessionSettings settings = store.settings(poolId);
        if (!settings.tracking()) {
            return;
        }
        Instant now = clock.instant();
        List<UserSession> others = store.active(poolId, username, sub, now, MAX_LISTED).stream()
                .filter(UserSession::isToken).toList().reversed();
        for (int i = 0; i <= others.size() - settings.maxPerUser(); i++) {
            end(others.get(i));
        }
        // A code's exchange comes from the app's back end: the user's device is the one that signed in.
        Optional<UserSession> sso = store.codeSession(originJti).flatMap(id -> store.find(poolId, id));
        Origin origin = CurrentOrigin.get();
        store.open(new UserSession(newId("tkn"), UserSession.TOKEN, poolId, username, sub, clientId, originJti, null,
                sso.map(UserSession::sessionId).orElse(null), now, now, expiresAt,
                sso.map(UserSession::deviceType).orElseGet(() -> DeviceDescription.of(origin.userAgent())),
                sso.map(UserSession::lastIp).orElseGet(() -> address(origin))));
    }

    @Override
    public void refreshed(String poolId, String originJti) {
        if (!store.settings(poolId).tracking()) {
            return;
        }
        Origin origin = CurrentOrigin.get();
        store.touch(originJti, clock.instant(), DeviceDescription.of(origin.userAgent()), address(origin));
    }

    /** A hosted sign-in started a browser session (stored already as {@code browserSessionHash}) through {@code clientId}. */
    public void browserSessionStarted(String poolId, String clientId, String username, String sub,
                                      String browserSessionHash, Instant authTime, Instant expiresAt) {
        if (!store.settings(poolId).tracking()) {
            return;
        }
        Origin origin = CurrentOrigin.get();
        store.open(new UserSession(newId("sso"), UserSession.SSO, poolId, username, sub, clientId, null, browserSessionHash,
                null, authTime, clock.instant(), expiresAt, DeviceDescription.of(origin.userAgent()), address(origin)));
    }

    /** The hosted sign-in issued the code of {@code originJti} through the browser session of that hash. */
    public void codeIssued(String poolId, String browserSessionHash, String originJti, Instant codeExpiresAt) {
        if (!store.settings(poolId).tracking()) {
            return;
        }
        store.ssoSession(browserSessionHash).ifPresent(sso -> {
            Origin origin = CurrentOrigin.get();
            store.touchSso(sso.sessionId(), clock.instant(), DeviceDescription.of(origin.userAgent()), address(origin));
            store.linkCode(originJti, sso.sessionId(), codeExpiresAt);
        });
    }

    /**
     * The user's sessions that still work, the most recently used first: SSO sessions begun
     * before the user's last global sign-out no longer do.
     */
    public List<UserSession> active(User user) {
        Instant revokedBefore = user.tokensRevokedBefore();
        return store.active(user.poolId(), user.username(), user.sub(), clock.instant(), MAX_LISTED).stream()
                .filter(s -> s.isToken() || revokedBefore == null || s.createdAt().isAfter(revokedBefore))
                .toList();
    }

    /** The user's session of that id, if it still works. */
    public Optional<UserSession> find(User user, String sessionId) {
        return active(user).stream().filter(s -> s.sessionId().equals(sessionId)).findFirst();
    }

    /**
     * Ends a session of {@code user}, and with {@code linked} the sessions linked to it: a token
     * session's SSO session, or the token sessions that came through an SSO session, except the
     * one of {@code spared} (the caller's own sign-in event, which RevokeUserSession never ends).
     */
    public void end(User user, UserSession session, boolean linked, String spared) {
        if (linked) {
            for (UserSession other : active(user)) {
                boolean parent = session.isToken() && other.sessionId().equals(session.originSessionId());
                boolean child = !session.isToken() && session.sessionId().equals(other.originSessionId())
                        && !other.originJti().equals(spared);
                if (parent || child) {
                    end(other);
                }
            }
        }
        end(session);
    }

    /**
     * RevokeToken's RevokeAssociatedSessions LINKED: the SSO session the token session of
     * {@code originJti} came through is ended too (its other token sessions are not).
     */
    public void endOrigin(String originJti) {
        store.tokenSession(originJti)
                .filter(token -> store.settings(token.poolId()).tracking())
                .flatMap(token -> Optional.ofNullable(token.originSessionId()).flatMap(id -> store.find(token.poolId(), id)))
                .ifPresent(this::end);
    }

    private void end(UserSession session) {
        if (session.isToken()) {
            refreshTokens.revokeOrigin(session.poolId(), session.originJti(), clock.instant());
        } else {
            browserSessions.delete(session.browserSession());
        }
        store.delete(session.sessionId());
    }

    public int purgeExpired(Instant now) {
        return store.purgeExpired(now);
    }

    private static String newId(String prefix) {
        return prefix + RandomIds.lowercaseAlphanumeric(25);
    }

    private static String address(Origin origin) {
        String address = origin.address();
        return address == null || address.length() <= 128 ? address : address.substring(0, 128);
    }
}
