package dev.cognate.mail;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** A parsed {@code smtp://[user:password@]host[:port]} or {@code smtps://...} URL. */
public record SmtpUrl(boolean implicitTls, String host, int port, String user, String password) {

    public static SmtpUrl parse(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--smtp-url is not a URL: expected smtp://[user:password@]host:port");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("smtp") && !scheme.equals("smtps")) {
            throw new IllegalArgumentException("--smtp-url must start with smtp:// or smtps://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("--smtp-url has no host: expected smtp://[user:password@]host:port");
        }
        boolean tls = scheme.equals("smtps");
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 465 : 587;
        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        return new SmtpUrl(tls, uri.getHost(), port, user, password);
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Leaves the password out. */
    @Override
    public String toString() {
        return (implicitTls ? "smtps://" : "smtp://") + (user == null ? "" : user + "@") + host + ":" + port;
    }
}
