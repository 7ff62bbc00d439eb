package dev.cognate.oauth;

import dev.cognate.crypto.ConstantTime;
import dev.cognate.crypto.Hashes;
import dev.cognate.crypto.RandomIds;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Binds an upstream sign-in to the browser that started it (RFC 9700 4.7: state bound to the
 * user agent): a random cookie whose hash is kept with the state. One value per browser, so
 * sign-ins started in two tabs both complete; its path is {@code /} because sign-ins start
 * on more than one path ({@code /oauth2/authorize}, the hosted page's buttons). A callback carrying a state from another browser (a login CSRF, or a
 * callback URL passed around) is refused.
 *
 * <p>The cookie is HttpOnly and host-only; over https it is {@code SameSite=None; Secure} so
 * that an IdP answering with {@code form_post} (a cross-site POST) still carries it, over
 * plain http (local development) {@code SameSite=Lax}, which top-level GET callbacks carry.
 */
public final class BrowserBinding {
    public static final String COOKIE = "cognate_idp_binding";
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

    /** Whether the browser calling back is the one the state was issued to. */
    public boolean isBoundTo(Context ctx, String bindingHash) {
        return value(ctx).map(v -> ConstantTime.equals(Hashes.sha256Hex(v), bindingHash)).orElse(false);
    }

    private static Optional<String> value(Context ctx) {
        return Optional.ofNullable(ctx.cookie(COOKIE)).filter(v -> VALUE.matcher(v).matches());
    }
}
