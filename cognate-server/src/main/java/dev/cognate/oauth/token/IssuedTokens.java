package dev.cognate.oauth.token;

import dev.cognate.tokens.TokenIssuer.TokenSet;

/** The successful token response (RFC 6749 5.1); absent tokens are left out of the JSON. */
record IssuedTokens(String accessToken, String idToken, String refreshToken, String tokenType, long expiresIn) {

    static IssuedTokens of(TokenSet tokens) {
        return new IssuedTokens(tokens.accessToken(), tokens.idToken(), tokens.refreshToken(), "Bearer", tokens.expiresIn());
    }

    static IssuedTokens accessOnly(String accessToken, long expiresIn) {
        return new IssuedTokens(accessToken, null, null, "Bearer", expiresIn);
    }

    @Override
    public String toString() {
        return "IssuedTokens[expiresIn=" + expiresIn + "]";
    }
}
