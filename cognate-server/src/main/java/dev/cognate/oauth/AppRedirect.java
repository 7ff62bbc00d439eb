package dev.cognate.oauth;

import java.util.ArrayList;
import java.util.List;

/**
 * A redirect back to an app at its validated redirect URI, carrying the answer's parameters
 * and the request's {@code state}: in the query (added to any query the URI already has) or,
 * for the implicit flow, in the fragment (RFC 6749 4.1.2, 4.2.2).
 */
public record AppRedirect(String redirectUri, String state, boolean inFragment) {

    public String with(List<AuthorizeRequest.Parameter> parameters) {
        List<AuthorizeRequest.Parameter> all = new ArrayList<>(parameters);
        if (state != null) {
            all.add(new AuthorizeRequest.Parameter("state", state));
        }
        String encoded = AuthorizeRequest.encode(all);
        if (inFragment) {
            return redirectUri + "#" + encoded;
        }
        return redirectUri + (redirectUri.contains("?") ? "&" : "?") + encoded;
    }

    /** An OAuth error answer (RFC 6749 4.1.2.1). */
    public String error(String error, String description) {
        return with(List.of(new AuthorizeRequest.Parameter("error", error),
                new AuthorizeRequest.Parameter("error_description", description)));
    }
}
