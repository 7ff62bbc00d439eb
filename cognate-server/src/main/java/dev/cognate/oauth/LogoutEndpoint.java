package dev.cognate.oauth;

import dev.cognate.clients.AppClient;
import dev.cognate.oauth.BrowserSessions;
import dev.cognate.oauth.ErrorPage;
import dev.cognate.store.AppClientStore;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /logout}, in both of Cognito's forms: {@code client_id} + {@code logout_uri}
 * (which must be one of the client's sign-out URLs, exactly: no open redirect), or
 * {@code client_id} + {@code redirect_uri} + {@code response_type} (+ {@code state},
 * {@code scope}) to land on the sign-in page again. Either way the browser's session with
 * the client's pool ends.
 */
public final class LogoutEndpoint {
    private final AppClientStore clients;
    private final BrowserSessions sessions;
    private final ErrorPages pages;

    public LogoutEndpoint(AppClientStore clients, BrowserSessions sessions, ErrorPages pages) {
        this.clients = clients;
        this.sessions = sessions;
        this.pages = pages;
    }

    public void logout(Context ctx) {
        for (String name : List.of("client_id", "logout_uri", "redirect_uri")) {
            if (ctx.queryParams(name).size() > 1) {
                refuse(ctx, "The parameter " + name + " was sent more than once.");
                return;
            }
        }
        String clientId = value(ctx, "client_id");
        String logoutUri = value(ctx, "logout_uri");
        String redirectUri = value(ctx, "redirect_uri");
        if (clientId == null) {
            refuse(ctx, "The sign-out request has no client_id parameter.");
            return;
        }
        Optional<AppClient> client = AuthorizeChecks.CLIENT_ID.matcher(clientId).matches()
                ? clients.find(clientId) : Optional.empty();
        if (client.isEmpty()) {
            pages.error(ctx, 400, new ErrorPage("Unknown app client",
                    "There is no app client with the id " + clientId + ".", null));
            return;
        }
        if (logoutUri != null) {
            if (!client.get().hasLogoutUrl(logoutUri)) {
                pages.error(ctx, 400, new ErrorPage("Sign-out URL not registered",
                        "The logout_uri " + logoutUri + " is not a sign-out URL registered for the app client "
                                + client.get().clientName() + ".",
                        "After signing out, the browser goes only to a sign-out URL registered exactly as sent. "
                                + "The app's administrator can add it to the app client's LogoutURLs."));
                return;
            }
            sessions.end(ctx, client.get().userPoolId());
            ctx.redirect(logoutUri, HttpStatus.FOUND);
            return;
        }
        if (redirectUri != null) {
            sessions.end(ctx, client.get().userPoolId());
            ctx.redirect("/login?" + AuthorizeRequest.from(ctx.queryParamMap()).queryString(), HttpStatus.FOUND);
            return;
        }
        refuse(ctx, "The sign-out request needs either a logout_uri, or a redirect_uri and response_type to sign in again.");
    }

    private void refuse(Context ctx, String message) {
        pages.error(ctx, 400, new ErrorPage("Cannot sign out", message, null));
    }

    /** The parameter's value; null when absent or empty. */
    private static String value(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null || value.isEmpty() ? null : value;
    }
}
