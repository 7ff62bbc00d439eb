package dev.cognate.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Session tracking's settings and its records of users' token and SSO sessions. */
public interface UserSessionStore {
    /** The pool's settings: {@link SessionSettings#DEFAULT} when it never set any. */
    SessionSettings settings(String poolId);

    void saveSettings(String poolId, SessionSettings settings);

    /** The client's settings: {@link ClientSessionSettings#DEFAULT} when it never set any. */
    ClientSessionSettings clientSettings(String poolId, String clientId);

    void saveClientSettings(String poolId, String clientId, ClientSessionSettings settings);

    void open(UserSession session);

    /** A refresh of the token session of {@code originJti}: its last activity, device and address now. */
    void touch(String originJti, Instant at, String deviceType, String lastIp);

    /** The SSO session of a browser session (by its hash), active or not. */
    Optional<UserSession> ssoSession(String browserSessionHash);

    /** An SSO session was used (a code issued through it): its last activity, device and address now. */
    void touchSso(String sessionId, Instant at, String deviceType, String lastIp);

    /** Remembers that the code of {@code originJti} was issued through the SSO session {@code sessionId}. */
    void linkCode(String originJti, String sessionId, Instant expiresAt);

    /** The SSO session the code of {@code originJti} was issued through, if any. */
    Optional<String> codeSession(String originJti);

    /**
     * The user's ({@code sub}'s) sessions that still work (a token session's refresh token is unrevoked and
     * unexpired; an SSO session's browser session is unexpired), at
     * most {@code limit}, the most recently used first.
     */
    List<UserSession> active(String poolId, String username, String sub, Instant now, int limit);

    Optional<UserSession> find(String poolId, String sessionId);

    /** The token session of a sign-in event, active or not. */
    Optional<UserSession> tokenSession(String originJti);

    void delete(String sessionId);

    /** Forgets sessions that ended before {@code before}, and code links that expired then. */
    int purgeExpired(Instant before);
}
