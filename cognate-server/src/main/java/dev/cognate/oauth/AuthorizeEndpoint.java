package dev.cognate.oauth;

import dev.cognate.http.RateLimit;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code GET /oauth2/authorize}: the checks decide; a request that passes them begins a sign-in
 * transaction bound to this browser, which the browser's session completes at once, or which
 * goes to the hosted sign-in page or to the chosen upstream IdP.
 */
public final class AuthorizeEndpoint {
    /** The query parameter that carries a sign-in transaction's id between the hosted pages. */
    public static final String SIGN_IN = "signin";

    private final AuthorizeChecks checks;
    private final BrowserSessions sessions;
    private final BrowserBinding binding;
    private final SignInTransactions transactions;
    private final SignInCompletion completion;
    private final SignInResponder responder;
    private final UpstreamSignIn upstream;
    private final ErrorPages pages;
    private final RateLimit startsPerAddress;

    /**
     * @param startsPerAddress how many sign-in transactions one client address may begin (each is a
     *                         row an unauthenticated visitor makes the server write)
     */
    public AuthorizeEndpoint(AuthorizeChecks checks, BrowserSessions sessions, BrowserBinding binding,
                             SignInTransactions transactions, SignInCompletion completion, SignInResponder responder,
                             UpstreamSignIn upstream, ErrorPages pages, RateLimit startsPerAddress) {
        this.startsPerAddress = startsPerAddress;
        this.checks = checks;
        this.sessions = sessions;
        this.binding = binding;
        this.transactions = transactions;
        this.completion = completion;
        this.responder = responder;
        this.upstream = upstream;
        this.pages = pages;
    }

    public void authorize(Context ctx) {
        AuthorizeRequest request = AuthorizeRequest.from(ctx.queryParamMap());
        authorize(ctx, request, signIn -> ctx.redirect("/login?" + request.queryString() + "&" + SIGN_IN + "="
                + signIn.id(), HttpStatus.FOUND));
    }

    /**
     * Answers an authorization request; {@code showLogin} shows the hosted sign-in page for the
     * transaction begun when the user must sign in there.
     */
    public void authorize(Context ctx, AuthorizeRequest request, Consumer<OpenSignIn> showLogin) {
        AuthorizeOutcome outcome = checks.decide(request, () -> sessions.current(ctx));
        boolean begins = outcome instanceof AuthorizeOutcome.ShowLogin || outcome instanceof AuthorizeOutcome.Issue
                || outcome instanceof AuthorizeOutcome.RedirectToIdp;
        Optional<Duration> wait = begins ? startsPerAddress.take(ctx.ip()) : Optional.empty();
        if (wait.isPresent()) {
            long seconds = Math.max(1, wait.get().toSeconds() + 1);
            ctx.header("Retry-After", Long.toString(seconds));
            pages.error(ctx, 429, new ErrorPage("Too many sign-ins",
                    "Too many sign-ins were started from your network address in the last minute.",
                    "Wait " + seconds + (seconds == 1 ? " second" : " seconds") + " and try again."));
            return;
        }
        switch (outcome) {
            case AuthorizeOutcome.ShowLogin show -> showLogin.accept(begin(ctx, show.request()));
            case AuthorizeOutcome.Issue issue -> {
                OpenSignIn signIn = begin(ctx, issue.request());
                // The session's user may have been disabled since the checks looked: then they sign in again.
                sessions.user(issue.session()).ifPresentOrElse(
                        user -> responder.answer(ctx, completion.complete(signIn, user, Authentication.SESSION,
                                issue.session().authTime(), dev.cognate.audit.Origin.UNKNOWN,
                                sessions.currentHash(ctx).orElse(null))),
                        () -> showLogin.accept(signIn));
            }
            case AuthorizeOutcome.RedirectToIdp idp -> toUpstream(ctx, begin(ctx, idp.request()), idp.providerName());
            case AuthorizeOutcome.ShowError error -> pages.error(ctx, error.status(), error.page());
            case AuthorizeOutcome.ErrorRedirect redirect -> ctx.redirect(redirect.location(), HttpStatus.FOUND);
        }
    }

    /** Step 2 of the seed's sign-in: off to the upstream IdP, which federation sends the browser to. */
    private void toUpstream(Context ctx, OpenSignIn signIn, String providerName) {
        switch (upstream.begin(signIn, providerName)) {
            case UpstreamSignIn.Start.Redirect redirect -> ctx.redirect(redirect.location(), HttpStatus.FOUND);
            case UpstreamSignIn.Start.Unavailable unavailable -> ctx.redirect(
                    signIn.reply().error("invalid_request", unavailable.description()), HttpStatus.FOUND);
        }
    }

    private OpenSignIn begin(Context ctx, ValidatedAuthorization request) {
        return transactions.begin(request, binding.bind(ctx));
    }
}
