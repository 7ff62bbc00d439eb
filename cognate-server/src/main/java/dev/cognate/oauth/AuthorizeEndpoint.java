package dev.cognate.oauth;

import dev.cognate.oauth.BrowserSessions;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/**
 * {@code GET /oauth2/authorize}: the checks decide; a browser without a session is sent to
 * the hosted sign-in page with the same parameters.
 */
public final class AuthorizeEndpoint {
    private final AuthorizeChecks checks;
    private final BrowserSessions sessions;
    private final AuthorizeResponder responder;

    public AuthorizeEndpoint(AuthorizeChecks checks, BrowserSessions sessions, AuthorizeResponder responder) {
        this.checks = checks;
        this.sessions = sessions;
        this.responder = responder;
    }

    public void authorize(Context ctx) {
        AuthorizeRequest request = AuthorizeRequest.from(ctx.queryParamMap());
        responder.respond(ctx, checks.decide(request, () -> sessions.current(ctx)),
                valid -> ctx.redirect("/login?" + request.queryString(), HttpStatus.FOUND));
    }
}
