package dev.cognate.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.cognate.testing.IssuedCodes.Client;
import dev.cognate.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;

/** The Nimbus OAuth 2.0 SDK as the app talking to a test server, plus raw requests for malformed ones. */
final class RelyingParty {
    final TestServer server;
    final String base;
    final HttpClient http = HttpClient.newHttpClient();

    RelyingParty(TestServer server) {
        this.server = server;
        this.base = "http://localhost:" + server.port();
    }

    URI tokenEndpoint() {
        return URI.create(base + "/oauth2/token");
    }

    URI userInfoEndpoint() {
        return URI.create(base + "/oauth2/userInfo");
    }

    URI revocationEndpoint() {
        return URI.create(base + "/oauth2/revoke");
    }

    static ClientAuthentication basic(Client client) {
        return new ClientSecretBasic(new ClientID(client.clientId()), new Secret(client.secret()));
    }

    static ClientAuthentication post(Client client) {
        return new ClientSecretPost(new ClientID(client.clientId()), new Secret(client.secret()));
    }

    /** A token request as the client would send it: HTTP Basic when it has a secret, else its client_id. */
    TokenRequest request(Client client, AuthorizationGrant grant) {
        return client.secret() != null ? new TokenRequest(tokenEndpoint(), basic(client), grant)
                : new TokenRequest(tokenEndpoint(), new ClientID(client.clientId()), grant);
    }

    HTTPResponse send(TokenRequest request) throws Exception {
        return request.toHTTPRequest().send();
    }

    TokenResponse token(Client client, AuthorizationGrant grant) throws Exception {
        return OIDCTokenResponseParser.parse(send(request(client, grant)));
    }

    TokenResponse token(Client client, AuthorizationGrant grant, Scope scope) throws Exception {
        return OIDCTokenResponseParser.parse(send(new TokenRequest(tokenEndpoint(), basic(client), grant, scope)));
    }

    static OIDCTokens tokens(TokenResponse response) {
        assertThat(response.indicatesSuccess())
                .as(() -> "token response " + (response.indicatesSuccess() ? "" : response.toErrorResponse().getErrorObject()))
                .isTrue();
        return ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
    }

    static ErrorObject error(TokenResponse response) {
        assertThat(response.indicatesSuccess()).as("token response is an error").isFalse();
        return ((TokenErrorResponse) response).getErrorObject();
    }

    String issuer(String poolId) {
        return base + "/" + poolId;
    }

    JWKSet jwks(String poolId) throws Exception {
        return JWKSet.load(URI.create(base + "/" + poolId + "/.well-known/jwks.json").toURL());
    }

    /** Validates an ID token as OIDC Core 3.1.3.7 asks: signature by the pool's JWKS, issuer, audience, nonce. */
    IDTokenClaimsSet validateIdToken(String poolId, Client client, JWT idToken, String nonce) throws Exception {
        IDTokenValidator validator = new IDTokenValidator(new Issuer(issuer(poolId)), new ClientID(client.clientId()),
                JWSAlgorithm.RS256, jwks(poolId));
        return validator.validate(idToken, nonce == null ? null : new Nonce(nonce));
    }

    /** Verifies an access token against the pool's JWKS: RS256, our issuer, token_use access. */
    JWTClaimsSet validateAccessToken(String poolId, String accessToken) throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(jwks(poolId))));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer(issuer(poolId)).claim("token_use", "access").build(),
                new HashSet<>(List.of("sub", "exp", "iat", "jti", "client_id", "scope"))));
        return processor.process(accessToken, null);
    }

    HTTPResponse userInfo(AccessToken token) throws Exception {
        return new UserInfoRequest(userInfoEndpoint(), token).toHTTPRequest().send();
    }

    UserInfoResponse parseUserInfo(HTTPResponse response) throws Exception {
        return UserInfoResponse.parse(response);
    }

    HTTPResponse revoke(Client client, Token token) throws Exception {
        TokenRevocationRequest request = client.secret() != null
                ? new TokenRevocationRequest(revocationEndpoint(), basic(client), token)
                : new TokenRevocationRequest(revocationEndpoint(), new ClientID(client.clientId()), token);
        return request.toHTTPRequest().send();
    }

    /** A hand-made POST: {@code headers} are name, value pairs. */
    HttpResponse<String> post(String path, String contentType, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postForm(String path, String body, String... headers) throws Exception {
        return post(path, "application/x-www-form-urlencoded", body, headers);
    }

    static String basicHeader(String id, String secret) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((id + ":" + secret).getBytes());
    }
}
