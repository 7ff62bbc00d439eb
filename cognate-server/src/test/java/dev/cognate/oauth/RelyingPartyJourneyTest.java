package dev.cognate.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.cognate.testing.Backend;
import dev.cognate.testing.EmbeddedPostgres;
import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestServer;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;

/**
 * A real relying-party library (the Nimbus OAuth 2.0 SDK) through the whole journey:
 * discovery, authorize with PKCE, the hosted sign-in page, the code exchange, ID token
 * validation, userInfo, refresh, revocation. Then the same journey spread over two nodes
 * that share one PostgreSQL: any node takes any step.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class RelyingPartyJourneyTest {
    @Parameter
    Backend backend;

    /** Where each step of the journey goes: node A or node B of a cluster (the same node when alone). */
    record Nodes(TestServer a, TestServer b, String publicUrl) {
        URI at(TestServer node, String path) {
            return node.endpoint().resolve(path);
        }
    }

    @Test
    void discoveryCodeWithPkceTokenUserInfoRefreshAndRevoke() throws Exception {
        TestServer server = TestServer.shared(backend);
        journey(new Nodes(server, server, "http://localhost:" + server.port()));
    }

    @Test
    void everyStepMayLandOnAnotherNodeOfTheCluster() throws Exception {
        assumeTrue(backend == Backend.POSTGRESQL, "a cluster shares a PostgreSQL; the embedded store belongs to one node");
        String dbUrl = EmbeddedPostgres.newDatabase();
        // The load balancer's URL: both nodes mint the same issuer. (http, so the test's cookie jar sends the cookies.)
        String publicUrl = "http://cognate.example.com";
        try (TestServer a = TestServer.start(Backend.POSTGRESQL, Files.createTempDirectory("node-a"), dbUrl, publicUrl);
             TestServer b = TestServer.start(Backend.POSTGRESQL, Files.createTempDirectory("node-b"), dbUrl, publicUrl)) {
            journey(new Nodes(a, b, publicUrl));
        }
    }

    private void journey(Nodes nodes) throws Exception {
        HostedUiFixture fixture = HostedUiFixture.on(nodes.a());
        fixture.confirmedUser("ada");
        fixture.cognito.adminUpdateUserAttributes(r -> r.userPoolId(fixture.poolId).username("ada").userAttributes(
                a -> a.name("email").value("ada@example.com"), a -> a.name("email_verified").value("true")));
        UserPoolClientType client = fixture.cognito.createUserPoolClient(r -> r.userPoolId(fixture.poolId)
                .clientName("journey").generateSecret(true).allowedOAuthFlowsUserPoolClient(true)
                .allowedOAuthFlows(OAuthFlowType.CODE).allowedOAuthScopes("openid", "email")
                .callbackURLs(HostedUiFixture.CALLBACK).supportedIdentityProviders("COGNITO")
                .explicitAuthFlowsWithStrings("ALLOW_REFRESH_TOKEN_AUTH")).userPoolClient();
        ClientSecretBasic auth = new ClientSecretBasic(new ClientID(client.clientId()), new Secret(client.clientSecret()));

        // Discovery (node A).
        TestBrowser browser = new TestBrowser(nodes.a().endpoint());
        OIDCProviderMetadata metadata = OIDCProviderMetadata.parse(
                browser.get("/" + fixture.poolId + "/.well-known/openid-configuration").body());
        assertThat(metadata.getIssuer().getValue()).isEqualTo(nodes.publicUrl() + "/" + fixture.poolId);

        // Authorize with PKCE (node A) -> the hosted page (node B) -> sign in (node A).
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        Nonce nonce = new Nonce();
        URI authorize = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid", "email"),
                new ClientID(client.clientId()), URI.create(HostedUiFixture.CALLBACK))
                .endpointURI(nodes.at(nodes.a(), "/oauth2/authorize"))
                .state(state).nonce(nonce).codeChallenge(verifier, CodeChallengeMethod.S256)
                .build().toURI();
        TestBrowser.Page toLogin = browser.get(authorize.toString());
        assertThat(toLogin.status()).isEqualTo(302);
        String loginPath = URI.create(toLogin.location()).getRawPath() + "?" + URI.create(toLogin.location()).getRawQuery();
        TestBrowser.Page login = browser.get(nodes.at(nodes.b(), loginPath).toString());
        assertThat(login.status()).isEqualTo(200);
        TestBrowser.Page signedIn = browser.submit(login, nodes.at(nodes.a(), "/login").toString(),
                Map.of("username", "ada", "password", HostedUiFixture.PASSWORD));
        assertThat(signedIn.redirectsTo(HostedUiFixture.CALLBACK)).isTrue();
        Map<String, String> callback = signedIn.locationParameters();
        assertThat(callback).containsEntry("state", state.getValue());

        // Code exchange (node B), ID token validated against the JWKS (node A).
        HTTPResponse tokenHttp = new TokenRequest(nodes.at(nodes.b(), "/oauth2/token"), auth,
                new AuthorizationCodeGrant(new AuthorizationCode(callback.get("code")), URI.create(HostedUiFixture.CALLBACK),
                        verifier)).toHTTPRequest().send();
        OIDCTokenResponse tokens = OIDCTokenResponseParser.parse(tokenHttp).toSuccessResponse() instanceof OIDCTokenResponse r
                ? r : null;
        assertThat(tokens).as("token response: %s", tokenHttp.getBody()).isNotNull();
        URL jwks = nodes.at(nodes.a(), "/" + fixture.poolId + "/.well-known/jwks.json").toURL();
        IDTokenClaimsSet id = new IDTokenValidator(new Issuer(metadata.getIssuer()), new ClientID(client.clientId()),
                JWSAlgorithm.RS256, jwks).validate(tokens.getOIDCTokens().getIDToken(), nonce);
        assertThat(id.getStringClaim("cognito:username")).isEqualTo("ada");
        assertThat(id.getStringClaim("email")).isEqualTo("ada@example.com");
        BearerAccessToken access = tokens.getOIDCTokens().getBearerAccessToken();
        RefreshToken refresh = tokens.getOIDCTokens().getRefreshToken();
        assertThat(refresh).isNotNull();

        // userInfo (node A).
        UserInfoResponse info = UserInfoResponse.parse(new UserInfoRequest(nodes.at(nodes.a(), "/oauth2/userInfo"), access)
                .toHTTPRequest().send());
        assertThat(info.indicatesSuccess()).isTrue();
        assertThat(info.toSuccessResponse().getUserInfo().getEmailAddress()).isEqualTo("ada@example.com");

        // Refresh (node B): a new ID token with the original auth_time.
        OIDCTokenResponse refreshed = (OIDCTokenResponse) OIDCTokenResponseParser.parse(new TokenRequest(
                nodes.at(nodes.b(), "/oauth2/token"), auth, new RefreshTokenGrant(refresh)).toHTTPRequest().send())
                .toSuccessResponse();
        IDTokenClaimsSet refreshedId = new IDTokenValidator(new Issuer(metadata.getIssuer()),
                new ClientID(client.clientId()), JWSAlgorithm.RS256, jwks).validate(refreshed.getOIDCTokens().getIDToken(), null);
        assertThat(refreshedId.getAuthenticationTime()).isEqualTo(id.getAuthenticationTime());

        // Revoke (node A): the refresh token and the access tokens of its sign-in stop working everywhere.
        assertThat(new TokenRevocationRequest(nodes.at(nodes.a(), "/oauth2/revoke"), auth, refresh)
                .toHTTPRequest().send().getStatusCode()).isEqualTo(200);
        TokenErrorResponse refused = OIDCTokenResponseParser.parse(new TokenRequest(nodes.at(nodes.b(), "/oauth2/token"), auth,
                new RefreshTokenGrant(refresh)).toHTTPRequest().send()).toErrorResponse();
        assertThat(refused.getErrorObject().getCode()).isEqualTo("invalid_grant");
        assertThat(new UserInfoRequest(nodes.at(nodes.b(), "/oauth2/userInfo"), access).toHTTPRequest().send()
                .getStatusCode()).isEqualTo(401);
    }
}
