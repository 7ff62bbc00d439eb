package dev.cognate.tokens;

import java.time.Instant;

/** What hears of the token sessions the issuer opens and refreshes (session tracking). */
public interface TokenSessions {
    TokenSessions NONE = new TokenSessions() {
        @Override
        public void opened(String poolId, String clientId, String username, String sub, String originJti,
                           Instant expiresAt) {}

        @Override
        public void refreshed(String poolId, String originJti) {}
    };

    /** A sign-in handed out a refresh token of {@code originJti} (saved already), good until {@code expiresAt}. */
    void opened(String poolId, String clientId, String username, String sub, String originJti, Instant expiresAt);

    /** A refresh token of {@code originJti} was used. */
    void refreshed(String poolId, String originJti);
}
