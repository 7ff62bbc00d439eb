package dev.cognate.demo.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The app's pages: precompiled jte templates, every value HTML-escaped. */
final class AppPages {
    /** The generated templates' package (pom.xml): this one, apart from cognate-server's and the dev IdP's. */
    private static final String TEMPLATE_PACKAGE = "dev.cognate.demo.app";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html, null, TEMPLATE_PACKAGE);

    record HomePage(String poolId) {}

    record Claim(String name, String value) {}

    record ProfilePage(String username, List<Claim> idTokenClaims, List<Claim> userInfo) {
        static ProfilePage of(CognateRelyingParty.SignedIn user) {
            return new ProfilePage(user.username(), claims(user.idTokenClaims()), claims(user.userInfo()));
        }
    }

    record MessagePage(String title, String message, String detail) {}

    void home(Context ctx, HomePage page) {
        render(ctx, 200, "home.jte", page);
    }

    void profile(Context ctx, ProfilePage page) {
        render(ctx, 200, "profile.jte", page);
    }

    void message(Context ctx, int status, MessagePage page) {
        render(ctx, status, "message.jte", page);
    }

    /** Claims by name; strings as they are, everything else (numbers, lists, the identities objects) as JSON. */
    static List<Claim> claims(Map<String, Object> claims) {
        return new TreeMap<>(claims).entrySet().stream()
                .map(e -> new Claim(e.getKey(), e.getValue() instanceof String s ? s : json(e.getValue()))).toList();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    private void render(Context ctx, int status, String template, Object page) {
        StringOutput out = new StringOutput();
        engine.render(template, page, out);
        ctx.status(status)
                .header("Content-Security-Policy", "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store")
                .contentType("text/html; charset=utf-8")
                .result(out.toString());
    }
}
