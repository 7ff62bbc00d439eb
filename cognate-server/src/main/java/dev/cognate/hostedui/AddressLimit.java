package dev.cognate.hostedui;

import dev.cognate.http.RateLimit;
import dev.cognate.oauth.ErrorPage;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Optional;

/**
 * How many accounts and codes one network address may ask the hosted pages for in a minute
 * (each asks for mail to be sent): past it, a 429 page with Retry-After.
 */
public final class AddressLimit {
    private final RateLimit limit;
    private final Pages pages;

    public AddressLimit(RateLimit limit, Pages pages) {
        this.limit = limit;
        this.pages = pages;
    }

    /** Takes one request of this address; when it is over the limit, the 429 page is written and true returned. */
    boolean refuses(Context ctx) {
        Optional<Duration> wait = limit.take(ctx.ip());
        if (wait.isEmpty()) {
            return false;
        }
        long seconds = Math.max(1, wait.get().toSeconds() + 1);
        ctx.header("Retry-After", Long.toString(seconds));
        pages.error(ctx, 429, new ErrorPage("Too many requests",
                "Too many accounts or codes were asked for from your network address in the last minute.",
                "Wait " + seconds + (seconds == 1 ? " second" : " seconds") + " and try again."));
        return true;
    }
}
