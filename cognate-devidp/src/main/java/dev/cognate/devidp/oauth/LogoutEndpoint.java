package dev.cognate.devidp.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.cognate.devidp.crypto.SigningKeys;
import dev.cognate.devidp.directory.Application;
import dev.cognate.devidp.directory.Directory;
import dev.cognate.devidp.pages.Pages;
import dev.cognate.devidp.pages.SignedOutPage;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code /{tenant}/oauth2/v2.0/logout}: ends the browser session, then returns to {@code post_logout_redirect_uri}
 * only when it is registered for the app named by {@code client_id} or {@code id_token_hint}; otherwise a signed-out page.
 */
final class LogoutEndpoint {
    private final Directory directory;
    private final SigningKeys keys;
    private final BrowserSessions sessions;
    private final Pages pages;

    LogoutEndpoint(Directory directory, SigningKeys keys, BrowserSessions sessions, Pages pages) {
        this.directory = directory;
        this.keys = keys;
        this.sessions = sessions;
        this.pages = pages;
    }

    void logout(Context ctx) {
        sessions.end(ctx);
        String target = param(ctx, "post_logout_redirect_uri");
        Optional<Application> app = Optional.ofNullable(param(ctx, "client_id")).flatMap(directory::applicationByAppId)
                .or(() -> Optional.ofNullable(param(ctx, "id_token_hint")).flatMap(keys::verify)
                        .map(JWTClaimsSet::getAudience).filter(a -> a.size() == 1)
                        .flatMap(a -> directory.applicationByAppId(a.getFirst())));
        boolean registered = target != null && app.isPresent() && (app.get().redirectUris().stream()
                .anyMatch(r -> RedirectUris.matches(r, target)) || target.equals(app.get().logoutUrl()));
        if (registered) {
            String state = param(ctx, "state");
            String location = state == null ? target
                    : target + (target.contains("?") ? "&" : "?") + "state=" + URLEncoder.encode(state, StandardCharsets.UTF_8);
            ctx.redirect(location, HttpStatus.FOUND);
            return;
        }
        pages.render(ctx, 200, new SignedOutPage(Pages.nonce()));
    }

    private static String param(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null && "POST".equals(ctx.method().name())) {
            value = ctx.formParam(name);
        }
        return value == null || value.isEmpty() ? null : value;
    }
}
