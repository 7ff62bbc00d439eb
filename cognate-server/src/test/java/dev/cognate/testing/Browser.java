package dev.cognate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A browser as far as sign-in flows need one: it keeps cookies per host and path, and
 * follows redirects one at a time, so a test sees every hop and stops at the app's callback
 * (which it never calls).
 */
public final class Browser {
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient client = HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().timeout(Duration.ofSeconds(30)).build());
    }

    public HttpResponse<String> postForm(String url, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /**
     * Follows redirects from {@code url} until one leads to an address starting with
     * {@code stopAt}, and answers that address without calling it.
     *
     * @throws AssertionError when a page answers instead (its status and body say why)
     */
    public String followUntil(String url, String stopAt) {
        String current = url;
        for (int hop = 0; hop < 10; hop++) {
            HttpResponse<String> response = get(current);
            String location = response.headers().firstValue("Location").orElse(null);
            if (response.statusCode() / 100 != 3 || location == null) {
                throw new AssertionError("expected a redirect from " + current + " but got HTTP " + response.statusCode()
                        + ": " + response.body());
            }
            current = URI.create(current).resolve(location).toString();
            if (current.startsWith(stopAt)) {
                return current;
            }
        }
        throw new AssertionError("too many redirects from " + url);
    }

    /** Follows redirects from {@code url} until a page (non-3xx) answers. */
    public HttpResponse<String> followToPage(String url) {
        String current = url;
        for (int hop = 0; hop < 10; hop++) {
            HttpResponse<String> response = get(current);
            String location = response.headers().firstValue("Location").orElse(null);
            if (response.statusCode() / 100 != 3 || location == null) {
                return response;
            }
            current = URI.create(current).resolve(location).toString();
        }
        throw new AssertionError("too many redirects from " + url);
    }

    /** Forgets every cookie (another browser, or one whose cookies were cleared). */
    public void clearCookies() {
        cookies.getCookieStore().removeAll();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
