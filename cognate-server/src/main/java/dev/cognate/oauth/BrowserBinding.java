package dev.cognate.oauth;

import dev.cognate.crypto.Hashes;
import dev.cognate.crypto.RandomIds;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Binds a sign-in transaction to the browser that started it (RFC 9700 4.7: state bound to the
 * user agent): a random cookie whose hash the transaction keeps; every later step (the hosted
 * pages' posts, the upstream IdP's callback) must come with it. One value per browser, so
 * sign-ins started in two tabs both complete. A step carrying a transaction of another browser
 * (a login CSRF, or a callback URL passed around) is refused.
 *
 * <p>The cookie is HttpOnly and host-only; over https it is {@code SameSite=None; Secure} so
 * that an IdP answering with {@code form_post} (a cross-site POST) still carries it, over
 * plain http (local development) {@code SameSite=Lax}, which top-level GET callbacks carry.
 */
public final class BrowserBinding {
    public static final String COOKIE = "cognate_signin";
    static final String PATH = "/";
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final Supplier<String> publicUrl;

    public BrowserBinding(Supplier<String> publicUrl) {
        this.publicUrl = publicUrl;
    }

    /** The hash of this browser's binding, setting the cookie first if it has none. */
    public String bind(Context ctx) {
        Optional<String> value = value(ctx);
        if (value.isPresent()) {
            return Hashes.sha256Hex(value.get());
        }
        String fresh = RandomIds.token();
        boolean secure = publicUrl.get().startsWith("https://");
        ctx.cookie(new Cookie(COOKIE, fresh, PATH, -1, secure, true, null, secure ? SameSite.NONE : SameSite.LAX));
        return Hashes.sha256Hex(fresh);
    }

    /** The hash of this browser's binding, if it has one (what a sign-in transaction's steps are checked against). */
    public String current(Context ctx) {
        return value(ctx).map(Hashes::sha256Hex).orElse(null);
    }

    private static Optional<String> value(Context ctx) {
        return Optional.ofNullable(ctx.cookie(COOKIE)).filter(v -> VALUE.matcher(v).matches());
    }
}
