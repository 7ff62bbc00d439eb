package dev.cognate.http;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.util.function.Supplier;

/**
 * The hosted UI's cookies, all set alike (security.md, "State and CSRF"): HttpOnly,
 * SameSite=Lax, Path=/, host-only (no Domain), and Secure when the public URL is https.
 */
public final class HostedCookies {
    private final Supplier<String> publicUrl;

    /** @param publicUrl the public base URL (known once the port is bound) */
    public HostedCookies(Supplier<String> publicUrl) {
        this.publicUrl = publicUrl;
    }

    /** Sets a cookie; {@code maxAgeSeconds} -1 for one that lasts while the browser runs. */
    public void set(Context ctx, String name, String value, int maxAgeSeconds) {
        ctx.cookie(new Cookie(name, value, "/", maxAgeSeconds, secure(), true, null, SameSite.LAX));
    }

    public void expire(Context ctx, String name) {
        set(ctx, name, "", 0);
    }

    private boolean secure() {
        return publicUrl.get().startsWith("https://");
    }
}
