package dev.cognate.federation;

import dev.cognate.audit.Origin;
import dev.cognate.oauth.Authentication;
import dev.cognate.oauth.BrowserBinding;
import dev.cognate.oauth.ErrorPage;
import dev.cognate.oauth.ErrorPages;
import dev.cognate.oauth.SignInCompletion;
import dev.cognate.oauth.SignInResponder;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET|POST /oauth2/idpresponse}, the edge of the one callback every upstream IdP answers
 * to: it reads the parameters (query, or form for {@code form_post}), and writes the outcome. A
 * signed-in user's sign-in is completed by the OAuth core; a failure goes back to the app with
 * {@code error}/{@code error_description} or, when no app can be trusted with it, to a page.
 */
public final class IdpResponseEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(IdpResponseEndpoint.class);

    private final FederatedLogin login;
    private final BrowserBinding binding;
    private final SignInCompletion completion;
    private final SignInResponder responder;
    private final ErrorPages pages;

    public IdpResponseEndpoint(FederatedLogin login, BrowserBinding binding, SignInCompletion completion,
                               SignInResponder responder, ErrorPages pages) {
        this.login = login;
        this.binding = binding;
        this.completion = completion;
        this.responder = responder;
        this.pages = pages;
    }

    public void handle(Context ctx) {
        FederatedOutcome outcome;
        try {
            outcome = login.complete(new FederatedLogin.CallbackRequest(parameter(ctx, "state"), parameter(ctx, "code"),
                    parameter(ctx, "error"), parameter(ctx, "error_description"), parameter(ctx, "iss"),
                    appleUser(ctx), binding.current(ctx), new Origin(ctx.ip(), ctx.userAgent())));
        } catch (RuntimeException e) {
            // complete() answers every IdP or browser mistake itself; this is Cognate's own failure (its store).
            dev.cognate.store.StoreFaults.log(LOG, "the callback of an upstream sign-in failed", e);
            pages.error(ctx, 503, new ErrorPage("Sign-in is not available right now",
                    "The sign-in service could not finish your sign-in because of an error on its side.",
                    "Try again in a moment from the app."));
            return;
        }
        switch (outcome) {
            case FederatedOutcome.SignedIn in -> {
                SignInCompletion.Completed completed;
                try {
                    completed = completion.complete(in.signIn(), in.user(), Authentication.FEDERATED, in.authTime(),
                            new Origin(ctx.ip(), ctx.userAgent()));
                } catch (RuntimeException e) {
                    dev.cognate.store.StoreFaults.log(LOG, "finishing a federated sign-in failed", e);
                    ctx.redirect(in.signIn().reply().error("server_error",
                            "The sign-in could not be finished because of an error in Cognate."), HttpStatus.FOUND);
                    return;
                }
                responder.answer(ctx, completed);
            }
            case FederatedOutcome.FailedWithRedirect failed -> ctx.redirect(failed.location(), HttpStatus.FOUND);
            case FederatedOutcome.FailedPage page -> pages.error(ctx, page.status(),
                    new ErrorPage(page.title(), page.message(), "Go back to the app and sign in again."));
        }
    }

    /** Sign in with Apple posts the name a person gave as {@code user} (form_post only); bounded, as any claim. */
    private static String appleUser(Context ctx) {
        String user = ctx.method().name().equals("POST") ? ctx.formParam("user") : null;
        return user == null || user.isEmpty() || user.length() > 4096 ? null : user;
    }

    private static String parameter(Context ctx, String name) {
        String value = ctx.method().name().equals("POST") ? ctx.formParam(name) : ctx.queryParam(name);
        return value == null || value.isEmpty() ? null : value;
    }
}
