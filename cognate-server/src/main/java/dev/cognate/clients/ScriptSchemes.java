package dev.cognate.clients;

import java.util.Locale;
import java.util.Set;

/**
 * URI schemes a browser runs or opens in the page's own origin rather than navigating away:
 * never a callback or sign-out URL, which the hosted pages may render as a link.
 */
public final class ScriptSchemes {
    private static final Set<String> SCHEMES = Set.of("javascript", "vbscript", "data", "blob", "file", "about");

    private ScriptSchemes() {}

    /** Whether {@code uri} (any string) begins with such a scheme, in any case, after leading spaces or controls. */
    public static boolean runsInPage(String uri) {
        String s = uri.strip();
        int colon = s.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        // browsers drop tabs and newlines inside a scheme ("java\nscript:")
        String scheme = s.substring(0, colon).replaceAll("[\\t\\n\\r]", "").toLowerCase(Locale.ROOT);
        return SCHEMES.contains(scheme);
    }
}
