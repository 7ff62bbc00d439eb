package dev.cognate.http;

import io.javalin.http.Context;

/** Headers every response carries: no sniffing, no framing, no referrer, no caching. */
public final class SecurityHeaders {
    private SecurityHeaders() {}

    public static void apply(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
    }
}
