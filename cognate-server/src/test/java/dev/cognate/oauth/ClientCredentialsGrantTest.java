package dev.cognate.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import dev.cognate.testing.Backend;
import dev.cognate.testing.IssuedCodes;
import dev.cognate.testing.IssuedCodes.Client;
import dev.cognate.testing.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code grant_type=client_credentials}: confidential clients, custom scopes, an access token only. */
@ParameterizedClass
@EnumSource(Backend.class)
class ClientCredentialsGrantTest {
    static final String READ = IssuedCodes.API + "/read";
    static final String WRITE = IssuedCodes.API + "/write";

    @Parameter
    Backend backend;

    TestServer server;
    IssuedCodes codes;
    RelyingParty rp;
    String poolId;

    @BeforeEach
    void setUp() {
        server = TestServer.shared(backend);
        codes = new IssuedCodes(server);
        rp = new RelyingParty(server);
        poolId = codes.newPool("client-credentials");
    }

    private TokenResponse token(Client client, Scope scope) throws Exception {
        return TokenResponse.parse(rp.send(new TokenRequest(rp.tokenEndpoint(), RelyingParty.basic(client),
                new ClientCredentialsGrant(), scope)));
    }

    @Test
    void withoutScopeTheClientGetsAllItsCustomScopesInAnAccessTokenOnly() throws Exception {
        Client machine = codes.machineClient(poolId, READ, WRITE);
        HTTPResponse http = rp.send(new TokenRequest(rp.tokenEndpoint(), RelyingParty.basic(machine), new ClientCredentialsGrant()));
        assertThat(http.getStatusCode()).isEqualTo(200);
        assertThat(http.getHeaderValue("Cache-Control")).isEqualTo("no-store");
        assertThat(http.getBodyAsJSONObject()).containsOnlyKeys("access_token", "token_type", "expires_in");

        AccessTokenResponse response = TokenResponse.parse(http).toSuccessResponse();
        assertThat(response.getTokens().getAccessToken()).isInstanceOf(BearerAccessToken.class);
        JWTClaimsSet claims = rp.validateAccessToken(poolId, response.getTokens().getAccessToken().getValue());
        assertThat(claims.getSubject()).isEqualTo(machine.clientId());
        assertThat(claims.getStringClaim("client_id")).isEqualTo(machine.clientId());
        assertThat(claims.getStringClaim("scope")).isEqualTo(READ + " " + WRITE);
        assertThat(claims.getClaim("username")).isNull();
        assertThat(claims.getLongClaim("version")).isEqualTo(2L);
    }

    @Test
    void askedScopesAreGrantedWhenTheClientHasThem() throws Exception {
        Client machine = codes.machineClient(poolId, READ, WRITE);
        AccessTokenResponse response = token(machine, new Scope(READ)).toSuccessResponse();
        assertThat(rp.validateAccessToken(poolId, response.getTokens().getAccessToken().getValue()).getStringClaim("scope"))
                .isEqualTo(READ);
    }

    @Test
    void scopeEscalationInClientCredentialsIsRefused() throws Exception {
        Client machine = codes.machineClient(poolId, READ);
        for (Scope asked : new Scope[] {new Scope(WRITE), new Scope(READ, WRITE), new Scope("openid"),
                new Scope("aws.cognito.signin.user.admin"), new Scope(IssuedCodes.API + "/admin"),
                new Scope("https://other.example.com/read")}) {
            ErrorObject error = token(machine, asked).toErrorResponse().getErrorObject();
            assertThat(error.getCode()).as(asked.toString()).isEqualTo("invalid_scope");
            assertThat(error.getHTTPStatusCode()).isEqualTo(400);
        }
    }

    @Test
    void customScopeTheResourceServerNoLongerDefinesIsNotGranted() throws Exception {
        Client machine = codes.machineClient(poolId, READ, WRITE);
        server.client().updateResourceServer(r -> r.userPoolId(poolId).identifier(IssuedCodes.API).name("api")
                .scopes(s -> s.scopeName("read").scopeDescription("Read")));
        AccessTokenResponse response = token(machine, null).toSuccessResponse();
        assertThat(rp.validateAccessToken(poolId, response.getTokens().getAccessToken().getValue()).getStringClaim("scope"))
                .isEqualTo(READ);
        assertThat(token(machine, new Scope(WRITE)).toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_scope");

        server.client().deleteResourceServer(r -> r.userPoolId(poolId).identifier(IssuedCodes.API));
        assertThat(token(machine, null).toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_scope");
    }

    @Test
    void publicClientCannotUseClientCredentials() throws Exception {
        // Nimbus will not even build this request; an attacker's hand-made one is refused by the server.
        Client spa = codes.publicClient(poolId);
        OAuthErrorAssertions.assertError(rp.postForm("/oauth2/token",
                "grant_type=client_credentials&client_id=" + spa.clientId()), 400, "unauthorized_client");
    }

    @Test
    void confidentialClientNotAllowedClientCredentialsIsRefused() throws Exception {
        Client web = codes.confidentialClient(poolId);
        assertThat(token(web, null).toErrorResponse().getErrorObject().getCode()).isEqualTo("unauthorized_client");
    }

    @Test
    void wrongSecretIsRefusedBeforeAnyScopeIsConsidered() throws Exception {
        Client machine = codes.machineClient(poolId, READ);
        Client forged = new Client(poolId, machine.clientId(), "a".repeat(51));
        ErrorObject error = token(forged, new Scope(READ)).toErrorResponse().getErrorObject();
        assertThat(error.getCode()).isEqualTo("invalid_client");
        assertThat(error.getHTTPStatusCode()).isEqualTo(401);
    }

    @Test
    void clientCredentialsTokenIsNoUserTokenAtUserInfo() throws Exception {
        Client machine = codes.machineClient(poolId, READ);
        AccessTokenResponse response = token(machine, null).toSuccessResponse();
        assertThat(rp.userInfo(response.getTokens().getAccessToken()).getStatusCode()).isEqualTo(401);
    }
}
