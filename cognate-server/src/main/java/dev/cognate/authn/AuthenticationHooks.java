package dev.cognate.authn;

import dev.cognate.pools.UserPool;
import dev.cognate.users.User;
import java.util.Map;
import java.util.Optional;

/**
 * What a sign-in asks around itself: as it is attempted, before any proof is checked (the
 * pool's PreAuthentication trigger, which may refuse by throwing) and once every factor is
 * proven (PostAuthentication). Implemented outside this layer, wired by the composition root.
 */
public interface AuthenticationHooks {
    AuthenticationHooks NONE = new AuthenticationHooks() {
        @Override
        public void preAuthentication(UserPool pool, String clientId, Attempted who, Map<String, String> validationData) {}

        @Override
        public void postAuthentication(UserPool pool, String clientId, User user, Map<String, String> clientMetadata) {}
    };

    /**
     * Who a sign-in is attempted for: a user, or (only where the app client hides whether users
     * exist) a name no user has. {@code existenceHidden} is whether the event says {@code userNotFound}.
     */
    record Attempted(String userName, Optional<User> user, boolean existenceHidden) {}

    void preAuthentication(UserPool pool, String clientId, Attempted who, Map<String, String> validationData);

    void postAuthentication(UserPool pool, String clientId, User user, Map<String, String> clientMetadata);
}
