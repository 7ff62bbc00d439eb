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
            } catch (Exception e) {
                LOG.error("hosted page {} {} failed", ctx.method(), ctx.path(), e);
                pages.error(ctx, 500, new ErrorPage("Something went wrong",
                        "The sign-in service could not finish your request because of an error on its side.",
                        "Try again in a moment. If it keeps happening, tell the app's administrator."));
            }
        };
    }
}
