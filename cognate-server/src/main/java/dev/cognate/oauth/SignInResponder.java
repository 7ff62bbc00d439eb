package dev.cognate.oauth;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/** Writes a completed sign-in to the browser: the session cookie, then the redirect to the app. */
public final class SignInResponder {
    private final BrowserSessions sessions;
    private final ErrorPages pages;

    public SignInResponder(BrowserSessions sessions, ErrorPages pages) {
        this.sessions = sessions;
        this.pages = pages;
    }

    public void answer(Context ctx, SignInCompletion.Completed completed) {
        switch (completed) {
            case SignInCompletion.Completed.Answered answered -> {
                if (answered.sessionCookie() != null) {
                    sessions.handOver(ctx, answered.sessionCookie());
                }
                ctx.redirect(answered.location(), HttpStatus.FOUND);
            }
            case SignInCompletion.Completed.AlreadyEnded ended -> pages.error(ctx, 400, new ErrorPage(
                    "This sign-in is already complete",
                    "This sign-in was already completed (or the form was sent twice); it cannot be used again.",
                    "Go back to the app and sign in again if you are not signed in."));
        }
    }
}
