package dev.cognate.oauth;

import dev.cognate.hostedui.ErrorPage;
import dev.cognate.hostedui.Pages;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.function.Consumer;

/**
 * Turns an {@link AuthorizeOutcome} into the browser's answer. Only showing the sign-in
 * page differs between {@code /oauth2/authorize} (a redirect to {@code /login}) and
 * {@code /login} itself (the page).
 */
public final class AuthorizeResponder {
    private final Pages pages;
    private final AuthorizationIssuer issuer;

    public AuthorizeResponder(Pages pages, AuthorizationIssuer issuer) {
        this.pages = pages;
        this.issuer = issuer;
    }

    public void respond(Context ctx, AuthorizeOutcome outcome, Consumer<ValidatedAuthorization> showLogin) {
        switch (outcome) {
            case AuthorizeOutcome.ShowLogin show -> showLogin.accept(show.request());
            case AuthorizeOutcome.Issue issue -> ctx.redirect(
                    issuer.issue(issue.request(), issue.session().username(), issue.session().authTime()), HttpStatus.FOUND);
            case AuthorizeOutcome.RedirectToIdp idp -> federationNotAvailable(ctx, idp);
            case AuthorizeOutcome.ShowError error -> pages.error(ctx, error.status(), error.page());
            case AuthorizeOutcome.ErrorRedirect redirect -> ctx.redirect(redirect.location(), HttpStatus.FOUND);
        }
    }

    /** Sign-in through an upstream IdP is the federation issue's work; until then, say so plainly. */
    private void federationNotAvailable(Context ctx, AuthorizeOutcome.RedirectToIdp idp) {
        ValidatedAuthorization v = idp.request();
        ErrorPage page = new ErrorPage("Sign-in through " + idp.providerName() + " is not available yet",
                "This version of Cognate cannot sign you in through the identity provider " + idp.providerName()
                        + " yet: sign-in through upstream identity providers comes in a later version.",
                v.client().supportsIdentityProvider(ValidatedAuthorization.COGNITO)
                        ? "You can sign in with a username and password instead." : null);
        if (v.client().supportsIdentityProvider(ValidatedAuthorization.COGNITO)) {
            page = page.withLink("/login?" + v.request().withIdentityProvider(ValidatedAuthorization.COGNITO).queryString(),
                    "Sign in with a username and password");
        }
        pages.error(ctx, 501, page);
    }
}
