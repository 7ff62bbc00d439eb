package dev.cognate.devidp.oauth;

import dev.cognate.devidp.directory.Application;
import java.util.Set;

/** An authorization request that passed every check: only such a request leads to a sign-in page or a redirect. */
record AuthorizeRequest(Authority authority, Application application, String redirectUri, Set<String> responseType,
                        ResponseMode responseMode, Scopes scopes, String state, String nonce, Prompt prompt,
                        String loginHint, String codeChallenge, String codeChallengeMethod) {

    enum ResponseMode {
        QUERY, FRAGMENT, FORM_POST;

        static ResponseMode parse(String value) {
            return switch (value) {
                case "query" -> QUERY;
                case "fragment" -> FRAGMENT;
                case "form_post" -> FORM_POST;
                default -> null;
            };
        }
    }

    enum Prompt { DEFAULT, NONE, LOGIN, CONSENT, SELECT_ACCOUNT }

    boolean wantsCode() {
        return responseType.contains("code");
    }

    boolean wantsIdToken() {
        return responseType.contains("id_token");
    }

    boolean wantsAccessToken() {
        return responseType.contains("token");
    }
}
