package dev.cognate.hostedui;

import dev.cognate.oauth.ErrorPage;

import io.javalin.http.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wraps the browser-facing handlers so that a failure on our side is a plain page, never a stack trace. */
public final class HostedHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(HostedHandlers.class);

    private HostedHandlers() {}

    public static Handler guarded(Pages pages, Handler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (dev.cognate.store.ConcurrentChangeException e) {
                pages.error(ctx, 409, new ErrorPage("Your account was changed meanwhile",
                        "Another request changed your account while this one was being made, so nothing was changed.",
                        "Go back and try again."));
            } catch (Exception e) {
                dev.cognate.store.StoreFaults.log(LOG, "hosted page " + ctx.method() + " " + ctx.path() + " failed", e);
                if (dev.cognate.store.StoreFaults.unavailable(e) != null) {
                    ctx.header("Retry-After", "5");
                    pages.error(ctx, 503, new ErrorPage("Sign-in is not available right now",
                            "The sign-in service cannot reach its data at the moment.",
                            "Try again in a moment."));
                    return;
                }
                pages.error(ctx, 500, new ErrorPage("Something went wrong",
                        "The sign-in service could not finish your request because of an error on its side.",
                        "Try again in a moment. If it keeps happening, tell the app's administrator."));
            }
        };
    }
}
