package dev.cognate.federation;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An app's authorization request that passed every check of {@code /oauth2/authorize} and now
 * waits for the user to come back from an upstream IdP: what the answer to the app is bound to
 * (client, the exactly registered redirect URI, the app's state, the granted scopes, nonce,
 * PKCE challenge) and how it is answered.
 *
 * @param responseType {@code code}, or {@code token} for the implicit flow (answer in the fragment)
 * @param scopes       the scopes granted, in request order
 */
public record PendingAuthorization(
        String poolId,
        String clientId,
        String redirectUri,
        String state,
        Set<String> scopes,
        String nonce,
        String codeChallenge,
        String responseType) {

    public static final String CODE = "code";
    public static final String TOKEN = "token";

    public PendingAuthorization {
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(responseType, "responseType");
        if (!responseType.equals(CODE) && !responseType.equals(TOKEN)) {
            throw new IllegalArgumentException("responseType must be code or token: " + responseType);
        }
        scopes = scopes == null ? Set.of() : java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(scopes));
    }

    /** The redirect that answers the app with these parameters (and its state), in the query or the fragment. */
    public String answer(Map<String, String> parameters) {
        Map<String, String> all = new LinkedHashMap<>(parameters);
        if (state != null) {
            all.put("state", state);
        }
        List<String> pairs = new ArrayList<>();
        all.forEach((name, value) -> pairs.add(encode(name) + "=" + encode(value)));
        String encoded = String.join("&", pairs);
        if (responseType.equals(TOKEN)) {
            return redirectUri + "#" + encoded;
        }
        return redirectUri + (redirectUri.contains("?") ? "&" : "?") + encoded;
    }

    /** An OAuth error answer (RFC 6749 4.1.2.1). */
    public String error(String error, String description) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("error", error);
        parameters.put("error_description", description);
        return answer(parameters);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
