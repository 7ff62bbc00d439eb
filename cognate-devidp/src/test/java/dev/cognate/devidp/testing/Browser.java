package dev.cognate.devidp.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/** A cookie-keeping HTTP client that does not follow redirects: drives the sign-in and consent pages like a person would. */
public final class Browser {
    private final HttpClient http;

    public Browser() {
        this(null);
    }

    public Browser(SSLContext ssl) {
        HttpClient.Builder builder = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).cookieHandler(new CookieManager());
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        this.http = builder.build();
    }

    public HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    public HttpResponse<String> post(String url, Map<String, String> form) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build());
    }

    /**
     * Opens an authorize URL, signs in as {@code login} with {@code password} when the sign-in page shows, and
     * accepts the consent page when it shows. Returns the first response that is not one of those pages.
     */
    public HttpResponse<String> signIn(String authorizeUrl, String login, String password) {
        HttpResponse<String> response = get(authorizeUrl);
        for (int step = 0; step < 3; step++) {
            String html = response.body();
            if (response.statusCode() == 200 && html.contains("name=\"passwd\"")) {
                response = submitSignIn(response, login, password);
            } else if (response.statusCode() == 200 && html.contains("Permissions requested")) {
                response = submitConsent(response, "accept");
            } else {
                return response;
            }
        }
        return response;
    }

    public HttpResponse<String> submitSignIn(HttpResponse<String> page, String login, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("ctx", hidden(page.body(), "ctx"));
        form.put("flowToken", hidden(page.body(), "flowToken"));
        form.put("login", login);
        form.put("passwd", password);
        return post(formAction(page.body()), form);
    }

    public HttpResponse<String> submitConsent(HttpResponse<String> page, String decision) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("ctx", hidden(page.body(), "ctx"));
        form.put("flowToken", hidden(page.body(), "flowToken"));
        form.put("decision", decision);
        return post(formAction(page.body()), form);
    }

    public static String hidden(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no field " + name + " in:\n" + html);
        }
        return unescape(m.group(1));
    }

    public static String formAction(String html) {
        Matcher m = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no form in:\n" + html);
        }
        return unescape(m.group(1));
    }

    /** The parameters of a redirect's query or fragment. */
    public static Map<String, String> redirectParams(HttpResponse<String> response) {
        String location = response.headers().firstValue("Location").orElseThrow(() -> new AssertionError(
                "expected a redirect, got " + response.statusCode() + ":\n" + response.body()));
        int cut = location.indexOf('#') >= 0 ? location.indexOf('#') : location.indexOf('?');
        return decode(location.substring(cut + 1));
    }

    /** The parameters an app's callback receives: from a redirect, or from the fields of a form_post page. */
    public static Map<String, String> callbackParams(HttpResponse<String> response) {
        if (response.statusCode() == 200 && response.body().contains("id=\"form_post\"")) {
            Map<String, String> params = new LinkedHashMap<>();
            Matcher m = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">").matcher(response.body());
            while (m.find()) {
                params.put(unescape(m.group(1)), unescape(m.group(2)));
            }
            return params;
        }
        return redirectParams(response);
    }

    public static Map<String, String> decode(String encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    public static String encode(Map<String, String> form) {
        StringBuilder out = new StringBuilder();
        form.forEach((k, v) -> {
            if (v == null) {
                return;
            }
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return out.toString();
    }

    private static String unescape(String html) {
        return html.replace("&#34;", "\"").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&amp;", "&");
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
