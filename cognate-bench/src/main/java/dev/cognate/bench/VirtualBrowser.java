package dev.cognate.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser that signs in through the hosted pages as a person would, with the least work on
 * the driver's side: one keep-alive connection to Cognate and one to the upstream IdP, and a
 * cookie jar emptied before each sign-in (a browser without a session, so every sign-in goes
 * all the way). Each sign-in is the code flow with PKCE (S256) and ends at the token endpoint:
 * <ul>
 *   <li>hosted: {@code GET /oauth2/authorize} (302 to the sign-in page), {@code GET /login}
 *       (its hidden fields: the transaction and the CSRF token), {@code POST /login} (302 to
 *       the app's callback with a code), {@code POST /oauth2/token};</li>
 *   <li>federated: {@code GET /oauth2/authorize?identity_provider=...} (302 to the IdP), the
 *       IdP's authorize endpoint (302 back with its code), {@code GET /oauth2/idpresponse}
 *       (302 to the app's callback with a code), {@code POST /oauth2/token}.</li>
 * </ul>
 * A step that answers otherwise fails the sign-in with what it answered.
 */
final class VirtualBrowser implements AutoCloseable {
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");

    /** The app that signs users in: a public code-flow client, its callback and scopes. */
    record App(String host, int port, String clientId, String callback, String scope) {}

    /** A sign-in that did not end in tokens, and at which step. */
    static final class SignInFailed extends Exception {
        SignInFailed(String message) {
            super(message);
        }
    }

    private final App app;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private Http1Connection cognate;
    private Http1Connection idp;

    VirtualBrowser(App app) {
        this.app = app;
    }

    /** A hosted sign-in with username and password. */
    void signIn(String username, String password) throws IOException, SignInFailed {
        cookies.clear();
        String verifier = codeVerifier();
        String state = state();
        Http1Connection.Response toLogin = toCognate(Http1Connection.browserGet(app.host(), app.port(),
                authorizeUrl(state, verifier, null), cookieHeader()), false);
        expect("authorize", toLogin, 302);
        Http1Connection.Response page = toCognate(Http1Connection.browserGet(app.host(), app.port(),
                pathOf(toLogin.location()), cookieHeader()), true);
        expect("the sign-in page", page, 200);
        Map<String, String> hidden = hiddenFields(page.text());
        StringBuilder form = new StringBuilder();
        hidden.forEach((name, value) -> form.append(enc(name)).append('=').append(enc(value)).append('&'));
        form.append("username=").append(enc(username)).append("&password=").append(enc(password));
        Http1Connection.Response signedIn = toCognate(Http1Connection.browserPost(app.host(), app.port(), "/login",
                cookieHeader(), form.toString()), false);
        expect("POST /login", signedIn, 302);
        redeem(callbackCode(signedIn.location(), state), verifier);
    }

    /** A federated sign-in through the pool's identity provider {@code provider}. */
    void signInWith(String provider, int idpPort) throws IOException, SignInFailed {
        cookies.clear();
        String verifier = codeVerifier();
        String state = state();
        Http1Connection.Response toIdp = toCognate(Http1Connection.browserGet(app.host(), app.port(),
                authorizeUrl(state, verifier, provider), cookieHeader()), false);
        expect("authorize", toIdp, 302);
        if (idp == null) {
            idp = new Http1Connection("127.0.0.1", idpPort);
        }
        Http1Connection.Response answer;
        try {
            answer = idp.exchange(Http1Connection.browserGet("127.0.0.1", idpPort, pathOf(toIdp.location()), ""), false);
        } catch (IOException e) {
            idp.close();
            idp = null;
            throw e;
        }
        if (!idp.reusable()) {
            idp.close();
            idp = null;
        }
        expect("the IdP's authorize endpoint", answer, 302);
        Http1Connection.Response back = toCognate(Http1Connection.browserGet(app.host(), app.port(),
                pathOf(answer.location()), cookieHeader()), false);
        expect("/oauth2/idpresponse", back, 302);
        redeem(callbackCode(back.location(), state), verifier);
    }

    private void redeem(String code, String verifier) throws IOException, SignInFailed {
        Http1Connection.Response tokens = toCognate(Http1Connection.browserPost(app.host(), app.port(), "/oauth2/token", "",
                "grant_type=authorization_code&client_id=" + enc(app.clientId()) + "&code=" + enc(code) + "&redirect_uri="
                        + enc(app.callback()) + "&code_verifier=" + verifier), true);
        expect("the token endpoint", tokens, 200);
        if (!tokens.text().contains("\"id_token\"")) {
            throw new SignInFailed("the token endpoint answered without an ID token");
        }
    }

    private Http1Connection.Response toCognate(byte[] request, boolean keepBody) throws IOException {
        if (cognate == null) {
            cognate = new Http1Connection(app.host(), app.port());
        }
        try {
            Http1Connection.Response response = cognate.exchange(request, keepBody);
            for (String setCookie : response.setCookies()) {
                keep(setCookie);
            }
            if (!cognate.reusable()) {
                cognate.close();
                cognate = null;
            }
            return response;
        } catch (IOException e) {
            cognate.close();
            cognate = null;
            throw e;
        }
    }

    private String authorizeUrl(String state, String verifier, String provider) {
        return "/oauth2/authorize?response_type=code&client_id=" + enc(app.clientId()) + "&redirect_uri="
                + enc(app.callback()) + "&scope=" + enc(app.scope()) + "&state=" + state + "&code_challenge="
                + s256(verifier) + "&code_challenge_method=S256"
                + (provider == null ? "" : "&identity_provider=" + enc(provider));
    }

    private String callbackCode(String location, String state) throws SignInFailed {
        if (location == null || !location.startsWith(app.callback() + "?")) {
            throw new SignInFailed("the sign-in did not end at the app's callback: " + location);
        }
        Map<String, String> parameters = queryParameters(location);
        if (!state.equals(parameters.get("state")) || parameters.get("code") == null) {
            throw new SignInFailed("the callback carries no code or another state: " + location);
        }
        return parameters.get("code");
    }

    private static void expect(String step, Http1Connection.Response response, int status) throws SignInFailed {
        if (response.status() != status) {
            String body = response.body().length == 0 ? "" : ": " + response.text().substring(0, Math.min(200,
                    response.text().length()));
            throw new SignInFailed(step + " answered HTTP " + response.status() + " (expected " + status + ")"
                    + (response.location() == null ? "" : " to " + response.location()) + body);
        }
        if (status == 302 && response.location() == null) {
            throw new SignInFailed(step + " redirected without a Location");
        }
    }

    /** Keeps a {@code Set-Cookie}'s name and value (a browser on one host: paths and attributes do not matter here). */
    void keep(String setCookie) {
        int end = setCookie.indexOf(';');
        String pair = end < 0 ? setCookie : setCookie.substring(0, end);
        int eq = pair.indexOf('=');
        if (eq <= 0) {
            return;
        }
        String name = pair.substring(0, eq).trim();
        String value = pair.substring(eq + 1).trim();
        if (value.isEmpty() || setCookie.toLowerCase(java.util.Locale.ROOT).contains("max-age=0")) {
            cookies.remove(name);
        } else {
            cookies.put(name, value);
        }
    }

    /** The {@code Cookie} header's value for what the jar holds; empty when it holds nothing. */
    String cookieHeader() {
        if (cookies.isEmpty()) {
            return "";
        }
        StringBuilder header = new StringBuilder();
        cookies.forEach((name, value) -> header.append(header.isEmpty() ? "" : "; ").append(name).append('=').append(value));
        return header.toString();
    }

    /** A page's hidden form fields, in order. */
    static Map<String, String> hiddenFields(String html) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(html);
        while (m.find()) {
            fields.put(unescape(m.group(1)), unescape(m.group(2)));
        }
        return fields;
    }

    /** The path and query of a Location, absolute or not: the browser sends it on the connection it has. */
    static String pathOf(String location) {
        URI uri = URI.create(location);
        return (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    static Map<String, String> queryParameters(String url) {
        Map<String, String> parameters = new LinkedHashMap<>();
        int q = url.indexOf('?');
        if (q < 0) {
            return parameters;
        }
        int hash = url.indexOf('#', q);
        for (String pair : url.substring(q + 1, hash < 0 ? url.length() : hash).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                parameters.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    /** RFC 7636 4.2: BASE64URL(SHA-256(verifier)), unpadded. */
    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 7636 4.1: 32 random octets, base64url: 43 characters (a load driver's, not a secret's, randomness). */
    private static String codeVerifier() {
        byte[] random = new byte[32];
        ThreadLocalRandom.current().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String state() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String unescape(String html) {
        return html.replace("&#34;", "\"").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&amp;", "&");
    }

    @Override
    public void close() {
        if (cognate != null) {
            cognate.close();
        }
        if (idp != null) {
            idp.close();
        }
    }
}
