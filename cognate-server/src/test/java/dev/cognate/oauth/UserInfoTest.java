package dev.cognate.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.UserInfoErrorResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.cognate.testing.Backend;
import dev.cognate.testing.IssuedCodes;
import dev.cognate.testing.IssuedCodes.Client;
import dev.cognate.testing.IssuedCodes.Issued;
import dev.cognate.testing.IssuedCodes.TestUser;
import dev.cognate.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code GET|POST /oauth2/userInfo}: the attributes a live access token's scopes allow, as Cognito answers them. */
@ParameterizedClass
@EnumSource(Backend.class)
class UserInfoTest {
    private static final ObjectMapper JSON = new ObjectMapper();

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
        poolId = server.client().createUserPool(r -> r.poolName("userinfo").schema(s -> s.name("team")
                .attributeDataType("String").mutable(true))).userPool().id();
        server.client().createResourceServer(r -> r.userPoolId(poolId).identifier(IssuedCodes.API).name("api")
                .scopes(s -> s.scopeName("read").scopeDescription("Read")));
        client = codes.client(poolId, true, r -> r.allowedOAuthScopes("openid", "email", "phone", "profile",
                IssuedCodes.API + "/read"));
        ada = codes.user(poolId, "ada", "email", "ada@example.com", "email_verified", "true", "given_name", "Ada",
                "family_name", "Lovelace", "phone_number", "+15555550100", "custom:team", "engines");
    }

    private OIDCTokens signIn(Client at, Set<String> scopes) throws Exception {
        Issued issued = codes.issue(at, ada, scopes, null);
        return RelyingParty.tokens(rp.token(at, new AuthorizationCodeGrant(
                new com.nimbusds.oauth2.sdk.AuthorizationCode(issued.code()), URI.create(IssuedCodes.REDIRECT_URI))));
    }

    private JsonNode userInfo(OIDCTokens tokens) throws Exception {
        HTTPResponse response = rp.userInfo(tokens.getAccessToken());
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return JSON.readTree(response.getBody());
    }

    @Test
    void emailScopeAnswersTheEmailAttributesWithCognitosStringBooleans() throws Exception {
        OIDCTokens tokens = signIn(client, Set.of("openid", "email"));
        UserInfoResponse response = rp.parseUserInfo(rp.userInfo(tokens.getAccessToken()));
        UserInfo info = response.toSuccessResponse().getUserInfo();
        assertThat(info.getSubject().getValue()).isEqualTo(ada.sub());
        assertThat(info.getEmailAddress()).isEqualTo("ada@example.com");
        assertThat(info.getStringClaim("username")).isEqualTo("ada");

        JsonNode raw = userInfo(tokens);
        assertThat(raw.get("email_verified").isTextual()).isTrue();
        assertThat(raw.get("email_verified").asText()).isEqualTo("true");
        assertThat(raw.has("given_name")).isFalse();
        assertThat(raw.has("phone_number")).isFalse();
        assertThat(raw.has("custom:team")).isFalse();
    }

    @Test
    void openidAloneAnswersEveryAttributeTheClientMayRead() throws Exception {
        JsonNode info = userInfo(signIn(client, Set.of("openid")));
        assertThat(info.get("sub").asText()).isEqualTo(ada.sub());
        assertThat(info.get("username").asText()).isEqualTo("ada");
        assertThat(info.get("email").asText()).isEqualTo("ada@example.com");
        assertThat(info.get("given_name").asText()).isEqualTo("Ada");
        assertThat(info.get("phone_number").asText()).isEqualTo("+15555550100");
        assertThat(info.get("phone_number_verified").asText()).isEqualTo("false");
        assertThat(info.get("custom:team").asText()).isEqualTo("engines");
    }

    @Test
    void profileScopeAnswersProfileAndCustomAttributesOnly() throws Exception {
        JsonNode info = userInfo(signIn(client, Set.of("openid", "profile")));
        assertThat(info.get("given_name").asText()).isEqualTo("Ada");
        assertThat(info.get("family_name").asText()).isEqualTo("Lovelace");
        assertThat(info.get("custom:team").asText()).isEqualTo("engines");
        assertThat(info.has("email")).isFalse();
        assertThat(info.has("phone_number")).isFalse();
    }

    @Test
    void phoneScopeAnswersThePhoneAttributes() throws Exception {
        JsonNode info = userInfo(signIn(client, Set.of("openid", "phone")));
        assertThat(info.get("phone_number").asText()).isEqualTo("+15555550100");
        assertThat(info.get("phone_number_verified").asText()).isEqualTo("false");
        assertThat(info.has("email")).isFalse();
    }

    @Test
    void clientsReadAttributesLimitTheAnswer() throws Exception {
        Client narrow = codes.client(poolId, true, r -> r.readAttributes("email", "email_verified"));
        JsonNode info = userInfo(signIn(narrow, Set.of("openid")));
        assertThat(info.get("email").asText()).isEqualTo("ada@example.com");
        assertThat(info.has("given_name")).isFalse();
        assertThat(info.has("custom:team")).isFalse();
        assertThat(info.get("sub").asText()).isEqualTo(ada.sub());
    }

    @Test
    void lowerCasePathAndPostAreAnsweredToo() throws Exception {
        OIDCTokens tokens = signIn(client, Set.of("openid"));
        HTTPRequest post = new HTTPRequest(HTTPRequest.Method.POST, rp.userInfoEndpoint());
        post.setAuthorization(tokens.getAccessToken().toAuthorizationHeader());
        assertThat(post.send().getStatusCode()).isEqualTo(200);
        HTTPResponse lower = new UserInfoRequest(URI.create(rp.base + "/oauth2/userinfo"), tokens.getAccessToken())
                .toHTTPRequest().send();
        assertThat(lower.getStatusCode()).isEqualTo(200);
        assertThat(lower.getHeaderValue("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void tokenInTheFormBodyIsNotAcceptedAsInCognito() throws Exception {
        // RFC 6750 2.2 makes the body method optional; Cognito reads the Authorization header only.
        OIDCTokens tokens = signIn(client, Set.of("openid"));
        HTTPResponse response = new UserInfoRequest(rp.userInfoEndpoint(), HTTPRequest.Method.POST, tokens.getAccessToken())
                .toHTTPRequest().send();
        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(response.getHeaderValue("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void missingTokenIsAnswered401WithABareBearerChallenge() throws Exception {
        HttpResponse<String> response = rp.http.send(HttpRequest.newBuilder(rp.userInfoEndpoint()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    }

    @Test
    void forgedOrWrongKindOfTokenIsAnswered401InvalidToken() throws Exception {
        OIDCTokens tokens = signIn(client, Set.of("openid"));
        String access = tokens.getAccessToken().getValue();
        String tampered = access.substring(0, access.lastIndexOf('.') + 1) + "AAAA" + access.substring(access.lastIndexOf('.') + 5);
        for (String token : new String[] {"garbage", tokens.getIDToken().serialize(), tampered}) {
            HTTPResponse response = rp.userInfo(new BearerAccessToken(token));
            assertThat(response.getStatusCode()).isEqualTo(401);
            assertThat(response.getHeaderValue("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
            UserInfoErrorResponse error = UserInfoResponse.parse(response).toErrorResponse();
            assertThat(error.getErrorObject().getCode()).isEqualTo("invalid_token");
            assertThat(JSON.readTree(response.getBody()).get("error").asText()).isEqualTo("invalid_token");
        }
    }

    @Test
    void tokenOfAnotherPoolsUserIsNotAnsweredForThisPool() throws Exception {
        String otherPool = codes.newPool("userinfo-other");
        Client otherClient = codes.confidentialClient(otherPool);
        TestUser bob = codes.user(otherPool, "bob", "email", "bob@example.com");
        Issued issued = codes.issue(otherClient, bob, Set.of("openid", "email"), null);
        OIDCTokens tokens = RelyingParty.tokens(rp.token(otherClient, new AuthorizationCodeGrant(
                new com.nimbusds.oauth2.sdk.AuthorizationCode(issued.code()), URI.create(IssuedCodes.REDIRECT_URI))));
        assertThat(userInfo(tokens).get("email").asText()).isEqualTo("bob@example.com");
    }

    @Test
    void tokenWithoutOpenidIsRefusedWithInsufficientScope() throws Exception {
        OIDCTokens tokens = signIn(client, Set.of(IssuedCodes.API + "/read"));
        HTTPResponse response = rp.userInfo(tokens.getAccessToken());
        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(response.getHeaderValue("WWW-Authenticate")).contains("error=\"insufficient_scope\"", "scope=\"openid\"");
    }

    @Test
    void tokenOfADisabledUserIsRefused() throws Exception {
        OIDCTokens tokens = signIn(client, Set.of("openid"));
        server.client().adminDisableUser(r -> r.userPoolId(poolId).username("ada"));
        assertThat(rp.userInfo(tokens.getAccessToken()).getStatusCode()).isEqualTo(401);
    }
}
