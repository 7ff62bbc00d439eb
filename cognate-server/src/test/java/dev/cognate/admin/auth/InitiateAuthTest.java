package dev.cognate.admin.auth;

import static dev.cognate.admin.auth.SignInPool.PASSWORD;
import static dev.cognate.admin.auth.SignInPool.TEMPORARY_PASSWORD;
import static dev.cognate.admin.auth.SignInPool.secretHash;
import static dev.cognate.admin.auth.SignInPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.cognate.testing.Backend;
import dev.cognate.testing.RawAdminRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminInitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PreventUserExistenceErrorTypes;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;

/** InitiateAuth and AdminInitiateAuth through the AWS SDK: password sign-in, refresh, client checks. */
@ParameterizedClass
@EnumSource(Backend.class)
class InitiateAuthTest {
    @Parameter
    Backend backend;

    SignInPool pool;
    String clientId;
    String alice;

    @BeforeEach
    void createPool() {
        pool = SignInPool.create(backend);
        clientId = pool.publicClient();
        alice = pool.confirmedUser(uniqueName("alice"));
    }

    @Test
    void passwordSignInAnswersCognitoShapedTokensThatVerifyAgainstThePoolsJwks() throws Exception {
        InitiateAuthResponse response = pool.signIn(clientId, alice, PASSWORD);

        assertThat(response.challengeNameAsString()).isNull();
        assertThat(response.challengeParameters()).isEmpty();
        AuthenticationResultType result = response.authenticationResult();
        assertThat(result.tokenType()).isEqualTo("Bearer");
        assertThat(result.expiresIn()).isEqualTo(3600);
        assertThat(result.refreshToken()).isNotBlank().doesNotContain(".");

        JWTClaimsSet access = pool.verify(result.accessToken());
        assertThat(access.getStringClaim("token_use")).isEqualTo("access");
        assertThat(access.getStringClaim("client_id")).isEqualTo(clientId);
        assertThat(access.getStringClaim("username")).isEqualTo(alice);
        assertThat(access.getSubject()).isEqualTo(pool.sub(alice));
        assertThat(access.getStringClaim("scope").split(" ")).contains("aws.cognito.signin.user.admin");
        assertThat(access.getAudience()).isEmpty();
        long authTime = access.getLongClaim("auth_time");
        assertThat(authTime).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L));
        assertThat(access.getStringClaim("origin_jti")).isNotBlank();

        JWTClaimsSet id = pool.verify(result.idToken());
        assertThat(id.getStringClaim("token_use")).isEqualTo("id");
        assertThat(id.getAudience()).containsExactly(clientId);
        assertThat(id.getStringClaim("cognito:username")).isEqualTo(alice);
        assertThat(id.getStringClaim("email")).isEqualTo(alice + "@example.com");
        assertThat(id.getBooleanClaim("email_verified")).isTrue();
        assertThat(id.getLongClaim("auth_time")).isEqualTo(authTime);
        assertThat(id.getStringClaim("origin_jti")).isEqualTo(access.getStringClaim("origin_jti"));
        assertThat(id.getClaim("at_hash")).isNull();
    }

    @Test
    void everySignInIsANewAuthenticationEvent() throws Exception {
        String first = pool.verify(pool.tokens(clientId, alice).accessToken()).getStringClaim("origin_jti");
        String second = pool.verify(pool.tokens(clientId, alice).accessToken()).getStringClaim("origin_jti");
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void theSdkSendsInitiateAuthUnsignedAndItNeedsNoSignature() {
        RawAdminRequest.Response response = RawAdminRequest.to(pool.server, "InitiateAuth").unsigned()
                .body("""
                        {"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"%s","AuthParameters":{"USERNAME":"%s","PASSWORD":"%s"}}"""
                        .formatted(clientId, alice, PASSWORD))
                .send();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("\"AuthenticationResult\"", "\"AccessToken\"", "\"IdToken\"",
                "\"RefreshToken\"", "\"TokenType\":\"Bearer\"", "\"ExpiresIn\":3600", "\"ChallengeParameters\":{}");
    }

    @Test
    void signInByAnyCaseOfTheUsernameInACaseInsensitivePool() throws Exception {
        SignInPool insensitive = SignInPool.create(backend, r -> r.usernameConfiguration(c -> c.caseSensitive(false)));
        String client = insensitive.publicClient();
        String carol = insensitive.confirmedUser(uniqueName("Carol"));
        JWTClaimsSet access = insensitive.verify(insensitive.signIn(client, carol.toUpperCase(), PASSWORD)
                .authenticationResult().accessToken());
        assertThat(access.getStringClaim("username")).isEqualTo(carol);
    }

    @Test
    void signInByTheEmailOfAPoolThatSignsInWithEmail() throws Exception {
        SignInPool byEmail = SignInPool.create(backend, r -> r.usernameAttributesWithStrings("email"));
        String client = byEmail.publicClient();
        String email = uniqueName("dave") + "@example.com";
        byEmail.cognito.adminCreateUser(r -> r.userPoolId(byEmail.poolId).username(email).temporaryPassword(TEMPORARY_PASSWORD)
                .messageAction("SUPPRESS"));
        byEmail.cognito.adminSetUserPassword(r -> r.userPoolId(byEmail.poolId).username(email).password(PASSWORD).permanent(true));
        JWTClaimsSet access = byEmail.verify(byEmail.signIn(client, email, PASSWORD).authenticationResult().accessToken());
        assertThat(access.getStringClaim("username")).isEqualTo(access.getSubject());
    }

    @Test
    void adminInitiateAuthSignsInWithAdminUserPasswordAuthAndItsLegacyName() throws Exception {
        for (AuthFlowType flow : List.of(AuthFlowType.ADMIN_USER_PASSWORD_AUTH, AuthFlowType.ADMIN_NO_SRP_AUTH)) {
            AdminInitiateAuthResponse response = pool.cognito.adminInitiateAuth(r -> r.userPoolId(pool.poolId)
                    .clientId(clientId).authFlow(flow).authParameters(Map.of("USERNAME", alice, "PASSWORD", PASSWORD)));
            assertThat(pool.verify(response.authenticationResult().accessToken()).getStringClaim("username")).isEqualTo(alice);
            assertThat(response.authenticationResult().refreshToken()).isNotBlank();
        }
    }

    @Test
    void adminInitiateAuthRefreshesToo() {
        String refreshToken = pool.tokens(clientId, alice).refreshToken();
        AdminInitiateAuthResponse response = pool.cognito.adminInitiateAuth(r -> r.userPoolId(pool.poolId)
                .clientId(clientId).authFlow(AuthFlowType.REFRESH_TOKEN_AUTH).authParameters(Map.of("REFRESH_TOKEN", refreshToken)));
        assertThat(response.authenticationResult().accessToken()).isNotBlank();
    }

    @Test
    void adminInitiateAuthNamesAClientOfThatPool() {
        SignInPool other = SignInPool.create(backend);
        assertThatThrownBy(() -> pool.cognito.adminInitiateAuth(r -> r.userPoolId(other.poolId).clientId(clientId)
                .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH).authParameters(Map.of("USERNAME", alice, "PASSWORD", PASSWORD))))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageStartingWith("User pool client " + clientId + " does not exist.");
    }

    @Test
    void unknownClientIsResourceNotFound() {
        assertThatThrownBy(() -> pool.signIn("nosuchclient0000000000000a", alice, PASSWORD))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageStartingWith("User pool client nosuchclient0000000000000a does not exist.");
    }

    @Test
    void aFlowTheClientDoesNotAllowIsRefusedInCognitosWords() {
        String srpOnly = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH)).clientId();
        assertThatThrownBy(() -> pool.signIn(srpOnly, alice, PASSWORD))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("USER_PASSWORD_AUTH flow not enabled for this client");
        assertThatThrownBy(() -> pool.cognito.adminInitiateAuth(r -> r.userPoolId(pool.poolId).clientId(srpOnly)
                .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH).authParameters(Map.of("USERNAME", alice, "PASSWORD", PASSWORD))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("Auth flow not enabled for this client");
        assertThatThrownBy(() -> pool.refresh(srpOnly, "some-refresh-token"))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("REFRESH_TOKEN_AUTH flow not enabled for this client");
    }

    @Test
    void legacyExplicitAuthFlowsStillEnableTheirFlows() {
        String legacy = pool.client(r -> r.explicitAuthFlows(ExplicitAuthFlowsType.USER_PASSWORD_AUTH)).clientId();
        assertThat(pool.signIn(legacy, alice, PASSWORD).authenticationResult().accessToken()).isNotBlank();
    }

    @Test
    void adminFlowsBelongToAdminInitiateAuthAndUserPasswordAuthToInitiateAuth() {
        assertThatThrownBy(() -> pool.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", alice, "PASSWORD", PASSWORD))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("Initiate Auth method not supported.");
        assertThatThrownBy(() -> pool.cognito.adminInitiateAuth(r -> r.userPoolId(pool.poolId).clientId(clientId)
                .authFlow(AuthFlowType.USER_PASSWORD_AUTH).authParameters(Map.of("USERNAME", alice, "PASSWORD", PASSWORD))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("Initiate Auth method not supported.");
    }

    @Test
    void missingAuthFlowUsernameOrPasswordNamesWhatIsMissing() {
        RawAdminRequest.Response noFlow = RawAdminRequest.to(pool.server, "InitiateAuth").unsigned()
                .body("{\"ClientId\":\"" + clientId + "\"}").send();
        assertThat(noFlow.errorType()).isEqualTo("InvalidParameterException");
        assertThat(noFlow.body()).contains("'authFlow'");
        assertThatThrownBy(() -> pool.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("PASSWORD", PASSWORD))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("Missing required parameter USERNAME");
        assertThatThrownBy(() -> pool.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", alice))))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("Missing required parameter PASSWORD");
        assertThatThrownBy(() -> pool.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("Missing required parameter REFRESH_TOKEN");
    }

    @Test
    void aClientWithASecretNeedsTheSecretHashOfTheUsername() throws Exception {
        UserPoolClientType client = pool.secretClient();
        String id = client.clientId();

        assertThatThrownBy(() -> pool.signIn(id, alice, PASSWORD))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Client " + id + " is configured with secret but SECRET_HASH was not received");

        String right = secretHash(client.clientSecret(), alice, id);
        InitiateAuthResponse response = pool.cognito.initiateAuth(r -> r.clientId(id).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", alice, "PASSWORD", PASSWORD, "SECRET_HASH", right)));
        assertThat(pool.verify(response.authenticationResult().accessToken()).getStringClaim("client_id")).isEqualTo(id);
    }

    @Test
    void aSecretHashOfAnotherUsernameIsRefused() throws Exception {
        UserPoolClientType client = pool.secretClient();
        String id = client.clientId();
        String forBob = secretHash(client.clientSecret(), "bob", id);
        assertThatThrownBy(() -> pool.cognito.initiateAuth(r -> r.clientId(id).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", alice, "PASSWORD", PASSWORD, "SECRET_HASH", forBob))))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Unable to verify secret hash for client " + id);
    }

    @Test
    void refreshKeepsAuthTimeAndOriginJtiAndIssuesNoNewRefreshToken() throws Exception {
        AuthenticationResultType signedIn = pool.tokens(clientId, alice);
        JWTClaimsSet first = pool.verify(signedIn.accessToken());

        InitiateAuthResponse refreshed = pool.refresh(clientId, signedIn.refreshToken());

        AuthenticationResultType result = refreshed.authenticationResult();
        assertThat(result.refreshToken()).isNull();
        assertThat(result.tokenType()).isEqualTo("Bearer");
        assertThat(result.expiresIn()).isEqualTo(3600);
        JWTClaimsSet access = pool.verify(result.accessToken());
        assertThat(access.getLongClaim("auth_time")).isEqualTo(first.getLongClaim("auth_time"));
        assertThat(access.getStringClaim("origin_jti")).isEqualTo(first.getStringClaim("origin_jti"));
        assertThat(access.getJWTID()).isNotEqualTo(first.getJWTID());
        assertThat(access.getStringClaim("scope")).isEqualTo(first.getStringClaim("scope"));
        JWTClaimsSet id = pool.verify(result.idToken());
        assertThat(id.getLongClaim("auth_time")).isEqualTo(first.getLongClaim("auth_time"));
        assertThat(id.getStringClaim("origin_jti")).isEqualTo(first.getStringClaim("origin_jti"));
    }

    @Test
    void theRefreshTokenAliasRefreshesToo() {
        String refreshToken = pool.tokens(clientId, alice).refreshToken();
        InitiateAuthResponse response = pool.cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.REFRESH_TOKEN)
                .authParameters(Map.of("REFRESH_TOKEN", refreshToken)));
        assertThat(response.authenticationResult().accessToken()).isNotBlank();
    }

    @Test
    void anUnknownRefreshTokenIsRefused() {
        assertThatThrownBy(() -> pool.refresh(clientId, "not-a-refresh-token"))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Invalid Refresh Token");
    }

    @Test
    void aRefreshWithASecretTakesTheHashOfTheUsernameOrTheSub() throws Exception {
        UserPoolClientType client = pool.secretClient();
        String id = client.clientId();
        String refreshToken = pool.cognito.initiateAuth(r -> r.clientId(id).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", alice, "PASSWORD", PASSWORD,
                        "SECRET_HASH", uncheckedHash(client, alice)))).authenticationResult().refreshToken();

        for (String name : List.of(alice, pool.sub(alice))) {
            InitiateAuthResponse response = pool.cognito.initiateAuth(r -> r.clientId(id).authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                    .authParameters(Map.of("REFRESH_TOKEN", refreshToken, "SECRET_HASH", uncheckedHash(client, name))));
            assertThat(response.authenticationResult().accessToken()).isNotBlank();
        }
        assertThatThrownBy(() -> pool.refresh(id, refreshToken))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Client " + id + " is configured with secret but SECRET_HASH was not received");
        assertThatThrownBy(() -> pool.cognito.initiateAuth(r -> r.clientId(id).authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                .authParameters(Map.of("REFRESH_TOKEN", refreshToken, "SECRET_HASH", uncheckedHash(client, "mallory")))))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Unable to verify secret hash for client " + id);
    }

    @Test
    void aDisabledUserCannotSignInOrRefresh() {
        String refreshToken = pool.tokens(clientId, alice).refreshToken();
        pool.cognito.adminDisableUser(r -> r.userPoolId(pool.poolId).username(alice));

        assertThatThrownBy(() -> pool.signIn(clientId, alice, PASSWORD))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("User is disabled.");
        assertThatThrownBy(() -> pool.refresh(clientId, refreshToken))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("User is disabled.");
    }

    @Test
    void aWrongPasswordIsNotAuthorized() {
        assertThatThrownBy(() -> pool.signIn(clientId, alice, "Wrong-Password-1"))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Incorrect username or password.");
    }

    @Test
    void aLegacyClientSaysAnUnknownUserDoesNotExistAsCognitoDoes() {
        String legacy = pool.client(r -> r.preventUserExistenceErrors(PreventUserExistenceErrorTypes.LEGACY)).clientId();
        assertThatThrownBy(() -> pool.signIn(legacy, "nobody-" + alice, PASSWORD))
                .isInstanceOf(UserNotFoundException.class)
                .hasMessageStartingWith("User does not exist.");
        assertThatThrownBy(() -> pool.signIn(legacy, alice, "Wrong-Password-1"))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Incorrect username or password.");
    }

    @Test
    void aUserWithATemporaryPasswordIsChallengedInsteadOfSignedIn() {
        String bob = pool.newUser(uniqueName("bob"));
        InitiateAuthResponse response = pool.signIn(clientId, bob, TEMPORARY_PASSWORD);
        assertThat(response.challengeNameAsString()).isEqualTo("NEW_PASSWORD_REQUIRED");
        assertThat(response.authenticationResult()).isNull();
    }

    private static String uncheckedHash(UserPoolClientType client, String username) {
        try {
            return secretHash(client.clientSecret(), username, client.clientId());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
