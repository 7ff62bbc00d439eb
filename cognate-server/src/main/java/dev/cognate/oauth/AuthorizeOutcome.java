package dev.cognate.oauth;

import dev.cognate.store.BrowserSession;
import dev.cognate.oauth.ErrorPage;

/** What an authorization request leads to, once {@link AuthorizeChecks} has looked at it. */
public sealed interface AuthorizeOutcome {

    /** No usable session (or {@code prompt=login}): the user signs in on the hosted page. */
    record ShowLogin(ValidatedAuthorization request) implements AuthorizeOutcome {}

    /** The browser is signed in to the pool: answer the app right away (a code, or implicit tokens). */
    record Issue(ValidatedAuthorization request, BrowserSession session) implements AuthorizeOutcome {}

    /** An upstream identity provider was chosen: the browser goes there. */
    record RedirectToIdp(ValidatedAuthorization request, String providerName) implements AuthorizeOutcome {}

    /** The app cannot be trusted with the error (unknown client, unregistered redirect URI): a page says it. */
    record ShowError(int status, ErrorPage page) implements AuthorizeOutcome {}

    /** The error goes back to the app's validated redirect URI. */
    record ErrorRedirect(String location) implements AuthorizeOutcome {}
}
