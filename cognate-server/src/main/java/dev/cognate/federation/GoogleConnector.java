package dev.cognate.federation;

import dev.cognate.config.SocialEndpoints;
import dev.cognate.providers.IdentityProvider;
import dev.cognate.providers.OidcSettings;
import dev.cognate.providers.ProviderType;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sign-in through a pool's {@code Google} identity provider. Google is an OpenID provider, so the
 * provider is signed in through as the OIDC provider it amounts to (the {@link Connector} for
 * OIDC does the rest), with these choices:
 * <ul>
 *   <li>{@code openid} is always asked for with the provider's {@code authorize_scopes} (Cognito's
 *       examples give {@code profile email} alone): the identity is then a signed ID token,
 *       checked as any other, not only what the access token reads at userinfo;</li>
 *   <li>attributes are the ID token's and userinfo's claims ({@code sub}, {@code email},
 *       {@code email_verified}, {@code name}, {@code given_name}, {@code family_name},
 *       {@code picture}, {@code locale}, {@code hd}); the People API fields Cognito also maps
 *       ({@code birthdays}, {@code genders}, {@code phoneNumbers}) are not read;</li>
 *   <li>the client secret goes in the token request's body ({@code client_secret_post}, as
 *       Cognito's {@code token_request_method} POST), with PKCE;</li>
 *   <li>the endpoints are the node's ({@link SocialEndpoints.Google}), never the provider's: a pool's
 *       ProviderDetails cannot point Google sign-in somewhere else.</li>
 * </ul>
 */
public final class GoogleConnector implements Connector {
    private final Connector oidc;
    private final SocialEndpoints.Google endpoints;

    public GoogleConnector(Connector oidc, SocialEndpoints.Google endpoints) {
        this.oidc = oidc;
        this.endpoints = endpoints;
    }

    @Override
    public boolean supports(ProviderType type) {
        return type == ProviderType.GOOGLE;
    }

    @Override
    public boolean pkce(IdentityProvider provider) {
        return true;
    }

    @Override
    public URI loginUrl(IdentityProvider provider, Attempt attempt, Hints hints) throws IdpFailure {
        return oidc.loginUrl(asOidc(provider), attempt, hints);
    }

    @Override
    public boolean isIssuerOf(IdentityProvider provider, String issuer) {
        return GoogleIssuers.isGoogle(issuer);
    }

    @Override
    public Identity complete(IdentityProvider provider, Attempt attempt, Callback callback) throws IdpFailure {
        return oidc.complete(asOidc(provider), attempt, callback);
    }

    /** The OIDC provider a Google provider amounts to. */
    IdentityProvider asOidc(IdentityProvider google) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put(OidcSettings.CLIENT_ID, google.details().get(OidcSettings.CLIENT_ID));
        details.put(OidcSettings.AUTHORIZE_SCOPES, String.join(" ", OidcSettings.withOpenId(google.details().get(OidcSettings.AUTHORIZE_SCOPES))));
        details.put(OidcSettings.ATTRIBUTES_REQUEST_METHOD, "GET");
        details.put(OidcSettings.OIDC_ISSUER, SocialEndpoints.Google.ISSUER);
        details.put(OidcSettings.AUTHORIZE_URL, endpoints.authorization().toString());
        details.put(OidcSettings.TOKEN_URL, endpoints.token().toString());
        details.put(OidcSettings.ATTRIBUTES_URL, endpoints.userInfo().toString());
        details.put(OidcSettings.JWKS_URI, endpoints.jwks().toString());
        details.put(OidcSettings.TOKEN_ENDPOINT_AUTH_METHOD, OidcSettings.ClientAuthentication.CLIENT_SECRET_POST.value());
        return new IdentityProvider(google.poolId(), google.name(), ProviderType.OIDC, details, google.secrets(),
                google.attributeMapping(), google.idpIdentifiers(), google.acrMapping(), google.creationDate(),
                google.lastModifiedDate());
    }
}
