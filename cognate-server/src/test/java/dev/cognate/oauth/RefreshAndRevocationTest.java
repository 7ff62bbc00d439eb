package dev.cognate.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.cognate.testing.Backend;
import dev.cognate.testing.IssuedCodes;
import dev.cognate.testing.IssuedCodes.Client;
import dev.cognate.testing.IssuedCodes.Issued;
import dev.cognate.testing.IssuedCodes.TestUser;
import dev.cognate.testing.TestServer;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code grant_type=refresh_token} and {@code POST /oauth2/revoke} (RFC 7009), driven by the Nimbus SDK. */
@ParameterizedClass
@EnumSource(Backend.class)
class RefreshAndRevocationTest {
    @Parameter
    Backend backend;

    TestServer server;
    IssuedCodes codes;
    RelyingParty rp;
    String poolId;
    Client client;
    TestUser ada;

    @BeforeEach
    void setUp() {
        server = TestServer.shared(backend);
        codes = new IssuedCodes(server);
        rp = new RelyingParty(server);
        poolId = codes.newPool("refresh-revoke");
        client = codes.confidentialClient(poolId);
        ada = codes.user(poolId, "ada", "email", "ada@example.com");
    }

    private OIDCTokens signIn(Client at) throws Exception {
        Issued issued = codes.issue(at, ada, Set.of("openid", "email"), null);
        return RelyingParty.tokens(rp.token(at, new AuthorizationCodeGrant(
                new com.nimbusds.oauth2.sdk.AuthorizationCode(issued.code()), URI.create(IssuedCodes.REDIRECT_URI))));
    }

    private ErrorObject refreshError(Client at, RefreshToken token) throws Exception {
        return RelyingParty.error(rp.token(at, new RefreshTokenGrant(token)));
    }

    @Test
    void refreshTokenYieldsNewTokensOfTheSameSignIn() throws Exception {
        OIDCTokens first = signIn(client);
        HTTPResponse http = rp.send(rp.request(client, new RefreshTokenGrant(first.getRefreshToken())));
        assertThat(http.getStatusCode()).isEqualTo(200);
        assertThat(http.getBodyAsJSONObject()).doesNotContainKey("refresh_token");
        OIDCTokens refreshed = RelyingParty.tokens(com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser.parse(http));

        IDTokenClaimsSet before = rp.validateIdToken(poolId, client, first.getIDToken(), null);
        IDTokenClaimsSet after = rp.validateIdToken(poolId, client, refreshed.getIDToken(), null);
        assertThat(after.getAuthenticationTime()).isEqualTo(before.getAuthenticationTime());
        assertThat(after.getStringClaim("origin_jti")).isEqualTo(before.getStringClaim("origin_jti"));
        assertThat(rp.validateAccessToken(poolId, refreshed.getAccessToken().getValue()).getStringClaim("scope"))
                .isEqualTo("email openid");
        assertThat(rp.userInfo(refreshed.getAccessToken()).getStatusCode()).isEqualTo(200);
    }

    @Test
    void refreshTokensAreOpaque256BitValuesStoredOnlyAsHashes() throws Exception {
        OIDCTokens tokens = signIn(client);
        String value = tokens.getRefreshToken().getValue();
        assertThat(java.util.Base64.getUrlDecoder().decode(value)).hasSizeGreaterThanOrEqualTo(32);
        assertThat(value).doesNotContain(".");
        List<String> stored = server.server().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT token_hash || ' ' || doc FROM refresh_tokens WHERE client_id = :client")
                .bind("client", client.clientId()).mapTo(String.class).list());
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0)).startsWith(dev.cognate.crypto.Hashes.sha256Hex(value)).doesNotContain(value);
    }

    @Test
    void refreshTokenOfAnotherClientIsRefused() throws Exception {
        OIDCTokens victims = signIn(client);
        Client attacker = codes.confidentialClient(poolId);
        assertThat(refreshError(attacker, victims.getRefreshToken()).getCode()).isEqualTo("invalid_grant");
        RelyingParty.tokens(rp.token(client, new RefreshTokenGrant(victims.getRefreshToken())));
    }

    @Test
    void unknownRefreshTokenIsRefused() throws Exception {
        assertThat(refreshError(client, new RefreshToken("made-up")).getCode()).isEqualTo("invalid_grant");
    }

    @Test
    void refreshAfterRevokeIsRefusedAndTheSignInsAccessTokensDie() throws Exception {
        OIDCTokens tokens = signIn(client);
        HTTPResponse revoked = rp.revoke(client, tokens.getRefreshToken());
        assertThat(revoked.getStatusCode()).isEqualTo(200);
        assertThat(revoked.getBody()).isNullOrEmpty();
        assertThat(revoked.getHeaderValue("Content-Type")).as("browser clients refuse any other type")
                .startsWith("application/json");
        assertThat(refreshError(client, tokens.getRefreshToken()).getCode()).isEqualTo("invalid_grant");
        assertThat(rp.userInfo(tokens.getAccessToken()).getStatusCode()).isEqualTo(401);
    }

    @Test
    void revokingOneSignInLeavesTheUsersOtherSignInsAlone() throws Exception {
        OIDCTokens laptop = signIn(client);
        OIDCTokens phone = signIn(client);
        assertThat(rp.revoke(client, laptop.getRefreshToken()).getStatusCode()).isEqualTo(200);
        RelyingParty.tokens(rp.token(client, new RefreshTokenGrant(phone.getRefreshToken())));
        assertThat(rp.userInfo(phone.getAccessToken()).getStatusCode()).isEqualTo(200);
    }

    @Test
    void refreshOfADisabledUserIsRefused() throws Exception {
        OIDCTokens tokens = signIn(client);
        server.client().adminDisableUser(r -> r.userPoolId(poolId).username("ada"));
        assertThat(refreshError(client, tokens.getRefreshToken()).getCode()).isEqualTo("invalid_grant");
    }

    @Test
    void refreshOfADeletedUserIsRefusedEvenIfTheNameIsTakenAgain() throws Exception {
        OIDCTokens tokens = signIn(client);
        server.client().adminDeleteUser(r -> r.userPoolId(poolId).username("ada"));
        assertThat(refreshError(client, tokens.getRefreshToken()).getCode()).isEqualTo("invalid_grant");
        codes.user(poolId, "ada");
        assertThat(refreshError(client, tokens.getRefreshToken()).getCode()).isEqualTo("invalid_grant");
    }

    @Test
    void refreshAfterGlobalSignOutIsRefused() throws Exception {
        OIDCTokens tokens = signIn(client);
        server.client().adminUserGlobalSignOut(r -> r.userPoolId(poolId).username("ada"));
        assertThat(refreshError(client, tokens.getRefreshToken()).getCode()).isEqualTo("invalid_grant");
    }

    @Test
    void clientWithoutAllowRefreshTokenAuthCannotRefresh() throws Exception {
        Client noRefresh = codes.client(poolId, true, r -> r.explicitAuthFlowsWithStrings("ALLOW_USER_PASSWORD_AUTH"));
        OIDCTokens tokens = signIn(noRefresh);
        assertThat(refreshError(noRefresh, tokens.getRefreshToken()).getCode()).isEqualTo("unauthorized_client");
    }

    @Test
    void publicClientRefreshesAndRevokesWithItsClientId() throws Exception {
        Client spa = codes.publicClient(poolId);
        OIDCTokens tokens = signIn(spa);
        RelyingParty.tokens(rp.token(spa, new RefreshTokenGrant(tokens.getRefreshToken())));
        assertThat(rp.revoke(spa, tokens.getRefreshToken()).getStatusCode()).isEqualTo(200);
        assertThat(refreshError(spa, tokens.getRefreshToken()).getCode()).isEqualTo("invalid_grant");
    }

    @Test
    void unknownOrAlreadyRevokedTokenIsAnswered200() throws Exception {
        assertThat(rp.revoke(client, new RefreshToken("never-issued")).getStatusCode()).isEqualTo(200);
        OIDCTokens tokens = signIn(client);
        assertThat(rp.revoke(client, tokens.getRefreshToken()).getStatusCode()).isEqualTo(200);
        assertThat(rp.revoke(client, tokens.getRefreshToken()).getStatusCode()).isEqualTo(200);
    }

    @Test
    void tokenOfAnotherClientIsNotRevoked() throws Exception {
        OIDCTokens victims = signIn(client);
        Client attacker = codes.confidentialClient(poolId);
        HTTPResponse response = rp.revoke(attacker, victims.getRefreshToken());
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getBodyAsJSONObject().get("error")).isEqualTo("unsupported_token_type");
        RelyingParty.tokens(rp.token(client, new RefreshTokenGrant(victims.getRefreshToken())));
        assertThat(rp.userInfo(victims.getAccessToken()).getStatusCode()).isEqualTo(200);
    }

    @Test
    void revocationNeedsTheClientsSecret() throws Exception {
        OIDCTokens tokens = signIn(client);
        HTTPResponse response = rp.revoke(new Client(poolId, client.clientId(), "b".repeat(51)), tokens.getRefreshToken());
        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(response.getBodyAsJSONObject().get("error")).isEqualTo("invalid_client");
        assertThat(response.getHeaderValue("WWW-Authenticate")).startsWith("Basic");
        RelyingParty.tokens(rp.token(client, new RefreshTokenGrant(tokens.getRefreshToken())));
    }

    @Test
    void clientWithTokenRevocationDisabledIsRefused() throws Exception {
        Client noRevocation = codes.client(poolId, true, r -> r.enableTokenRevocation(false));
        OIDCTokens tokens = signIn(noRevocation);
        HTTPResponse response = rp.revoke(noRevocation, tokens.getRefreshToken());
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getBodyAsJSONObject().get("error")).isEqualTo("invalid_request");
        RelyingParty.tokens(rp.token(noRevocation, new RefreshTokenGrant(tokens.getRefreshToken())));
    }

    @Test
    void revocationWithoutTokenIsRefused() throws Exception {
        OAuthErrorAssertions.assertError(rp.postForm("/oauth2/revoke", "token_type_hint=refresh_token",
                "Authorization", RelyingParty.basicHeader(client.clientId(), client.secret())), 400, "invalid_request");
    }

    @Test
    void accessTokensCannotBeRevokedOneByOne() throws Exception {
        OIDCTokens tokens = signIn(client);
        HTTPResponse response = new TokenRevocationRequest(rp.revocationEndpoint(), RelyingParty.basic(client),
                tokens.getAccessToken()).toHTTPRequest().send();
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getBodyAsJSONObject().get("error")).isEqualTo("unsupported_token_type");
    }
}
