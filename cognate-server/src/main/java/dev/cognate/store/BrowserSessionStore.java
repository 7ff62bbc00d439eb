package dev.cognate.store;

import dev.cognate.store.BrowserSession;
import java.time.Instant;
import java.util.Optional;

/** Hosted-UI sign-in sessions, keyed by the hash of the cookie value. */
public interface BrowserSessionStore {
    void save(String sessionHash, BrowserSession session);

    Optional<BrowserSession> findActive(String sessionHash, Instant now);

    void delete(String sessionHash);

    int purgeExpired(Instant before);
}
