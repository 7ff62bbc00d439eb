package dev.cognate.oauth.token;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * What a request presented to identify its client: HTTP Basic ({@code client_secret_basic}),
 * {@code client_id} + {@code client_secret} in the body ({@code client_secret_post}), or a
 * bare {@code client_id} (a public client). Using two methods at once is refused (RFC 6749 2.3).
 */
record ClientCredentials(String clientId, String secret, Method method) {
    enum Method { BASIC, POST, NONE }

    @Override
    public String toString() {
        return "ClientCredentials[clientId=" + clientId + ", method=" + method + "]";
    }

    boolean usedBasic() {
        return method == Method.BASIC;
    }

    static ClientCredentials from(String authorization, FormParameters form) {
        Optional<String> formId = form.optional("client_id");
        Optional<String> formSecret = form.optional("client_secret");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            if (formSecret.isPresent()) {
                throw OAuthError.invalidRequest("Use one client authentication method: HTTP Basic or client_secret in "
                        + "the body, not both.", "RFC 6749 2.3");
            }
            ClientCredentials basic = basic(authorization.substring(6).trim());
            if (formId.isPresent() && !formId.get().equals(basic.clientId())) {
                throw OAuthError.invalidRequest("client_id in the body differs from the client in the Authorization header.",
                        "RFC 6749 2.3.1");
            }
            return basic;
        }
        String clientId = formId.orElseThrow(() -> OAuthError.invalidClient(
                "No client authentication: send HTTP Basic or client_id.", false));
        return formSecret.map(secret -> new ClientCredentials(clientId, secret, Method.POST))
                .orElseGet(() -> new ClientCredentials(clientId, null, Method.NONE));
    }

    /** RFC 6749 2.3.1: base64 of {@code urlencode(id):urlencode(secret)}. */
    private static ClientCredentials basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidClient("The Authorization header is not valid HTTP Basic.", true);
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw OAuthError.invalidClient("The Authorization header is not valid HTTP Basic.", true);
        }
        try {
            String id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            String secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            return new ClientCredentials(id, secret.isEmpty() ? null : secret, Method.BASIC);
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidClient("The Authorization header is not valid HTTP Basic.", true);
        }
    }

}
