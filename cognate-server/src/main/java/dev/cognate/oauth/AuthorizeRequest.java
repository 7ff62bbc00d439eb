package dev.cognate.oauth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The parameters of an authorization request as the browser sent them, before any check.
 * Empty values count as absent (RFC 6749 3.1). Parameters Cognate does not use are left
 * out, so that nothing unchecked travels on to {@code /login} or back to the app.
 *
 * @param repeated  names of parameters that were sent more than once (RFC 6749 3.1: not allowed)
 * @param oversized names of parameters longer than {@link #MAX_VALUE_LENGTH}
 */
public record AuthorizeRequest(
        String responseType,
        String clientId,
        String redirectUri,
        String state,
        String scope,
        String identityProvider,
        String idpIdentifier,
        String nonce,
        String codeChallenge,
        String codeChallengeMethod,
        String prompt,
        String loginHint,
        Set<String> repeated,
        Set<String> oversized) {

    public static final int MAX_VALUE_LENGTH = 2048;

    /** The parameter names, in the order they are written back out. */
    static final List<String> NAMES = List.of("response_type", "client_id", "redirect_uri", "state", "scope",
            "identity_provider", "idp_identifier", "nonce", "code_challenge", "code_challenge_method", "prompt",
            "login_hint");

    public AuthorizeRequest {
        repeated = Set.copyOf(repeated);
        oversized = Set.copyOf(oversized);
    }

    /** Reads the request from a query or form parameter map. */
    public static AuthorizeRequest from(Map<String, List<String>> parameters) {
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> repeated = new TreeSet<>();
        Set<String> oversized = new TreeSet<>();
        for (String name : NAMES) {
            List<String> given = parameters.getOrDefault(name, List.of()).stream()
                    .filter(v -> v != null && !v.isEmpty())
                    .toList();
            if (given.isEmpty()) {
                continue;
            }
            if (given.size() > 1) {
                repeated.add(name);
            }
            String value = given.getFirst();
            if (value.length() > MAX_VALUE_LENGTH) {
                oversized.add(name);
                continue;
            }
            values.put(name, value);
        }
        return new AuthorizeRequest(values.get("response_type"), values.get("client_id"), values.get("redirect_uri"),
                values.get("state"), values.get("scope"), values.get("identity_provider"), values.get("idp_identifier"),
                values.get("nonce"), values.get("code_challenge"), values.get("code_challenge_method"),
                values.get("prompt"), values.get("login_hint"), repeated, oversized);
    }

    /** One parameter, as written to a URL or a hidden form field. */
    public record Parameter(String name, String value) {}

    /** The present parameters in a fixed order. */
    public List<Parameter> parameters() {
        String[] values = {responseType, clientId, redirectUri, state, scope, identityProvider, idpIdentifier, nonce,
                codeChallenge, codeChallengeMethod, prompt, loginHint};
        List<Parameter> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                out.add(new Parameter(NAMES.get(i), values[i]));
            }
        }
        return out;
    }

    /** This request without an IdP choice (the sign-in page offers every IdP itself). */
    public AuthorizeRequest withoutIdentityProvider() {
        return new AuthorizeRequest(responseType, clientId, redirectUri, state, scope, null, null, nonce, codeChallenge,
                codeChallengeMethod, prompt, loginHint, repeated, oversized);
    }

    /** This request choosing the identity provider {@code name}. */
    public AuthorizeRequest withIdentityProvider(String name) {
        return new AuthorizeRequest(responseType, clientId, redirectUri, state, scope, name, null, nonce, codeChallenge,
                codeChallengeMethod, prompt, loginHint, repeated, oversized);
    }

    /** The parameters as a URL query string (without the {@code ?}). */
    public String queryString() {
        return encode(parameters());
    }

    /** {@code name=value&...}, percent-encoded (spaces as {@code %20}). */
    public static String encode(List<Parameter> parameters) {
        UnaryOperator<String> enc = v -> URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
        StringBuilder sb = new StringBuilder();
        for (Parameter p : parameters) {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(enc.apply(p.name())).append('=').append(enc.apply(p.value()));
        }
        return sb.toString();
    }
}
