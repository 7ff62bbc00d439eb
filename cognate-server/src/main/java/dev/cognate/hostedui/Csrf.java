package dev.cognate.hostedui;

import dev.cognate.http.HostedCookies;

import dev.cognate.crypto.ConstantTime;
import dev.cognate.crypto.RandomIds;
import io.javalin.http.Context;
import java.util.regex.Pattern;

/**
 * The hosted forms' CSRF protection: a random token bound to the browser by a cookie and
 * repeated in a hidden form field; a post is accepted only when both are present and equal
 * (compared in constant time). The cookie is SameSite=Lax and HttpOnly, so another site can
 * neither send it along with a cross-site post nor read it to fill in the field.
 */
public final class Csrf {
    public static final String COOKIE = "cognate_csrf";
    public static final String FIELD = "_csrf";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final HostedCookies cookies;

    public Csrf(HostedCookies cookies) {
        this.cookies = cookies;
    }

    /** The browser's token, set now if it has none (or a malformed one). */
    public String tokenFor(Context ctx) {
        String existing = ctx.cookie(COOKIE);
        if (existing != null && TOKEN.matcher(existing).matches()) {
            return existing;
        }
        String token = RandomIds.token();
        cookies.set(ctx, COOKIE, token, -1);
        return token;
    }

    /** Whether the posted form carries this browser's token. */
    public boolean verify(Context ctx) {
        String cookie = ctx.cookie(COOKIE);
        String field = ctx.formParam(FIELD);
        return cookie != null && field != null && TOKEN.matcher(cookie).matches() && ConstantTime.equals(cookie, field);
    }
}
