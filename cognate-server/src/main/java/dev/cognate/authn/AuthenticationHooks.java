package dev.cognate.authn;

import dev.cognate.pools.UserPool;
import dev.cognate.users.User;
import java.util.Map;

/**
 * What a password sign-in asks around itself: before it is let through (the pool's
 * PreAuthentication trigger, which may refuse by throwing) and once it succeeded
 * (PostAuthentication). Implemented outside this layer, wired by the composition root.
 */
public interface AuthenticationHooks {
    AuthenticationHooks NONE = new AuthenticationHooks() {
        @Override
        public void preAuthentication(UserPool pool, String clientId, User user, Map<String, String> validationData) {}

        @Override
        public void postAuthentication(UserPool pool, String clientId, User user, Map<String, String> clientMetadata) {}
    };

    void preAuthentication(UserPool pool, String clientId, User user, Map<String, String> validationData);

    void postAuthentication(UserPool pool, String clientId, User user, Map<String, String> clientMetadata);
}
