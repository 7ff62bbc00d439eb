package dev.cognate.oauth.token;

/**
 * One grant type of the token endpoint. The client is already authenticated; the handler
 * parses the grant's own parameters, decides, and issues, or throws an {@link OAuthError}.
 */
public interface GrantHandler {
    /** The {@code grant_type} value this handler answers. */
    String grantType();

    IssuedTokens grant(AuthenticatedClient client, FormParameters form);
}
