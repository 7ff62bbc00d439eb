package dev.cognate.sessions;

import dev.cognate.audit.Origin;
import dev.cognate.crypto.RandomIds;
import dev.cognate.store.RefreshTokenStore;
import dev.cognate.store.SessionSettings;
import dev.cognate.store.UserSession;
import dev.cognate.store.UserSessionStore;
import dev.cognate.tokens.TokenSessions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Session tracking: while a pool has it on, every sign-in that hands out a refresh token opens
 * a token session, every refresh of it records its last activity, and ending a session revokes
 * its sign-in event (its refresh tokens at once, its access tokens wherever they are checked).
 * When a user has as many sessions as the pool allows, the next sign-in ends the least recently
 * used one first (Cognito's MaxPerUser).
 */
public final class UserSessions implements TokenSessions {
    /** Cognito lists a user's sessions in a single page of up to 125. */
    public static final int MAX_LISTED = 125;
    public static final Pattern SESSION_ID = Pattern.compile("(tkn|sso)[a-z0-9]{25}");

    private final UserSessionStore store;
    private final RefreshTokenStore refreshTokens;
    private final Clock clock;

    public UserSessions(UserSessionStore store, RefreshTokenStore refreshTokens, Clock clock) {
        this.store = store;
        this.refreshTokens = refreshTokens;
        this.clock = clock;
    }

    public SessionSettings settings(String poolId) {
        return store.settings(poolId);
    }

    @Override
    public void opened(String poolId, String clientId, String username, String originJti, Instant expiresAt) {
        SessionSettings settings = store.settings(poolId);
        if (!settings.tracking()) {
            return;
        }
        Instant now = clock.instant();
        List<UserSession> others = store.active(poolId, username, now, SessionSettings.MAX_PER_USER + 1);
        for (int i = 0; i <= others.size() - settings.maxPerUser(); i++) {
            end(others.get(i));
        }
        Origin origin = CurrentOrigin.get();
        store.open(new UserSession("tkn" + RandomIds.lowercaseAlphanumeric(25), poolId, username, clientId, originJti,
                now, now, expiresAt, DeviceDescription.of(origin.userAgent()), address(origin)));
    }

    @Override
    public void refreshed(String poolId, String originJti) {
        if (!store.settings(poolId).tracking()) {
            return;
        }
        Origin origin = CurrentOrigin.get();
        store.touch(originJti, clock.instant(), DeviceDescription.of(origin.userAgent()), address(origin));
    }

    /** The user's sessions that still work, least recently used first. */
    public List<UserSession> active(String poolId, String username) {
        return store.active(poolId, username, clock.instant(), MAX_LISTED);
    }

    /** The user's session of that id, if it still works. */
    public Optional<UserSession> find(String poolId, String username, String sessionId) {
        return store.find(poolId, sessionId)
                .filter(s -> s.username().equals(username))
                .filter(s -> active(poolId, username).stream().anyMatch(a -> a.sessionId().equals(sessionId)));
    }

    /** Ends a session: its sign-in event is revoked, its record deleted. */
    public void end(UserSession session) {
        refreshTokens.revokeOrigin(session.poolId(), session.originJti(), clock.instant());
        store.delete(session.sessionId());
    }

    public int purgeExpired(Instant now) {
        return store.purgeExpired(now);
    }

    private static String address(Origin origin) {
        String address = origin.address();
        return address == null || address.length() <= 128 ? address : address.substring(0, 128);
    }
}
