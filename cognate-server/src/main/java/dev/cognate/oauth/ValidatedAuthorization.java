package dev.cognate.oauth;

import dev.cognate.clients.AppClient;
import dev.cognate.pools.UserPool;
import java.util.Set;

/**
 * An authorization request that passed every check of {@link AuthorizeChecks}: the client,
 * its pool, the exactly registered redirect URI, and what was granted of what was asked.
 *
 * @param scopes           the scopes granted (requested, allowed for the client, and meaningful), in request order
 * @param prompt           the prompt values ({@code none}, {@code login}, {@code select_account}, {@code consent})
 * @param identityProvider the IdP chosen by {@code identity_provider} or {@code idp_identifier}, or null for none
 */
public record ValidatedAuthorization(
        AuthorizeRequest request,
        UserPool pool,
        AppClient client,
        String redirectUri,
        ResponseType responseType,
        Set<String> scopes,
        Set<String> prompt,
        String identityProvider) {

    public static final String COGNITO = "COGNITO";

    public String state() {
        return request.state();
    }

    public String nonce() {
        return request.nonce();
    }

    public String codeChallenge() {
        return request.codeChallenge();
    }

    /** Where answers and errors go back to the app: the redirect URI, in the query or (implicit) the fragment. */
    public AppRedirect reply() {
        return new AppRedirect(redirectUri, state(), responseType == ResponseType.TOKEN);
    }

    /** Whether an upstream IdP (not the pool's own users) was chosen. */
    public boolean choseUpstreamProvider() {
        return identityProvider != null && !identityProvider.equals(COGNITO);
    }
}
