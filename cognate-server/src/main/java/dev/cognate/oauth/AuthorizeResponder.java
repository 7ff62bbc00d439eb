package dev.cognate.oauth;

import dev.cognate.federation.Connector;
import dev.cognate.federation.FederatedLogin;
import dev.cognate.federation.IdpFailure;
import dev.cognate.federation.PendingAuthorization;
import dev.cognate.providers.IdentityProvider;
import dev.cognate.providers.ProviderType;
import dev.cognate.store.IdentityProviderStore;
import java.net.URI;
import java.util.Optional;
import dev.cognate.oauth.ErrorPage;
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
    private final FederatedLogin federation;
    private final IdentityProviderStore providers;

    public AuthorizeResponder(Pages pages, AuthorizationIssuer issuer, FederatedLogin federation,
                              IdentityProviderStore providers) {
        this.pages = pages;
        this.issuer = issuer;
        this.federation = federation;
        this.providers = providers;
    }

    public void respond(Context ctx, AuthorizeOutcome outcome, Consumer<ValidatedAuthorization> showLogin) {
        switch (outcome) {
            case AuthorizeOutcome.ShowLogin show -> showLogin.accept(show.request());
            case AuthorizeOutcome.Issue issue -> ctx.redirect(
                    issuer.issue(issue.request(), issue.session().username(), issue.session().authTime()), HttpStatus.FOUND);
            case AuthorizeOutcome.RedirectToIdp idp -> redirectToIdp(ctx, idp);
            case AuthorizeOutcome.ShowError error -> pages.error(ctx, error.status(), error.page());
            case AuthorizeOutcome.ErrorRedirect redirect -> ctx.redirect(redirect.location(), HttpStatus.FOUND);
        }
    }

    /** Step 2 of the seed's sign-in: off to the upstream IdP with our state, nonce and PKCE. */
    private void redirectToIdp(Context ctx, AuthorizeOutcome.RedirectToIdp idp) {
        ValidatedAuthorization v = idp.request();
        Optional<IdentityProvider> provider = providers.find(v.pool().id(), idp.providerName());
        if (provider.isEmpty() || provider.get().type() != ProviderType.OIDC) {
            ctx.redirect(v.reply().error("invalid_request", "Sign-in through " + idp.providerName()
                    + " is not available: only OpenID Connect identity providers are supported."), HttpStatus.FOUND);
            return;
        }
        PendingAuthorization pending = new PendingAuthorization(v.pool().id(), v.client().clientId(), v.redirectUri(),
                v.state(), v.scopes(), v.nonce(), v.codeChallenge(),
                v.responseType() == ResponseType.TOKEN ? PendingAuthorization.TOKEN : PendingAuthorization.CODE);
        String prompt = v.prompt().stream().filter(p -> p.equals("select_account") || p.equals("consent"))
                .findFirst().orElse(null);
        try {
            URI location = federation.begin(ctx, pending, provider.get(), new Connector.Hints(prompt, v.request().loginHint()));
            ctx.redirect(location.toString(), HttpStatus.FOUND);
        } catch (IdpFailure e) {
            ctx.redirect(v.reply().error("invalid_request", e.getMessage()), HttpStatus.FOUND);
        }
    }
}
