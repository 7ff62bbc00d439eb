package dev.cognate.demo.app;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The demo app's side of OpenID Connect, all through the Nimbus OAuth 2.0 SDK: Cognate's discovery document, the
 * authorization request (state, nonce, PKCE S256), the code redeemed at the token endpoint with the client secret,
 * the ID token validated against the pool's JWKS (signature, issuer, audience, expiry, nonce), and userInfo.
 */
public final class CognateRelyingParty {
    private static final int TIMEOUT_MS = 5_000;

    private final OIDCProviderMetadata provider;
    private final ClientID clientId;
    private final Secret clientSecret;
    private final URI callback;
    private final URI signOutLanding;
    private final String cognateBase;
    private final IDTokenValidator validator;

    /** What one sign-in started: kept by the app's session until the callback. */
    public record Pending(State state, Nonce nonce, CodeVerifier verifier) {
        public static Pending fresh() {
            return new Pending(new State(), new Nonce(), new CodeVerifier());
        }
    }

    /** The signed-in user as the app knows them: the validated ID token's claims and userInfo's attributes. */
    public record SignedIn(Map<String, Object> idTokenClaims, Map<String, Object> userInfo) {
        public String username() {
            return String.valueOf(idTokenClaims.get("cognito:username"));
        }
    }

    /** A sign-in that cannot be completed, with a message for the page. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    private CognateRelyingParty(OIDCProviderMetadata provider, ClientID clientId, Secret clientSecret, URI callback,
                                URI signOutLanding, String cognateBase) throws IOException {
        this.provider = provider;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.callback = callback;
        this.signOutLanding = signOutLanding;
        this.cognateBase = cognateBase;
        this.validator = new IDTokenValidator(provider.getIssuer(), clientId, JWSAlgorithm.RS256, provider.getJWKSetURI().toURL());
    }

    /**
     * Reads the pool's discovery document ({@code <issuer>/.well-known/openid-configuration}).
     *
     * @param cognateBase Cognate's base URL, for {@code /logout} (Cognito's discovery document does not name it)
     */
    public static CognateRelyingParty discover(String issuer, String clientId, String clientSecret, URI callback,
                                               URI signOutLanding, String cognateBase) {
        try {
            OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(new Issuer(issuer), TIMEOUT_MS, TIMEOUT_MS);
            return new CognateRelyingParty(metadata, new ClientID(clientId), new Secret(clientSecret), callback,
                    signOutLanding, cognateBase);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the discovery document of " + issuer, e);
        } catch (GeneralException e) {
            throw new IllegalStateException("the discovery document of " + issuer + " is not valid: " + e.getMessage(), e);
        }
    }

    /** The authorization request that starts {@code pending}: Cognate's hosted page lets the user pick how to sign in. */
    public URI authorizationRequest(Pending pending) {
        return new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid", "profile", "email"), clientId, callback)
                .endpointURI(provider.getAuthorizationEndpointURI())
                .state(pending.state())
                .nonce(pending.nonce())
                .codeChallenge(pending.verifier(), CodeChallengeMethod.S256)
                .build().toURI();
    }

    /** Redeems the code of {@code pending}'s sign-in, validates the ID token, and reads userInfo. */
    public SignedIn redeem(String code, Pending pending) throws Refused {
        try {
            TokenRequest request = new TokenRequest(provider.getTokenEndpointURI(), new ClientSecretBasic(clientId, clientSecret),
                    new AuthorizationCodeGrant(new AuthorizationCode(code), callback, pending.verifier()));
            TokenResponse response = OIDCTokenResponseParser.parse(timed(request.toHTTPRequest()).send());
            if (!response.indicatesSuccess()) {
                var error = response.toErrorResponse().getErrorObject();
                throw new Refused("Cognate's token endpoint refused the code: " + error.getCode()
                        + (error.getDescription() == null ? "" : " (" + error.getDescription() + ")"));
            }
            OIDCTokens tokens = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
            IDTokenClaimsSet claims = validator.validate(tokens.getIDToken(), pending.nonce());
            UserInfoResponse userInfo = UserInfoResponse.parse(timed(
                    new UserInfoRequest(provider.getUserInfoEndpointURI(), tokens.getBearerAccessToken()).toHTTPRequest()).send());
            if (!userInfo.indicatesSuccess()) {
                throw new Refused("Cognate's userInfo endpoint refused the access token: "
                        + userInfo.toErrorResponse().getErrorObject().getCode());
            }
            var info = userInfo.toSuccessResponse().getUserInfo();
            if (!info.getSubject().equals(claims.getSubject())) {
                throw new Refused("userInfo describes another user than the ID token.");
            }
            return new SignedIn(claims.toJSONObject(), info.toJSONObject());
        } catch (BadJOSEException | JOSEException e) {
            throw new Refused("The ID token is not valid: " + e.getMessage());
        } catch (ParseException e) {
            throw new Refused("Cognate's answer could not be read: " + e.getMessage());
        } catch (IOException e) {
            throw new Refused("Cognate could not be reached: " + e.getMessage());
        }
    }

    /** Cognate's {@code /logout}: ends the hosted UI's session, then comes back to the app's sign-out page. */
    public URI logoutRequest() {
        return URI.create(cognateBase + "/logout?client_id=" + encode(clientId.getValue()) + "&logout_uri="
                + encode(signOutLanding.toString()));
    }

    private static com.nimbusds.oauth2.sdk.http.HTTPRequest timed(com.nimbusds.oauth2.sdk.http.HTTPRequest request) {
        request.setConnectTimeout(TIMEOUT_MS);
        request.setReadTimeout(TIMEOUT_MS);
        return request;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
