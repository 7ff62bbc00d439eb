package dev.cognate.oauth;

import dev.cognate.store.AuthorizationCode;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.cognate.testing.Backend;
import dev.cognate.testing.IssuedCodes;
import dev.cognate.testing.IssuedCodes.Client;
import dev.cognate.testing.IssuedCodes.Issued;
import dev.cognate.testing.IssuedCodes.TestUser;
import dev.cognate.testing.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code POST /oauth2/token} with {@code grant_type=authorization_code}, driven by the Nimbus SDK. */
@ParameterizedClass
@EnumSource(Backend.class)
class AuthorizationCodeGrantTest {
    @Parameter
    Backend backend;

    IssuedCodes codes;
    RelyingParty rp;
    String poolId;
    Client client;
    TestUser ada;

    @BeforeEach
    void setUp() {
        TestServer server = TestServer.shared(backend);
        codes = new IssuedCodes(server);
        rp = new RelyingParty(server);
        poolId = codes.newPool("code-grant");
        client = codes.confidentialClient(poolId);
        ada = codes.user(poolId, "ada", "email", "ada@example.com", "email_verified", "true", "given_name", "Ada");
    }

    private static AuthorizationCodeGrant grant(Issued issued, CodeVerifier verifier) {
        return grant(issued, IssuedCodes.REDIRECT_URI, verifier);
    }

    private static AuthorizationCodeGrant grant(Issued issued, String redirectUri, CodeVerifier verifier) {
        return new AuthorizationCodeGrant(new com.nimbusds.oauth2.sdk.AuthorizationCode(issued.code()),
                URI.create(redirectUri), verifier);
    }

    private static String form(String... pairs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            sb.append(sb.isEmpty() ? "" : "&").append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    @Test
    void codeWithPkceIsExchangedForTokensThatVerifyAgainstThePoolsKeys() throws Exception {
        CodeVerifier verifier = new CodeVerifier();
        Issued issued = codes.issue(client, ada, Set.of("openid", "email"), verifier.getValue());

        HTTPResponse http = rp.send(rp.request(client, grant(issued, verifier)));
        assertThat(http.getStatusCode()).isEqualTo(200);
        assertThat(http.getHeaderValue("Cache-Control")).isEqualTo("no-store");
        assertThat(http.getHeaderValue("Pragma")).isEqualTo("no-cache");
        assertThat(http.getBodyAsJSONObject().get("token_type")).isEqualTo("Bearer");
        assertThat(http.getBodyAsJSONObject().get("expires_in")).isEqualTo(3600L);
        OIDCTokens tokens = RelyingParty.tokens(OIDCTokenResponseParser.parse(http));
        assertThat(tokens.getRefreshToken()).isNotNull();

        IDTokenClaimsSet id = rp.validateIdToken(poolId, client, tokens.getIDToken(), issued.stands().nonce());
        assertThat(id.getSubject().getValue()).isEqualTo(ada.sub());
        assertThat(id.getStringClaim("cognito:username")).isEqualTo("ada");
        assertThat(id.getStringClaim("email")).isEqualTo("ada@example.com");
        assertThat(id.getStringClaim("origin_jti")).isEqualTo(issued.stands().originJti());
        assertThat(id.getAuthenticationTime().toInstant().getEpochSecond())
                .isEqualTo(issued.stands().authTime().getEpochSecond());
        assertThat(id.getAccessTokenHash()).isEqualTo(AccessTokenHash.compute(tokens.getAccessToken(),
                com.nimbusds.jose.JWSAlgorithm.RS256, null));

        JWTClaimsSet access = rp.validateAccessToken(poolId, tokens.getAccessToken().getValue());
        assertThat(access.getStringClaim("client_id")).isEqualTo(client.clientId());
        assertThat(access.getStringClaim("scope")).isEqualTo("email openid");
        assertThat(access.getStringClaim("username")).isEqualTo("ada");
    }

    @Test
    void publicClientRedeemsWithItsClientIdAndPkce() throws Exception {
        Client spa = codes.publicClient(poolId);
        CodeVerifier verifier = new CodeVerifier();
        Issued issued = codes.issue(spa, ada, Set.of("openid"), verifier.getValue());
        OIDCTokens tokens = RelyingParty.tokens(rp.token(spa, grant(issued, verifier)));
        rp.validateIdToken(poolId, spa, tokens.getIDToken(), issued.stands().nonce());
    }

    @Test
    void confidentialClientMayAuthenticateWithClientSecretPost() throws Exception {
        Issued issued = codes.issue(client, ada, Set.of("openid"), null);
        var response = OIDCTokenResponseParser.parse(rp.send(new TokenRequest(rp.tokenEndpoint(), RelyingParty.post(client),
                grant(issued, null))));
        RelyingParty.tokens(response);
    }

    @Test
    void replayedAuthorizationCodeIsRefusedAndRevokesItsTokens() throws Exception {
        CodeVerifier verifier = new CodeVerifier();
        Issued issued = codes.issue(client, ada, Set.of("openid", "email"), verifier.getValue());
        OIDCTokens first = RelyingParty.tokens(rp.token(client, grant(issued, verifier)));
        assertThat(rp.userInfo(first.getAccessToken()).getStatusCode()).isEqualTo(200);

        ErrorObject replay = RelyingParty.error(rp.token(client, grant(issued, verifier)));
        assertThat(replay.getCode()).isEqualTo("invalid_grant");
        assertThat(replay.getHTTPStatusCode()).isEqualTo(400);

        assertThat(RelyingParty.error(rp.token(client, new RefreshTokenGrant(first.getRefreshToken()))).getCode())
                .isEqualTo("invalid_grant");
        assertThat(rp.userInfo(first.getAccessToken()).getStatusCode()).isEqualTo(401);
    }

    @Test
    void codeIssuedToAnotherClientIsRefused() throws Exception {
        Client attacker = codes.confidentialClient(poolId);
        Issued issued = codes.issue(client, ada, Set.of("openid"), null);
        ErrorObject error = RelyingParty.error(rp.token(attacker, grant(issued, null)));
        assertThat(error.getCode()).isEqualTo("invalid_grant");
        assertThat(error.getDescription()).contains("another client");
    }

    @Test
    void codeOfAnotherPoolsClientIsRefused() throws Exception {
        String otherPool = codes.newPool("code-grant-other");
        Client attacker = codes.confidentialClient(otherPool);
        Issued issued = codes.issue(client, ada, Set.of("openid"), null);
        assertThat(RelyingParty.error(rp.token(attacker, grant(issued, null))).getCode()).isEqualTo("invalid_grant");
    }

    @Test
    void redirectUriThatIsNotExactlyTheAuthorizedOneIsRefused() throws Exception {
        for (String redirect : List.of(IssuedCodes.REDIRECT_URI + "/", "https://APP.example.com/callback",
                IssuedCodes.REDIRECT_URI + "?next=/admin", "https://app.example.com/call", "http://app.example.com/callback",
                IssuedCodes.REDIRECT_URI + "#x")) {
            Issued issued = codes.issue(client, ada, Set.of("openid"), null);
            ErrorObject error = RelyingParty.error(rp.token(client, grant(issued, redirect, null)));
            assertThat(error.getCode()).as(redirect).isEqualTo("invalid_grant");
            assertThat(error.getDescription()).contains("redirect_uri");
        }
    }

    @Test
    void missingRedirectUriIsRefused() throws Exception {
        Issued issued = codes.issue(client, ada, Set.of("openid"), null);
        HttpResponse<String> response = rp.postForm("/oauth2/token", form("grant_type", "authorization_code",
                "code", issued.code()), "Authorization", RelyingParty.basicHeader(client.clientId(), client.secret()));
        OAuthErrorAssertions.assertError(response, 400, "invalid_request");
        assertThat(response.body()).contains("redirect_uri");
    }

    @Test
    void wrongPkceVerifierIsRefused() throws Exception {
        Issued issued = codes.issue(client, ada, Set.of("openid"), new CodeVerifier().getValue());
        ErrorObject error = RelyingParty.error(rp.token(client, grant(issued, new CodeVerifier())));
        assertThat(error.getCode()).isEqualTo("invalid_grant");
        assertThat(error.getDescription()).contains("code_verifier");
    }

    @Test
    void missingPkceVerifierIsRefusedForACodeIssuedWithAChallenge() throws Exception {
        Issued issued = codes.issue(client, ada, Set.of("openid"), new CodeVerifier().getValue());
        ErrorObject error = RelyingParty.error(rp.token(client, grant(issued, null)));
        assertThat(error.getCode()).isEqualTo("invalid_grant");
        assertThat(error.getDescription()).contains("code_verifier is required");
    }

    @Test
    void pkceDowngradeVerifierForACodeIssuedWithoutChallengeIsRefused() throws Exception {
        Issued issued = codes.issue(client, ada, Set.of("openid"), null);
        ErrorObject error = RelyingParty.error(rp.token(client, grant(issued, new CodeVerifier())));
        assertThat(error.getCode()).isEqualTo("invalid_grant");
        assertThat(error.getDescription()).contains("without code_challenge");
    }

    @Test
    void malformedPkceVerifierIsRefusedWithoutSpendingTheCode() throws Exception {
        CodeVerifier verifier = new CodeVerifier();
        Issued issued = codes.issue(client, ada, Set.of("openid"), verifier.getValue());
        String basic = RelyingParty.basicHeader(client.clientId(), client.secret());
        for (String bad : List.of("short", "a".repeat(42), "a".repeat(129), "a".repeat(42) + "+", "a".repeat(42) + " ")) {
            HttpResponse<String> response = rp.postForm("/oauth2/token", form("grant_type", "authorization_code",
                    "code", issued.code(), "redirect_uri", IssuedCodes.REDIRECT_URI, "code_verifier", bad),
                    "Authorization", basic);
            OAuthErrorAssertions.assertError(response, 400, "invalid_request");
        }
        RelyingParty.tokens(rp.token(client, grant(issued, verifier)));
    }

    @Test
    void expiredCodeIsRefused() throws Exception {
        Instant past = Instant.now().minusSeconds(1);
        Issued issued = codes.save(new AuthorizationCode(poolId, client.clientId(), "ada", IssuedCodes.REDIRECT_URI,
                Set.of("openid"), null, null, past.minus(IssuedCodes.CODE_LIFE), UUID.randomUUID().toString(), past,
                ada.sub()));
        assertThat(RelyingParty.error(rp.token(client, grant(issued, null))).getCode()).isEqualTo("invalid_grant");
    }

    @Test
    void theIdTokenSaysHowTheUserAuthenticated() throws Exception {
        Instant now = Instant.now();
        Issued issued = codes.save(new AuthorizationCode(poolId, client.clientId(), "ada", IssuedCodes.REDIRECT_URI,
                Set.of("openid"), null, null, now, UUID.randomUUID().toString(), now.plus(IssuedCodes.CODE_LIFE),
                ada.sub(), List.of("pwd", "otp", "mfa")));
        OIDCTokens tokens = RelyingParty.tokens(rp.token(client, grant(issued, null)));
        assertThat(tokens.getIDToken().getJWTClaimsSet().getStringListClaim("amr")).containsExactly("pwd", "otp", "mfa");
    }

    @Test
    void unknownCodeIsRefused() throws Exception {
        Issued made = new Issued("not-a-code-we-issued", null);
        assertThat(RelyingParty.error(rp.token(client, grant(made, null))).getCode()).isEqualTo("invalid_grant");
    }

    @Test
    void wrongClientSecretIsRefusedWith401AndTheCodeSurvives() throws Exception {
        Issued issued = codes.issue(client, ada, Set.of("openid"), null);
        String body = form("grant_type", "authorization_code", "code", issued.code(), "redirect_uri", IssuedCodes.REDIRECT_URI);
        String last = client.secret().substring(client.secret().length() - 1);
        String wrong = client.secret().substring(0, client.secret().length() - 1) + (last.equals("x") ? "y" : "x");

        HttpResponse<String> basic = rp.postForm("/oauth2/token", body,
                "Authorization", RelyingParty.basicHeader(client.clientId(), wrong));
        OAuthErrorAssertions.assertError(basic, 401, "invalid_client");
        assertThat(basic.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));

        HttpResponse<String> post = rp.postForm("/oauth2/token", body + "&" + form("client_id", client.clientId(),
                "client_secret", wrong));
        OAuthErrorAssertions.assertError(post, 401, "invalid_client");
        assertThat(post.headers().firstValue("WWW-Authenticate")).isEmpty();

        RelyingParty.tokens(rp.token(client, grant(issued, null)));
    }

    @Test
    void confidentialClientWithoutItsSecretIsRefused() throws Exception {
        Issued issued = codes.issue(client, ada, Set.of("openid"), new CodeVerifier().getValue());
        Client withoutSecret = new Client(poolId, client.clientId(), null);
        ErrorObject error = RelyingParty.error(rp.token(withoutSecret, grant(issued, null)));
        assertThat(error.getCode()).isEqualTo("invalid_client");
        assertThat(error.getHTTPStatusCode()).isEqualTo(401);
    }

    @Test
    void publicClientPresentingASecretIsRefused() throws Exception {
        Client spa = codes.publicClient(poolId);
        Issued issued = codes.issue(spa, ada, Set.of("openid"), null);
        ErrorObject error = RelyingParty.error(rp.token(new Client(poolId, spa.clientId(), "made-up-secret"), grant(issued, null)));
        assertThat(error.getCode()).isEqualTo("invalid_client");
    }

    @Test
    void twoClientAuthenticationMethodsAtOnceAreRefused() throws Exception {
        Issued issued = codes.issue(client, ada, Set.of("openid"), null);
        HttpResponse<String> response = rp.postForm("/oauth2/token", form("grant_type", "authorization_code",
                        "code", issued.code(), "redirect_uri", IssuedCodes.REDIRECT_URI, "client_secret", client.secret()),
                "Authorization", RelyingParty.basicHeader(client.clientId(), client.secret()));
        OAuthErrorAssertions.assertError(response, 400, "invalid_request");
    }

    @Test
    void unknownClientIsRefused() throws Exception {
        Issued issued = codes.issue(client, ada, Set.of("openid"), null);
        ErrorObject error = RelyingParty.error(rp.token(new Client(poolId, "unknownclient0000000000000", "secret"),
                grant(issued, null)));
        assertThat(error.getCode()).isEqualTo("invalid_client");
        assertThat(error.getHTTPStatusCode()).isEqualTo(401);
    }

    @Test
    void requestWithoutAnyClientIsRefused() throws Exception {
        HttpResponse<String> response = rp.postForm("/oauth2/token", form("grant_type", "client_credentials"));
        OAuthErrorAssertions.assertError(response, 401, "invalid_client");
    }

    @Test
    void clientNotAllowedTheCodeFlowIsRefused() throws Exception {
        Client implicitOnly = codes.client(poolId, true, r -> r.allowedOAuthFlowsWithStrings("implicit"));
        Issued issued = codes.issue(implicitOnly, ada, Set.of("openid"), null);
        assertThat(RelyingParty.error(rp.token(implicitOnly, grant(issued, null))).getCode()).isEqualTo("unauthorized_client");
    }

    @Test
    void disabledUserCannotRedeemACode() throws Exception {
        Issued issued = codes.issue(client, ada, Set.of("openid"), null);
        rp.server.client().adminDisableUser(r -> r.userPoolId(poolId).username("ada"));
        ErrorObject error = RelyingParty.error(rp.token(client, grant(issued, null)));
        assertThat(error.getCode()).isEqualTo("invalid_grant");
        assertThat(error.getDescription()).contains("disabled");
    }

    @Test
    void userRecreatedUnderTheSameNameCannotRedeemTheFormerUsersCode() throws Exception {
        Issued issued = codes.issue(client, ada, Set.of("openid"), null);
        rp.server.client().adminDeleteUser(r -> r.userPoolId(poolId).username("ada"));
        codes.user(poolId, "ada");
        assertThat(RelyingParty.error(rp.token(client, grant(issued, null))).getCode()).isEqualTo("invalid_grant");
    }

    @Test
    void scopesTheClientLostSinceTheCodeWasIssuedAreNotGranted() throws Exception {
        Issued issued = codes.issue(client, ada, Set.of("openid", "email", "profile"), null);
        rp.server.client().updateUserPoolClient(r -> r.userPoolId(poolId).clientId(client.clientId())
                .allowedOAuthFlowsUserPoolClient(true).allowedOAuthFlowsWithStrings("code").allowedOAuthScopes("openid", "profile")
                .callbackURLs(IssuedCodes.REDIRECT_URI).supportedIdentityProviders("COGNITO")
                .explicitAuthFlowsWithStrings("ALLOW_REFRESH_TOKEN_AUTH"));
        OIDCTokens tokens = RelyingParty.tokens(rp.token(client, grant(issued, null)));
        assertThat(rp.validateAccessToken(poolId, tokens.getAccessToken().getValue()).getStringClaim("scope"))
                .isEqualTo("openid profile");
    }

    @Test
    void unsupportedGrantTypeIsRefused() throws Exception {
        HttpResponse<String> response = rp.postForm("/oauth2/token", form("grant_type", "password", "username", "ada",
                "password", "Passw0rd!long"), "Authorization", RelyingParty.basicHeader(client.clientId(), client.secret()));
        OAuthErrorAssertions.assertError(response, 400, "unsupported_grant_type");
    }

    @Test
    void missingGrantTypeIsRefused() throws Exception {
        HttpResponse<String> response = rp.postForm("/oauth2/token", form("code", "x"),
                "Authorization", RelyingParty.basicHeader(client.clientId(), client.secret()));
        OAuthErrorAssertions.assertError(response, 400, "invalid_request");
    }

    @Test
    void requestThatIsNotFormEncodedIsRefused() throws Exception {
        for (String type : new String[] {"application/json", "text/plain", null}) {
            HttpResponse<String> response = rp.post("/oauth2/token", type, "{\"grant_type\":\"client_credentials\"}",
                    "Authorization", RelyingParty.basicHeader(client.clientId(), client.secret()));
            OAuthErrorAssertions.assertError(response, 400, "invalid_request");
        }
    }

    @Test
    void repeatedParameterIsRefused() throws Exception {
        Issued issued = codes.issue(client, ada, Set.of("openid"), null);
        HttpResponse<String> response = rp.postForm("/oauth2/token", form("grant_type", "authorization_code",
                        "code", issued.code(), "code", "other", "redirect_uri", IssuedCodes.REDIRECT_URI),
                "Authorization", RelyingParty.basicHeader(client.clientId(), client.secret()));
        OAuthErrorAssertions.assertError(response, 400, "invalid_request");
        assertThat(response.body()).contains("repeated");
    }

    @Test
    void malformedFormEncodingIsRefused() throws Exception {
        HttpResponse<String> response = rp.postForm("/oauth2/token", "grant_type=authorization_code&code=%zz",
                "Authorization", RelyingParty.basicHeader(client.clientId(), client.secret()));
        OAuthErrorAssertions.assertError(response, 400, "invalid_request");
    }

    @Test
    void oversizedFormIsRefusedWith413NotA500() throws Exception {
        String body = form("grant_type", "authorization_code", "code", "x".repeat(70 * 1024));
        HttpResponse<String> sized = rp.postForm("/oauth2/token", body,
                "Authorization", RelyingParty.basicHeader(client.clientId(), client.secret()));
        OAuthErrorAssertions.assertError(sized, 413, "invalid_request");

        // Without Content-Length (chunked), the limit is enforced while reading.
        var chunked = java.net.http.HttpRequest.newBuilder(URI.create(rp.base + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
                .build();
        OAuthErrorAssertions.assertError(rp.http.send(chunked, HttpResponse.BodyHandlers.ofString()), 413, "invalid_request");
    }

    @Test
    void nimbusPublicClientIdentifierIsAcceptedInTheBodyOnly() throws Exception {
        Client spa = codes.publicClient(poolId);
        CodeVerifier verifier = new CodeVerifier();
        Issued issued = codes.issue(spa, ada, Set.of("openid"), verifier.getValue());
        HTTPResponse http = rp.send(new TokenRequest(rp.tokenEndpoint(), new ClientID(spa.clientId()), grant(issued, verifier)));
        assertThat(http.getStatusCode()).isEqualTo(200);
    }
}
