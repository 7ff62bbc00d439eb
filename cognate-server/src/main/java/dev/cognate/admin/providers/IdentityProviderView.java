package dev.cognate.admin.providers;

import dev.cognate.providers.IdentityProvider;
import dev.cognate.providers.OidcMetadata;
import dev.cognate.providers.OidcSettings;
import dev.cognate.providers.ProviderDetailRules;
import dev.cognate.providers.ProviderType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AWS IdentityProviderType as Create/Describe/Update/GetIdentityProviderByIdentifier answer it.
 * As AWS, ProviderDetails carries the client secret and, for an OIDC provider whose issuer was
 * discovered, the endpoint URLs the discovery document gave; unlike any AWS key, a private key
 * is never answered.
 */
record IdentityProviderView(
        String userPoolId,
        String providerName,
        String providerType,
        Map<String, String> providerDetails,
        Map<String, String> attributeMapping,
        List<String> idpIdentifiers,
        Map<String, String> acrMapping,
        Instant lastModifiedDate,
        Instant creationDate) {

    /**
     * The keys Cognito fills in for a Google provider, with Cognito's values, so that a Terraform
     * or CloudFormation template written against Cognito sees no change. Cognate signs in with
     * the node's Google endpoints ({@code GoogleConnector}), whatever these say.
     */
    private static final Map<String, String> GOOGLE_FILLED = Map.of(
            OidcSettings.AUTHORIZE_URL, "https://accounts.google.com/o/oauth2/v2/auth",
            OidcSettings.TOKEN_URL, "https://www.googleapis.com/oauth2/v4/token",
            OidcSettings.ATTRIBUTES_URL, "https://people.googleapis.com/v1/people/me?personFields=",
            ProviderDetailRules.ATTRIBUTES_URL_ADD_ATTRIBUTES, "true",
            OidcSettings.OIDC_ISSUER, "https://accounts.google.com",
            "token_request_method", "POST");

    /** The same for Sign in with Apple ({@code AppleConnector}). */
    private static final Map<String, String> APPLE_FILLED = Map.of(
            OidcSettings.AUTHORIZE_URL, "https://appleid.apple.com/auth/authorize",
            OidcSettings.TOKEN_URL, "https://appleid.apple.com/auth/token",
            OidcSettings.OIDC_ISSUER, "https://appleid.apple.com",
            ProviderDetailRules.ATTRIBUTES_URL_ADD_ATTRIBUTES, "false",
            "token_request_method", "POST");

    /** The same for Facebook, its Graph API version put in ({@code ProfileConnector}). */
    private static final Map<String, String> FACEBOOK_FILLED = Map.of(
            OidcSettings.AUTHORIZE_URL, "https://www.facebook.com/{api_version}/dialog/oauth",
            OidcSettings.TOKEN_URL, "https://graph.facebook.com/{api_version}/oauth/access_token",
            OidcSettings.ATTRIBUTES_URL, "https://graph.facebook.com/{api_version}/me?fields=",
            ProviderDetailRules.ATTRIBUTES_URL_ADD_ATTRIBUTES, "true",
            "token_request_method", "GET");

    /** The same for Login with Amazon. */
    private static final Map<String, String> AMAZON_FILLED = Map.of(
            OidcSettings.AUTHORIZE_URL, "https://www.amazon.com/ap/oa",
            OidcSettings.TOKEN_URL, "https://api.amazon.com/auth/o2/token",
            OidcSettings.ATTRIBUTES_URL, "https://api.amazon.com/user/profile",
            ProviderDetailRules.ATTRIBUTES_URL_ADD_ATTRIBUTES, "false",
            "token_request_method", "POST");

    static IdentityProviderView of(IdentityProvider p) {
        Map<String, String> details = new LinkedHashMap<>(p.details());
        p.secrets().clientSecret().ifPresent(secret -> details.put("client_secret", secret));
        if (p.type() == ProviderType.OIDC) {
            p.discoveredMetadata().ifPresent(filled -> discoveredUrls(filled).forEach(details::putIfAbsent));
            details.put(ProviderDetailRules.ATTRIBUTES_URL_ADD_ATTRIBUTES, "false");
        }
        if (p.type() == ProviderType.GOOGLE) {
            details.putAll(GOOGLE_FILLED);
        }
        if (p.type() == ProviderType.SIGN_IN_WITH_APPLE) {
            details.putAll(APPLE_FILLED);
        }
        if (p.type() == ProviderType.FACEBOOK) {
            String version = p.details().getOrDefault("api_version", "v17.0");
            FACEBOOK_FILLED.forEach((key, value) -> details.put(key, value.replace("{api_version}", version)));
        }
        if (p.type() == ProviderType.LOGIN_WITH_AMAZON) {
            details.putAll(AMAZON_FILLED);
        }
        return new IdentityProviderView(p.poolId(), p.name(), p.type().awsName(), details, p.attributeMapping(),
                p.idpIdentifiers(), p.acrMapping(), p.lastModifiedDate(), p.creationDate());
    }

    /** The URL keys AWS fills in from a discovery document. */
    static Map<String, String> discoveredUrls(OidcMetadata filled) {
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put(OidcSettings.AUTHORIZE_URL, filled.authorizationEndpoint().toString());
        urls.put(OidcSettings.TOKEN_URL, filled.tokenEndpoint().toString());
        filled.userInfo().ifPresent(u -> urls.put(OidcSettings.ATTRIBUTES_URL, u.toString()));
        urls.put(OidcSettings.JWKS_URI, filled.jwksUri().toString());
        return urls;
    }
}
