package dev.cognate.admin.clients;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Cognito's rule for callback and sign-out URLs: an absolute URI without a fragment; https,
 * or http only for {@code localhost}; app schemes ({@code myapp://callback}) are allowed, but
 * not the schemes a browser runs in the page ({@code javascript://...}): the hosted pages link
 * to these URLs.
 */
final class RedirectUris {
    private RedirectUris() {}

    /** Why {@code value} is not an acceptable redirect URI, or empty when it is. */
    static Optional<String> problem(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return Optional.of("it is not a valid URI");
        }
        if (!uri.isAbsolute() || uri.isOpaque()) {
            return Optional.of("it must be an absolute URI such as https://example.com/callback");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("it must not contain a fragment (#...)");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (dev.cognate.clients.ScriptSchemes.runsInPage(value)) {
            return Optional.of("it must not use the " + scheme + ": scheme, which a browser runs in the page");
        }
        if (scheme.equals("http") && !"localhost".equalsIgnoreCase(uri.getHost())) {
            return Optional.of("it must use https (http is allowed only for http://localhost)");
        }
        if ((scheme.equals("http") || scheme.equals("https")) && (uri.getHost() == null || uri.getHost().isEmpty())) {
            return Optional.of("it must name a host");
        }
        return Optional.empty();
    }
}
