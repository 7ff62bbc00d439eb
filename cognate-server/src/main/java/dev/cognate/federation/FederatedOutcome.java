package dev.cognate.federation;

import dev.cognate.oauth.OpenSignIn;
import dev.cognate.users.User;
import java.time.Instant;

/** How a callback from an upstream IdP ends. */
public sealed interface FederatedOutcome {

    /** The user signed in: the sign-in transaction can be completed (a code, or tokens, for the app). */
    record SignedIn(OpenSignIn signIn, User user, Instant authTime) implements FederatedOutcome {}

    /**
     * The sign-in failed, and the app can be told at {@code location}: {@code error} (Cognito's
     * {@code invalid_request} for what the IdP or the user's data caused, {@code server_error} for
     * Cognate's own failures) and a description naming the IdP and the cause.
     */
    record FailedWithRedirect(String location) implements FederatedOutcome {}

    /** No app can be trusted with the answer (unknown, replayed or foreign state): a page says what happened. */
    record FailedPage(int status, String title, String message) implements FederatedOutcome {}
}
