package dev.cognate.devidp.oauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Entra's redirect URI rules: exact, case-sensitive match; only the port of a loopback URI may differ; http only for loopback. */
public final class RedirectUris {
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    private RedirectUris() {}

    public static boolean matches(String registered, String requested) {
        if (registered.equals(requested)) {
            return true;
        }
        Optional<URI> r = parse(registered);
        Optional<URI> q = parse(requested);
        if (r.isEmpty() || q.isEmpty() || !LOOPBACK.contains(r.get().getHost())) {
            return false;
        }
        URI a = r.get();
        URI b = q.get();
        return Objects.equals(a.getScheme(), b.getScheme()) && Objects.equals(a.getHost(), b.getHost())
                && Objects.equals(a.getRawPath(), b.getRawPath()) && Objects.equals(a.getRawQuery(), b.getRawQuery())
                && b.getRawUserInfo() == null && b.getRawFragment() == null;
    }

    /** Why a redirect URI cannot be registered, or empty when it can. */
    public static Optional<String> registrationProblem(String uri) {
        Optional<URI> parsed = parse(uri);
        if (parsed.isEmpty() || !parsed.get().isAbsolute() || parsed.get().getHost() == null) {
            return Optional.of("Redirect URI '" + uri + "' is not an absolute URI.");
        }
        URI u = parsed.get();
        if (uri.length() > 256) {
            return Optional.of("Redirect URI '" + uri + "' is longer than 256 characters.");
        }
        if (u.getRawFragment() != null) {
            return Optional.of("Redirect URI '" + uri + "' must not contain a fragment.");
        }
        if (!"https".equals(u.getScheme()) && !("http".equals(u.getScheme()) && LOOPBACK.contains(u.getHost()))) {
            return Optional.of("Redirect URI '" + uri + "' must use https, or http with localhost or 127.0.0.1.");
        }
        return Optional.empty();
    }

    static String origin(String uri) {
        URI u = URI.create(uri);
        return u.getScheme() + "://" + u.getRawAuthority();
    }

    private static Optional<URI> parse(String uri) {
        try {
            return Optional.of(new URI(uri));
        } catch (URISyntaxException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
