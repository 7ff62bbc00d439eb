package dev.cognate.oauth.token;

/**
 * A refused request at the token, revocation or userInfo endpoint: the OAuth error code, a
 * description for the developer, the HTTP status, the {@code WWW-Authenticate} challenge when
 * one is due, and the spec section the refusal enforces (logged, never sent).
 */
final class OAuthError extends RuntimeException {
    final String error;
    final String description;
    final int status;
    final String challenge;
    final String spec;

    private OAuthError(String error, String description, int status, String challenge, String spec) {
        super(error + ": " + description, null, false, false);
        this.error = error;
        this.description = description;
        this.status = status;
        this.challenge = challenge;
        this.spec = spec;
    }

    static OAuthError invalidRequest(String description, String spec) {
        return new OAuthError("invalid_request", description, 400, null, spec);
    }

    static OAuthError bodyRefused(String description, int status) {
        return new OAuthError("invalid_request", description, status, null,
                status == 408 ? "RFC 9110 15.5.9" : "RFC 9110 15.5.14");
    }

    static OAuthError tooLarge(String description) {
        return new OAuthError("invalid_request", description, 413, null, "RFC 9110 15.5.14");
    }

    /**
     * RFC 6749 5.2: 401; a client that used HTTP Basic gets the Basic challenge back. Others get
     * none, so that a browser (a SPA calling the endpoint) never pops up a password dialog.
     */
    static OAuthError invalidClient(String description, boolean usedBasic) {
        return new OAuthError("invalid_client", description, 401, usedBasic ? "Basic realm=\"oauth2\"" : null,
                "RFC 6749 5.2");
    }

    static OAuthError invalidGrant(String description, String spec) {
        return new OAuthError("invalid_grant", description, 400, null, spec);
    }

    static OAuthError unauthorizedClient(String description) {
        return new OAuthError("unauthorized_client", description, 400, null, "RFC 6749 5.2");
    }

    static OAuthError unsupportedGrantType(String description) {
        return new OAuthError("unsupported_grant_type", description, 400, null, "RFC 6749 5.2");
    }

    static OAuthError invalidScope(String description) {
        return new OAuthError("invalid_scope", description, 400, null, "RFC 6749 5.2");
    }

    static OAuthError unsupportedTokenType(String description) {
        return new OAuthError("unsupported_token_type", description, 400, null, "RFC 7009 2.2.1");
    }

    /** RFC 6750 3.1: the challenge repeats the error so that clients reading only headers learn it. */
    static OAuthError invalidToken(String description) {
        return new OAuthError("invalid_token", description, 401,
                "Bearer error=\"invalid_token\", error_description=\"" + description + "\"", "RFC 6750 3.1");
    }

    static OAuthError insufficientScope(String description, String scope) {
        return new OAuthError("insufficient_scope", description, 403,
                "Bearer error=\"insufficient_scope\", error_description=\"" + description + "\", scope=\"" + scope + "\"",
                "RFC 6750 3.1");
    }

    /** RFC 6750 3.1: a request without any token gets a bare challenge, no error code in it. */
    static OAuthError missingToken(String description) {
        return new OAuthError("invalid_request", description, 401, "Bearer", "RFC 6750 3.1");
    }
}
