package dev.cognate.federation;

import dev.cognate.clients.AppClient;
import dev.cognate.pools.UserPool;
import dev.cognate.users.User;
import java.time.Instant;

/** How a callback from an upstream IdP ends. */
public sealed interface FederatedOutcome {

    /** The user signed in: the app's pending authorization can be answered (a code, or tokens). */
    record SignedIn(UserPool pool, AppClient client, User user, PendingAuthorization pending, Instant authTime)
            implements FederatedOutcome {}

    /**
     * The sign-in failed, and the app can be told: {@code error} (Cognito's {@code invalid_request}
     * for what the IdP or the user's data caused, {@code server_error} for Cognate's own failures)
     * and a description naming the IdP and the cause.
     */
    record FailedWithRedirect(PendingAuthorization pending, String error, String description) implements FederatedOutcome {
        public String location() {
            return pending.error(error, description);
        }
    }

    /** No app can be trusted with the answer (unknown, replayed or foreign state): a page says what happened. */
    record FailedPage(int status, String title, String message) implements FederatedOutcome {}
}
