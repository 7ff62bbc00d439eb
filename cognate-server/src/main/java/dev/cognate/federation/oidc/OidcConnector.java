package dev.cognate.federation.oidc;

import dev.cognate.config.SocialEndpoints;
import dev.cognate.federation.EntraIssuers;
import dev.cognate.federation.GoogleIssuers;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.UserInfoErrorResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.UserInfoSuccessResponse;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import dev.cognate.federation.Claims;
import dev.cognate.federation.Connector;
import dev.cognate.federation.Identity;
import dev.cognate.federation.IdpFailure;
import dev.cognate.providers.IdentityProvider;
import dev.cognate.providers.IssuerDiscovery;
import dev.cognate.providers.OidcSettings;
import dev.cognate.providers.ProviderType;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generic OpenID Connect connector (authorization code flow, Nimbus OAuth 2.0 SDK), with
 * Entra's issuer rules where the issuer is Entra-shaped ({@link EntraIssuers}):
 * <ul>
 *   <li>login: our state and nonce, PKCE S256 unless the provider sets {@code pkce=false},
 *       {@code authorize_scopes}, and only {@code prompt=select_account|consent} and
 *       {@code login_hint} passed through;</li>
 *   <li>callback: the IdP's error (its code and the first line of its description, e.g. an
 *       AADSTS code), else the code exchanged with the configured client authentication,
 *       the ID token validated ({@link IdTokenValidation}), then userinfo by GET or POST
 *       ({@code attributes_request_method}) when the IdP has a userinfo endpoint, whose
 *       {@code sub} must be the ID token's;</li>
 *   <li>identity: the ID token's {@code iss} and {@code sub}; for Entra {@code iss} (which
 *       carries the {@code tid}) and {@code oid}, the user's immutable id in the tenant; for
 *       Google its issuer in one form ({@link GoogleIssuers}).</li>
 * </ul>
 * Every call to the IdP is bounded ({@link IdpHttp}); the IdP's tokens are not stored.
 */
public final class OidcConnector implements Connector {
    private static final Logger LOG = LoggerFactory.getLogger(OidcConnector.class);
    private static final Set<String> PASSED_PROMPTS = Set.of("select_account", "consent");
    private static final int MAX_LOGIN_HINT = 256;
    private static final int MAX_SUBJECT = 255;
    private static final int MAX_ISSUER = 512;
    private static final int MAX_GROUP = 256;
    private static final int MAX_GROUPS = 500;
    private static final int MAX_DESCRIPTION = 300;

    private final IdpHttp http;
    private final IssuerDiscovery discovery;
    private final IdTokenValidation idTokens;
    private final TokenEndpointAuth clientAuth;

    public OidcConnector(IdpHttp http, IssuerDiscovery discovery, Clock clock) {
        this.http = http;
        this.discovery = discovery;
        this.idTokens = new IdTokenValidation(new ProviderKeys(http, clock), clock);
        this.clientAuth = new TokenEndpointAuth(clock);
    }

    @Override
    public boolean supports(ProviderType type) {
        return type == ProviderType.OIDC;
    }

    @Override
    public boolean pkce(IdentityProvider provider) {
        return provider.oidc().pkce();
    }

    @Override
    public URI loginUrl(IdentityProvider provider, Attempt attempt, Hints hints) throws IdpFailure {
        OidcSettings settings = provider.oidc();
        return loginUrl(settings, OidcEndpoints.of(provider, settings, discovery), attempt, hints, null);
    }

    /** @param responseMode how the IdP is asked to answer (RFC 6749 4.1.2 when null: a redirect with a query) */
    URI loginUrl(OidcSettings settings, OidcEndpoints endpoints, Attempt attempt, Hints hints, ResponseMode responseMode) {
        AuthenticationRequest.Builder request = new AuthenticationRequest.Builder(ResponseType.CODE,
                new Scope(settings.authorizeScopes().toArray(String[]::new)), new ClientID(settings.clientId()),
                attempt.redirectUri())
                .endpointURI(endpoints.authorization())
                .state(new State(attempt.state()))
                .nonce(new Nonce(attempt.nonce()));
        if (responseMode != null) {
            request.responseMode(responseMode);
        }
        if (attempt.codeVerifier() != null) {
            request.codeChallenge(new CodeVerifier(attempt.codeVerifier()), CodeChallengeMethod.S256);
        }
        if (hints.prompt() != null) {
            List<String> passed = List.of(hints.prompt().split(" ")).stream().filter(PASSED_PROMPTS::contains).toList();
            if (!passed.isEmpty()) {
                try {
                    request.prompt(Prompt.parse(String.join(" ", passed)));
                } catch (ParseException e) {
                    // select_account and consent always parse; nothing to pass otherwise
                }
            }
        }
        if (hints.loginHint() != null && !hints.loginHint().isBlank() && hints.loginHint().length() <= MAX_LOGIN_HINT) {
            request.loginHint(hints.loginHint());
        }
        return request.build().toURI();
    }

    @Override
    public boolean isIssuerOf(IdentityProvider provider, String issuer) {
        String configured = provider.details().get(OidcSettings.OIDC_ISSUER);
        if (configured.equals(issuer) || GoogleIssuers.isGoogle(configured) && GoogleIssuers.isGoogle(issuer)) {
            return true;
        }
        return EntraIssuers.multiTenantTemplate(configured).map(template -> {
            int at = template.indexOf(EntraIssuers.TENANT_PLACEHOLDER);
            String prefix = template.substring(0, at);
            String suffix = template.substring(at + EntraIssuers.TENANT_PLACEHOLDER.length());
            return issuer.startsWith(prefix) && issuer.endsWith(suffix) && issuer.length() > prefix.length() + suffix.length()
                    && EntraIssuers.isTenantId(issuer.substring(prefix.length(), issuer.length() - suffix.length()));
        }).orElse(false);
    }

    @Override
    public Identity complete(IdentityProvider provider, Attempt attempt, Callback callback) throws IdpFailure {
        refuseFailedCallback(provider, callback);
        OidcSettings settings = provider.oidc();
        return prove(provider, settings, OidcEndpoints.of(provider, settings, discovery), attempt, callback.code());
    }

    /** The IdP's error, or an answer without a code, as the failure it is. */
    void refuseFailedCallback(IdentityProvider provider, Callback callback) throws IdpFailure {
        String name = provider.name();
        if (callback.error() != null) {
            throw new IdpFailure(IdpFailure.Kind.IDP_ERROR, name + " answered " + clip(callback.error())
                    + describe(callback.errorDescription()));
        }
        if (callback.code() == null || callback.code().isBlank()) {
            throw new IdpFailure(IdpFailure.Kind.INVALID_RESPONSE, name + " answered without an authorization code.");
        }
    }

    /**
     * The code exchanged, the ID token validated and userinfo read where the IdP has it: who signed in.
     * {@code provider}'s details must name the issuer ({@code oidc_issuer}) and its secrets the client's.
     */
    Identity prove(IdentityProvider provider, OidcSettings settings, OidcEndpoints endpoints, Attempt attempt,
                   String code) throws IdpFailure {
        OIDCTokenResponse tokens = exchange(provider, settings, endpoints, attempt, code);
        JWT idToken = tokens.getOIDCTokens().getIDToken();
        JWTClaimsSet verified = idTokens.validate(provider, settings, endpoints, idToken, attempt.nonce());
        Claims claims = new Claims(verified.toJSONObject());
        if (endpoints.userInfoEndpoint().isPresent()) {
            claims = claims.with(userInfo(provider, settings, endpoints.userInfo(), tokens.getOIDCTokens().getAccessToken(),
                    verified.getSubject()));
        }
        return identity(provider, settings, verified, claims);
    }

    private OIDCTokenResponse exchange(IdentityProvider provider, OidcSettings settings, OidcEndpoints endpoints,
                                       Attempt attempt, String code) throws IdpFailure {
        String name = provider.name();
        CodeVerifier verifier = attempt.codeVerifier() == null ? null : new CodeVerifier(attempt.codeVerifier());
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), attempt.redirectUri(), verifier);
        ClientAuthentication authentication = clientAuth.of(provider, settings, endpoints.token());
        TokenRequest request = authentication == null
                ? new TokenRequest(endpoints.token(), new ClientID(settings.clientId()), grant)
                : new TokenRequest(endpoints.token(), authentication, grant);
        HTTPResponse response = send(request.toHTTPRequest(), name + "'s token endpoint");
        TokenResponse parsed;
        try {
            parsed = OIDCTokenResponseParser.parse(response);
        } catch (ParseException e) {
            if (response.getStatusCode() != 200) {
                throw new IdpFailure(IdpFailure.Kind.IDP_ERROR, name + "'s token endpoint answered HTTP "
                        + response.getStatusCode() + ".");
            }
            throw new IdpFailure(IdpFailure.Kind.INVALID_RESPONSE, name + "'s token endpoint answered something that is "
                    + "not a token response with an ID token: " + clip(e.getMessage()));
        }
        if (!parsed.indicatesSuccess()) {
            ErrorObject error = ((TokenErrorResponse) parsed).getErrorObject();
            String errorCode = error == null || error.getCode() == null ? "HTTP " + response.getStatusCode() : error.getCode();
            throw new IdpFailure(IdpFailure.Kind.IDP_ERROR, name + " refused the authorization code: " + clip(errorCode)
                    + describe(error == null ? null : error.getDescription()));
        }
        if (!(parsed instanceof OIDCTokenResponse oidc) || oidc.getOIDCTokens().getIDToken() == null) {
            throw new IdpFailure(IdpFailure.Kind.INVALID_RESPONSE, name + "'s token endpoint answered without an ID token "
                    + "(is openid among authorize_scopes?).");
        }
        return oidc;
    }

    private java.util.Map<String, Object> userInfo(IdentityProvider provider, OidcSettings settings, URI endpoint,
                                                   AccessToken accessToken, String subject) throws IdpFailure {
        String name = provider.name();
        if (!(accessToken instanceof BearerAccessToken bearer)) {
            throw new IdpFailure(IdpFailure.Kind.INVALID_RESPONSE, name + " issued a " + accessToken.getType()
                    + " access token; Cognate reads userinfo with Bearer tokens only.");
        }
        HTTPRequest request = new UserInfoRequest(endpoint, bearer).toHTTPRequest();
        if (settings.attributesRequestMethod().equals("POST")) {
            // The token stays in the Authorization header (RFC 6750 2.1), as for GET; the body is empty.
            request = new HTTPRequest(HTTPRequest.Method.POST, endpoint);
            request.setAuthorization(bearer.toAuthorizationHeader());
            request.setEntityContentType(com.nimbusds.common.contenttype.ContentType.APPLICATION_URLENCODED);
            request.setBody("");
        }
        HTTPResponse response = send(request, name + "'s userinfo endpoint");
        UserInfoResponse parsed;
        try {
            parsed = UserInfoResponse.parse(response);
        } catch (ParseException e) {
            throw new IdpFailure(response.getStatusCode() == 200 ? IdpFailure.Kind.INVALID_RESPONSE : IdpFailure.Kind.IDP_ERROR,
                    name + "'s userinfo endpoint answered " + (response.getStatusCode() == 200
                            ? "something that is not userinfo JSON." : "HTTP " + response.getStatusCode() + "."));
        }
        if (!parsed.indicatesSuccess()) {
            ErrorObject error = ((UserInfoErrorResponse) parsed).getErrorObject();
            String code = error == null || error.getCode() == null ? "HTTP " + response.getStatusCode() : error.getCode();
            throw new IdpFailure(IdpFailure.Kind.IDP_ERROR, name + "'s userinfo endpoint refused the access token: "
                    + clip(code) + describe(error == null ? null : error.getDescription()));
        }
        UserInfo info = ((UserInfoSuccessResponse) parsed).getUserInfo();
        if (info == null) {
            throw new IdpFailure(IdpFailure.Kind.INVALID_RESPONSE, name + "'s userinfo endpoint answered a signed or "
                    + "encrypted JWT, which Cognate does not read.");
        }
        if (info.getSubject() == null || !info.getSubject().getValue().equals(subject)) {
            throw new IdpFailure(IdpFailure.Kind.INVALID_TOKEN, name + "'s userinfo is about another subject than its "
                    + "ID token, so neither can be trusted.");
        }
        return info.toJSONObject();
    }

    private Identity identity(IdentityProvider provider, OidcSettings settings, JWTClaimsSet verified, Claims claims)
            throws IdpFailure {
        String name = provider.name();
        String issuer = GoogleIssuers.isGoogle(verified.getIssuer()) ? SocialEndpoints.Google.ISSUER : verified.getIssuer();
        String subject = verified.getSubject();
        if (EntraIssuers.isEntra(settings.issuer().toString())) {
            Object oid = verified.getClaim("oid");
            if (!(oid instanceof String s) || s.isBlank()) {
                throw new IdpFailure(IdpFailure.Kind.INVALID_TOKEN, name + "'s ID token has no oid claim, which "
                        + "identifies an Entra user.");
            }
            subject = s;
        }
        if (subject.length() > MAX_SUBJECT || issuer.length() > MAX_ISSUER) {
            throw new IdpFailure(IdpFailure.Kind.INVALID_TOKEN, name + "'s ID token has a subject or issuer longer than "
                    + "OpenID Connect allows.");
        }
        return new Identity(issuer, subject, claims, groups(name, settings, claims));
    }

    private static List<String> groups(String providerName, OidcSettings settings, Claims claims) {
        if (settings.groupsClaimName().isEmpty()) {
            return List.of();
        }
        String claim = settings.groupsClaimName().get();
        if (claims.isDistributed(claim)) {
            LOG.warn("{} sent no {} claim but a reference to fetch it from (group overage: the user is in more than "
                    + "200 groups); Cognate does not call the IdP's directory, so the user's IdP groups are left empty",
                    providerName, claim);
            return List.of();
        }
        List<String> groups = claims.strings(claim).stream().filter(g -> !g.isBlank() && g.length() <= MAX_GROUP).toList();
        if (groups.size() > MAX_GROUPS) {
            LOG.warn("{} put the user in {} groups; Cognate keeps the first {}", providerName, groups.size(), MAX_GROUPS);
            return groups.subList(0, MAX_GROUPS);
        }
        return groups;
    }

    HTTPResponse send(HTTPRequest request, String what) throws IdpFailure {
        try {
            return request.send(http.nimbusSender());
        } catch (IdpHttp.IdpUnreachableException e) {
            throw new IdpFailure(IdpFailure.Kind.IDP_UNREACHABLE, e.getMessage() + ".");
        } catch (IOException e) {
            throw new IdpFailure(IdpFailure.Kind.IDP_UNREACHABLE, what + " could not be reached (" + e.getMessage() + ").");
        }
    }

    /** ": <first line of the IdP's description>", clipped; Entra's trace and correlation ids are left out. */
    static String describe(String description) {
        if (description == null || description.isBlank()) {
            return ".";
        }
        String firstLine = description.strip().lines().findFirst().orElse("").strip();
        return ": " + clip(firstLine) + (firstLine.endsWith(".") ? "" : ".");
    }

    static String clip(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", " ");
        return printable.length() <= MAX_DESCRIPTION ? printable : printable.substring(0, MAX_DESCRIPTION) + "...";
    }

}
