package dev.cognate.federation.oidc;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import dev.cognate.config.SocialEndpoints;
import dev.cognate.federation.Claims;
import dev.cognate.federation.Connector;
import dev.cognate.federation.Identity;
import dev.cognate.federation.IdpFailure;
import dev.cognate.providers.IdentityProvider;
import dev.cognate.providers.OidcSettings;
import dev.cognate.providers.ProviderType;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sign-in through an OAuth 2.0 provider that issues no ID token, whose profile endpoint says who
 * signed in: Cognito's {@code Facebook} and {@code LoginWithAmazon} types. The code is exchanged by
 * Cognate itself, a confidential client (RFC 6749 4.1.3, the secret in the body), so the access
 * token is this app's and the profile it reads is of the person who consented; the identity is
 * the provider's fixed issuer and the profile's id ({@code id}, {@code user_id}).
 * <ul>
 *   <li>Facebook: {@code api_version} (Cognito's key, {@code v17.0} unless given) in the Graph URLs;
 *       the profile asked for with {@code fields} = {@code id} and every attribute the provider's
 *       mapping names (Cognito's {@code attributes_url_add_attributes}), and
 *       {@code appsecret_proof} (Facebook's "Require App Secret" setting asks for it);</li>
 *   <li>Login with Amazon: PKCE S256; {@code /user/profile} ({@code user_id}, {@code name}, {@code email},
 *       {@code postal_code}).</li>
 * </ul>
 * The endpoints are the node's ({@link SocialEndpoints.Profile}), never the provider's.
 */
public final class ProfileConnector implements Connector {
    /** Cognito's key for Facebook's Graph API version. */
    public static final String API_VERSION = "api_version";
    public static final String DEFAULT_FACEBOOK_API_VERSION = "v17.0";
    public static final Pattern API_VERSION_FORMAT = Pattern.compile("v[0-9]{1,3}\\.[0-9]{1,3}");
    private static final Pattern FIELD = Pattern.compile("[a-z_]{1,64}");
    private static final int MAX_SUBJECT = 255;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What sets one provider apart. */
    public record Api(ProviderType type, String issuer, String idField, boolean fieldsFromMapping, boolean appSecretProof,
                      boolean pkce) {
        public static final Api FACEBOOK = new Api(ProviderType.FACEBOOK, "https://www.facebook.com", "id", true, true,
                false);
        /** Login with Amazon documents PKCE S256 for its authorization code grant. */
        public static final Api AMAZON = new Api(ProviderType.LOGIN_WITH_AMAZON, "https://www.amazon.com", "user_id",
                false, false, true);
    }

    private final OidcConnector oidc;
    private final Api api;
    private final SocialEndpoints.Profile endpoints;

    public ProfileConnector(OidcConnector oidc, Api api, SocialEndpoints.Profile endpoints) {
        this.oidc = oidc;
        this.api = api;
        this.endpoints = endpoints;
    }

    @Override
    public boolean supports(ProviderType type) {
        return type == api.type();
    }

    @Override
    public boolean pkce(IdentityProvider provider) {
        return api.pkce();
    }

    @Override
    public URI loginUrl(IdentityProvider provider, Attempt attempt, Hints hints) throws IdpFailure {
        List<String> scopes = OidcSettings.socialScopes(provider.details().get(OidcSettings.AUTHORIZE_SCOPES));
        AuthorizationRequest.Builder request = new AuthorizationRequest.Builder(ResponseType.CODE,
                new ClientID(clientId(provider)))
                .endpointURI(endpoint(endpoints.authorization(), provider))
                .redirectionURI(attempt.redirectUri())
                .scope(scopes.isEmpty() ? null : new Scope(scopes.toArray(String[]::new)))
                .state(new State(attempt.state()));
        if (attempt.codeVerifier() != null) {
            request.codeChallenge(new CodeVerifier(attempt.codeVerifier()), CodeChallengeMethod.S256);
        }
        return request.build().toURI();
    }

    @Override
    public boolean isIssuerOf(IdentityProvider provider, String issuer) {
        return api.issuer().equals(issuer);
    }

    @Override
    public Identity complete(IdentityProvider provider, Attempt attempt, Callback callback) throws IdpFailure {
        oidc.refuseFailedCallback(provider, callback);
        BearerAccessToken token = exchange(provider, attempt, callback.code());
        Map<String, Object> profile = profile(provider, token);
        Object id = profile.get(api.idField());
        if (!(id instanceof String || id instanceof Number) || id.toString().isBlank()
                || id.toString().length() > MAX_SUBJECT) {
            throw new IdpFailure(IdpFailure.Kind.INVALID_RESPONSE, provider.name() + "'s profile has no "
                    + api.idField() + " that identifies the user.");
        }
        return new Identity(api.issuer(), id.toString(), new Claims(profile), List.of());
    }

    private BearerAccessToken exchange(IdentityProvider provider, Attempt attempt, String code) throws IdpFailure {
        String name = provider.name();
        String secret = provider.secrets().clientSecret().orElseThrow(() -> new IdpFailure(
                IdpFailure.Kind.INVALID_RESPONSE, name + " has no client_secret to exchange the code with."));
        TokenRequest request = new TokenRequest(endpoint(endpoints.token(), provider),
                new ClientSecretPost(new ClientID(clientId(provider)), new Secret(secret)),
                new AuthorizationCodeGrant(new AuthorizationCode(code), attempt.redirectUri(),
                        attempt.codeVerifier() == null ? null : new CodeVerifier(attempt.codeVerifier())));
        HTTPResponse response = oidc.send(request.toHTTPRequest(), name + "'s token endpoint");
        TokenResponse parsed;
        try {
            parsed = TokenResponse.parse(response);
        } catch (ParseException e) {
            throw new IdpFailure(response.getStatusCode() == 200 ? IdpFailure.Kind.INVALID_RESPONSE : IdpFailure.Kind.IDP_ERROR,
                    name + "'s token endpoint answered " + (response.getStatusCode() == 200
                            ? "something that is not a token response." : "HTTP " + response.getStatusCode() + "."));
        }
        if (!parsed.indicatesSuccess()) {
            ErrorObject error = ((TokenErrorResponse) parsed).getErrorObject();
            String errorCode = error == null || error.getCode() == null ? "HTTP " + response.getStatusCode() : error.getCode();
            throw new IdpFailure(IdpFailure.Kind.IDP_ERROR, name + " refused the authorization code: "
                    + OidcConnector.clip(errorCode) + OidcConnector.describe(error == null ? null : error.getDescription()));
        }
        AccessToken token = parsed.toSuccessResponse().getTokens().getAccessToken();
        if (!(token instanceof BearerAccessToken bearer)) {
            throw new IdpFailure(IdpFailure.Kind.INVALID_RESPONSE, name + " issued a " + token.getType()
                    + " access token; Cognate reads profiles with Bearer tokens only.");
        }
        return bearer;
    }

    private Map<String, Object> profile(IdentityProvider provider, BearerAccessToken token) throws IdpFailure {
        String name = provider.name();
        List<String> query = new ArrayList<>();
        if (api.fieldsFromMapping()) {
            query.add("fields=" + encode(String.join(",", fields(provider))));
        }
        if (api.appSecretProof()) {
            query.add("appsecret_proof=" + appSecretProof(token.getValue(), provider.secrets().clientSecret().orElseThrow()));
        }
        URI base = endpoint(endpoints.profile(), provider);
        URI url = URI.create(base + (query.isEmpty() ? "" : (base.getRawQuery() == null ? "?" : "&") + String.join("&", query)));
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, url);
        request.setAuthorization(token.toAuthorizationHeader());
        HTTPResponse response = oidc.send(request, name + "'s profile endpoint");
        if (response.getStatusCode() != 200) {
            throw new IdpFailure(IdpFailure.Kind.IDP_ERROR, name + "'s profile endpoint answered HTTP "
                    + response.getStatusCode() + ".");
        }
        try {
            Map<String, Object> profile = JSON.readValue(response.getBody(), new TypeReference<>() {});
            if (profile == null) {
                throw new IllegalArgumentException("null");
            }
            return profile;
        } catch (Exception e) {
            throw new IdpFailure(IdpFailure.Kind.INVALID_RESPONSE, name + "'s profile endpoint answered something that "
                    + "is not a JSON object.");
        }
    }

    /** The id and every attribute the mapping reads from the provider, each once. */
    private List<String> fields(IdentityProvider provider) {
        List<String> fields = new ArrayList<>(List.of(api.idField()));
        for (String field : provider.attributeMapping().values()) {
            if (FIELD.matcher(field).matches() && !fields.contains(field)) {
                fields.add(field);
            }
        }
        return fields;
    }

    /** Facebook's proof that the caller holds the app secret: HMAC-SHA256 of the token, hex. */
    static String appSecretProof(String accessToken, String appSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(accessToken.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private URI endpoint(String url, IdentityProvider provider) throws IdpFailure {
        String version = provider.details().getOrDefault(API_VERSION, DEFAULT_FACEBOOK_API_VERSION);
        if (!API_VERSION_FORMAT.matcher(version).matches()) {
            throw new IdpFailure(IdpFailure.Kind.INVALID_RESPONSE, provider.name() + "'s api_version is not a version "
                    + "such as v17.0.");
        }
        return SocialEndpoints.Profile.resolve(url, version);
    }

    private static String clientId(IdentityProvider provider) {
        return provider.details().get(OidcSettings.CLIENT_ID);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
