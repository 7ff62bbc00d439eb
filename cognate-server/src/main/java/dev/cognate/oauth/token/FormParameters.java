package dev.cognate.oauth.token;

import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of an {@code application/x-www-form-urlencoded} request body (RFC 6749
 * appendix B), read with a size limit. A parameter sent twice is refused (RFC 6749 3.1, 3.2);
 * one sent without a value counts as omitted.
 */
final class FormParameters {
    static final int MAX_BYTES = 64 * 1024;

    private final Map<String, String> values;

    private FormParameters(Map<String, String> values) {
        this.values = values;
    }

    static FormParameters read(Context ctx) {
        String contentType = ctx.header("Content-Type");
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/x-www-form-urlencoded")) {
            throw OAuthError.invalidRequest("Content-Type must be application/x-www-form-urlencoded.", "RFC 6749 4.1.3");
        }
        if (ctx.req().getContentLengthLong() > MAX_BYTES) {
            throw tooLarge();
        }
        // read within the HTTP layer's size and time limits (dev.cognate.http.RequestBodies), cached by Javalin
        byte[] body = ctx.bodyAsBytes();
        if (body.length > MAX_BYTES) {
            throw tooLarge();
        }
        return parse(new String(body, StandardCharsets.UTF_8));
    }

    static FormParameters parse(String body) {
        Map<String, String> values = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (values.containsKey(name)) {
                throw OAuthError.invalidRequest("Parameter " + shown(name) + " is repeated.", "RFC 6749 3.2");
            }
            values.put(name, value);
        }
        values.values().removeIf(String::isEmpty);
        return new FormParameters(values);
    }

    Optional<String> optional(String name) {
        return Optional.ofNullable(values.get(name));
    }

    String required(String name) {
        return optional(name).orElseThrow(() -> OAuthError.invalidRequest("Parameter " + name + " is required.",
                "RFC 6749 5.2"));
    }

    private static String decode(String encoded) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidRequest("The request body is not valid form encoding.", "RFC 6749 appendix B");
        }
    }

    /** A parameter name as echoed in an error: short, whatever the client sent. */
    static String shown(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }

    private static OAuthError tooLarge() {
        return OAuthError.tooLarge("The request body is larger than " + MAX_BYTES + " bytes.");
    }
}
