package dev.cognate.admin.auth;

import static dev.cognate.admin.auth.SignInPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.tokens.Issuers;
import dev.cognate.testing.Backend;
import dev.cognate.testing.RawAdminRequest;
import dev.cognate.tokens.TokenGrant;
import dev.cognate.tokens.TokenMinter;
import dev.cognate.tokens.TokenSubject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UnauthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UnsupportedOperationException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UnsupportedTokenTypeException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;

/** GetUser, GlobalSignOut, RevokeToken and AdminUserGlobalSignOut through the AWS SDK. */
@ParameterizedClass
@EnumSource(Backend.class)
class TokenOperationsTest {
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

    private GetUserResponse getUser(String accessToken) {
        return pool.cognito.getUser(r -> r.accessToken(accessToken));
    }

    @Test
    void getUserAnswersTheUsernameAndAttributesWithSubFirst() {
        GetUserResponse user = getUser(pool.tokens(clientId, alice).accessToken());

        assertThat(user.username()).isEqualTo(alice);
        assertThat(user.userAttributes().getFirst()).isEqualTo(AttributeType.builder().name("sub").value(pool.sub(alice)).build());
        assertThat(user.userAttributes()).contains(AttributeType.builder().name("email").value(alice + "@example.com").build());
        assertThat(user.hasMfaOptions()).isFalse();
    }

    @Test
    void getUserAndGlobalSignOutNeedNoSignature() {
        String accessToken = pool.tokens(clientId, alice).accessToken();
        RawAdminRequest.Response user = RawAdminRequest.to(pool.server, "GetUser").unsigned()
                .body("{\"AccessToken\":\"" + accessToken + "\"}").send();
        assertThat(user.status()).isEqualTo(200);
        assertThat(user.body()).contains("\"Username\":\"" + alice + "\"", "\"UserAttributes\"");

        RawAdminRequest.Response signOut = RawAdminRequest.to(pool.server, "GlobalSignOut").unsigned()
                .body("{\"AccessToken\":\"" + accessToken + "\"}").send();
        assertThat(signOut.status()).isEqualTo(200);
        assertThat(signOut.body()).isEqualTo("{}");
    }

    @Test
    void getUserRefusesAnythingButALiveAccessToken() {
        AuthenticationResultType tokens = pool.tokens(clientId, alice);
        assertThatThrownBy(() -> getUser("not.a.token"))
                .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Invalid Access Token");
        assertThatThrownBy(() -> getUser(tokens.idToken()))
                .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Invalid Access Token");
        assertThatThrownBy(() -> getUser(tokens.refreshToken()))
                .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Invalid Access Token");
    }

    @Test
    void getUserSaysAnExpiredTokenHasExpired() {
        Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
        String expired = mint(Set.of("aws.cognito.signin.user.admin"), Clock.fixed(twoHoursAgo, ZoneOffset.UTC));
        assertThatThrownBy(() -> getUser(expired))
                .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Access Token has expired");
    }

    @Test
    void getUserNeedsTheAdminScopeThatApiSignInsCarry() {
        String openidOnly = mint(Set.of("openid", "email"), Clock.systemUTC());
        assertThatThrownBy(() -> getUser(openidOnly))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Access Token does not have required scopes");
        assertThatThrownBy(() -> pool.cognito.globalSignOut(r -> r.accessToken(openidOnly)))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageStartingWith("Access Token does not have required scopes");
    }

    @Test
    void aDisabledUsersAccessTokenNoLongerWorks() {
        String accessToken = pool.tokens(clientId, alice).accessToken();
        pool.cognito.adminDisableUser(r -> r.userPoolId(pool.poolId).username(alice));
        assertThatThrownBy(() -> getUser(accessToken))
                .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("User is disabled.");
    }

    @Test
    void globalSignOutRevokesEveryRefreshTokenAndAccessTokenOfTheUser() {
        AuthenticationResultType phone = pool.tokens(clientId, alice);
        AuthenticationResultType laptop = pool.tokens(clientId, alice);
        String refreshedAccess = pool.refresh(clientId, laptop.refreshToken()).authenticationResult().accessToken();

        pool.cognito.globalSignOut(r -> r.accessToken(phone.accessToken()));

        for (String accessToken : List.of(phone.accessToken(), laptop.accessToken(), refreshedAccess)) {
            assertThatThrownBy(() -> getUser(accessToken))
                    .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Access Token has been revoked");
        }
        for (String refreshToken : List.of(phone.refreshToken(), laptop.refreshToken())) {
            assertThatThrownBy(() -> pool.refresh(clientId, refreshToken)).isInstanceOf(NotAuthorizedException.class);
        }
    }

    @Test
    void globalSignOutLeavesOtherUsersSignedIn() {
        String bob = pool.confirmedUser(uniqueName("bob"));
        AuthenticationResultType bobs = pool.tokens(clientId, bob);
        pool.cognito.globalSignOut(r -> r.accessToken(pool.tokens(clientId, alice).accessToken()));

        assertThat(getUser(bobs.accessToken()).username()).isEqualTo(bob);
        assertThat(pool.refresh(clientId, bobs.refreshToken()).authenticationResult()).isNotNull();
    }

    @Test
    void adminUserGlobalSignOutRevokesRefreshTokensToo() {
        AuthenticationResultType tokens = pool.tokens(clientId, alice);
        pool.cognito.adminUserGlobalSignOut(r -> r.userPoolId(pool.poolId).username(alice));

        assertThatThrownBy(() -> pool.refresh(clientId, tokens.refreshToken())).isInstanceOf(NotAuthorizedException.class);
        assertThatThrownBy(() -> getUser(tokens.accessToken()))
                .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Access Token has been revoked");
    }

    @Test
    void revokeTokenKillsTheRefreshTokenAndTheAccessTokensOfItsSignInOnly() {
        AuthenticationResultType revoked = pool.tokens(clientId, alice);
        String refreshedAccess = pool.refresh(clientId, revoked.refreshToken()).authenticationResult().accessToken();
        AuthenticationResultType other = pool.tokens(clientId, alice);

        pool.cognito.revokeToken(r -> r.clientId(clientId).token(revoked.refreshToken()));

        assertThatThrownBy(() -> pool.refresh(clientId, revoked.refreshToken()))
                .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Invalid Refresh Token");
        for (String accessToken : List.of(revoked.accessToken(), refreshedAccess)) {
            assertThatThrownBy(() -> getUser(accessToken))
                    .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Access Token has been revoked");
        }
        assertThat(getUser(other.accessToken()).username()).isEqualTo(alice);
        assertThat(pool.refresh(clientId, other.refreshToken()).authenticationResult()).isNotNull();
    }

    @Test
    void revokeTokenNeedsNoSignatureAndAnswersEmpty() {
        String refreshToken = pool.tokens(clientId, alice).refreshToken();
        RawAdminRequest.Response response = RawAdminRequest.to(pool.server, "RevokeToken").unsigned()
                .body("{\"ClientId\":\"" + clientId + "\",\"Token\":\"" + refreshToken + "\"}").send();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{}");
    }

    @Test
    void revokingAnUnknownOrAlreadyRevokedTokenSucceeds() {
        String refreshToken = pool.tokens(clientId, alice).refreshToken();
        pool.cognito.revokeToken(r -> r.clientId(clientId).token(refreshToken));
        pool.cognito.revokeToken(r -> r.clientId(clientId).token(refreshToken));
        pool.cognito.revokeToken(r -> r.clientId(clientId).token("unknown-refresh-token"));
    }

    @Test
    void aClientWithASecretMustPresentItToRevoke() {
        UserPoolClientType client = pool.secretClient();
        String id = client.clientId();
        String refreshToken = refreshTokenFor(client);

        assertThatThrownBy(() -> pool.cognito.revokeToken(r -> r.clientId(id).token(refreshToken)))
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> pool.cognito.revokeToken(r -> r.clientId(id).token(refreshToken)
                .clientSecret("wrongsecret0000000000000000000000000000000000000000")))
                .isInstanceOf(UnauthorizedException.class);
        pool.cognito.revokeToken(r -> r.clientId(id).token(refreshToken).clientSecret(client.clientSecret()));
        assertThatThrownBy(() -> pool.cognito.initiateAuth(r -> r.clientId(id).authFlow("REFRESH_TOKEN_AUTH")
                .authParameters(Map.of("REFRESH_TOKEN", refreshToken, "SECRET_HASH", hash(client, alice)))))
                .isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void aClientWithRevocationTurnedOffCannotRevoke() {
        String noRevocation = pool.client(r -> r.enableTokenRevocation(false)).clientId();
        String refreshToken = pool.tokens(noRevocation, alice).refreshToken();
        assertThatThrownBy(() -> pool.cognito.revokeToken(r -> r.clientId(noRevocation).token(refreshToken)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void onlyRefreshTokensCanBeRevoked() {
        String accessToken = pool.tokens(clientId, alice).accessToken();
        assertThatThrownBy(() -> pool.cognito.revokeToken(r -> r.clientId(clientId).token(accessToken)))
                .isInstanceOf(UnsupportedTokenTypeException.class);
        assertThat(getUser(accessToken).username()).isEqualTo(alice);
    }

    @Test
    void aClientCannotRevokeAnotherClientsRefreshToken() {
        String refreshToken = pool.tokens(clientId, alice).refreshToken();
        String otherClient = pool.publicClient();
        assertThatThrownBy(() -> pool.cognito.revokeToken(r -> r.clientId(otherClient).token(refreshToken)))
                .isInstanceOf(UnauthorizedException.class);
        assertThat(pool.refresh(clientId, refreshToken).authenticationResult()).isNotNull();
    }

    @Test
    void revokeTokenWithAnUnknownClientIsUnauthorized() {
        String refreshToken = pool.tokens(clientId, alice).refreshToken();
        assertThatThrownBy(() -> pool.cognito.revokeToken(r -> r.clientId("nosuchclient0000000000000a").token(refreshToken)))
                .isInstanceOf(UnauthorizedException.class);
    }

    private String refreshTokenFor(UserPoolClientType client) {
        return pool.cognito.initiateAuth(r -> r.clientId(client.clientId()).authFlow("USER_PASSWORD_AUTH")
                .authParameters(Map.of("USERNAME", alice, "PASSWORD", SignInPool.PASSWORD,
                        "SECRET_HASH", hash(client, alice)))).authenticationResult().refreshToken();
    }

    private static String hash(UserPoolClientType client, String username) {
        try {
            return SignInPool.secretHash(client.clientSecret(), username, client.clientId());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An access token for alice signed by the pool's key, with the given scopes, minted at the clock's time. */
    private String mint(Set<String> scopes, Clock clock) {
        Issuers issuers = new Issuers(() -> pool.server.server().publicUrl(), null);
        TokenMinter minter = new TokenMinter(pool.server.server().keyRing(), issuers, clock);
        TokenSubject subject = new TokenSubject(pool.sub(alice), alice, List.of(), Map.of(), null);
        TokenGrant grant = new TokenGrant(pool.poolId, clientId, scopes, clock.instant(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), null, Duration.ofHours(1), Duration.ofHours(1));
        return minter.mint(subject, grant, false).accessToken();
    }
}
