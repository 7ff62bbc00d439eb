package dev.cognate.federation;

import dev.cognate.oauth.ErrorPage;
import dev.cognate.hostedui.Pages;
import dev.cognate.hostedui.SignInCompletion;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET|POST /oauth2/idpresponse}: the one callback every upstream IdP answers to. A
 * signed-in user goes back to the app with a code; a failure goes back to the app with
 * {@code error}/{@code error_description} or, when no app can be trusted with it, to a page.
 * Never a 500 page with a stack trace.
 */
public final class IdpResponseEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(IdpResponseEndpoint.class);

    private final FederatedLogin login;
    private final SignInCompletion completion;
    private final Pages pages;

    public IdpResponseEndpoint(FederatedLogin login, SignInCompletion completion, Pages pages) {
        this.login = login;
        this.completion = completion;
        this.pages = pages;
    }

    public void handle(Context ctx) {
        FederatedOutcome outcome;
        try {
            outcome = login.complete(ctx);
        } catch (RuntimeException e) {
            // complete() answers every IdP or browser mistake itself; this is Cognate's own failure (its store).
            LOG.error("the callback of an upstream sign-in failed", e);
            pages.error(ctx, 503, new ErrorPage("Sign-in is not available right now",
                    "The sign-in service could not finish your sign-in because of an error on its side.",
                    "Try again in a moment from the app."));
            return;
        }
        switch (outcome) {
            case FederatedOutcome.SignedIn in -> {
                String location;
                try {
                    location = completion.finish(ctx, in.pool(), in.client(), in.user(), in.pending(), in.authTime());
                } catch (RuntimeException e) {
                    LOG.error("finishing the sign-in of {} failed", in.user().username(), e);
                    location = in.pending().error("server_error", "The sign-in could not be finished because of an "
                            + "error in Cognate.");
                }
                ctx.redirect(location, HttpStatus.FOUND);
            }
            case FederatedOutcome.FailedWithRedirect failed -> ctx.redirect(failed.location(), HttpStatus.FOUND);
            case FederatedOutcome.FailedPage page -> pages.error(ctx, page.status(),
                    new ErrorPage(page.title(), page.message(), "Go back to the app and sign in again."));
        }
    }
}
