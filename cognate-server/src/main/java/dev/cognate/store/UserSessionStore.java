package dev.cognate.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Session tracking's settings and its records of users' token sessions. */
public interface UserSessionStore {
    /** The pool's settings: {@link SessionSettings#DEFAULT} when it never set any. */
    SessionSettings settings(String poolId);

    void saveSettings(String poolId, SessionSettings settings);

    /** The client's settings: {@link ClientSessionSettings#DEFAULT} when it never set any. */
    ClientSessionSettings clientSettings(String poolId, String clientId);

    void saveClientSettings(String poolId, String clientId, ClientSessionSettings settings);

    void open(UserSession session);

    /** A refresh of the session's sign-in event: its last activity, device and address now. */
    void touch(String originJti, Instant at, String deviceType, String lastIp);

    /**
     * The user's sessions that still work (a refresh token of theirs is unrevoked and unexpired),
     * least recently used first, at most {@code limit}.
     */
    List<UserSession> active(String poolId, String username, Instant now, int limit);

    Optional<UserSession> find(String poolId, String sessionId);

    void delete(String sessionId);

    /** Forgets sessions whose refresh tokens expired before {@code before}. */
    int purgeExpired(Instant before);
}
