package dev.cognate.admin.auth;

import static dev.cognate.admin.auth.SignInPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import dev.cognate.testing.RawAdminRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.FeatureUnavailableInTierException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GetUserPoolSessionConfigurationResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.HttpHeader;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OperationNotEnabledException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RevokeAssociatedSessionsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SessionDescriptionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SessionTypeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolTierType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserSessionTrackingType;

/**
 * Session tracking through the AWS SDK: a pool that turns it on keeps a token session for each
 * sign-in; its users list their sessions and end one they lost, an administrator lists and ends
 * any user's, and a user past the pool's MaxPerUser loses the least recently used one.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class UserSessionsTest {
    static final String CHROME_ON_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36";

    @Parameter
    Backend backend;

    SignInPool pool;
    String clientId;

    void trackingPool(int maxPerUser) {
        pool = SignInPool.create(backend);
        clientId = pool.publicClient();
        pool.cognito.setUserPoolSessionConfiguration(r -> r.userPoolId(pool.poolId)
                .userSessionTracking(UserSessionTrackingType.ENABLED).tokenSession(t -> t.maxPerUser(maxPerUser)));
    }

    List<SessionDescriptionType> sessions(String accessToken) {
        return pool.cognito.listUserSessions(r -> r.accessToken(accessToken)).sessions();
    }

    List<SessionDescriptionType> adminSessions(String username) {
        return pool.cognito.adminListUserSessions(r -> r.userPoolId(pool.poolId).username(username)).sessions();
    }

    SessionDescriptionType current(String accessToken) {
        return sessions(accessToken).stream().filter(SessionDescriptionType::isCurrentSession).findFirst().orElseThrow();
    }

    @Test
    void aPoolThatNeverConfiguredSessionsAnswersCognitosDefaults() {
        pool = SignInPool.create(backend);
        clientId = pool.publicClient();

        GetUserPoolSessionConfigurationResponse settings = pool.cognito.getUserPoolSessionConfiguration(r -> r.userPoolId(pool.poolId));
        assertThat(settings.userPoolId()).isEqualTo(pool.poolId);
        assertThat(settings.userSessionTracking()).isEqualTo(UserSessionTrackingType.DISABLED);
        assertThat(settings.tokenSession().maxPerUser()).isEqualTo(20);
        assertThat(pool.cognito.getUserPoolClientSessionConfiguration(r -> r.userPoolId(pool.poolId).clientId(clientId))
                .ssoSession().maxValidityMinutes()).isEqualTo(60);
    }

    @Test
    void theSettingsAreKeptAsSetAndCheckedAgainstCognitosLimits() {
        trackingPool(5);

        var settings = pool.cognito.getUserPoolSessionConfiguration(r -> r.userPoolId(pool.poolId));
        assertThat(settings.userSessionTracking()).isEqualTo(UserSessionTrackingType.ENABLED);
        assertThat(settings.tokenSession().maxPerUser()).isEqualTo(5);
        var client = pool.cognito.setUserPoolClientSessionConfiguration(r -> r.userPoolId(pool.poolId).clientId(clientId)
                .ssoSession(s -> s.maxValidityMinutes(0)));
        assertThat(client.ssoSession().maxValidityMinutes()).isZero();
        assertThat(pool.cognito.getUserPoolClientSessionConfiguration(r -> r.userPoolId(pool.poolId).clientId(clientId))
                .ssoSession().maxValidityMinutes()).isZero();

        for (int refused : new int[] {0, 101}) {
            assertThatThrownBy(() -> pool.cognito.setUserPoolSessionConfiguration(r -> r.userPoolId(pool.poolId)
                    .userSessionTracking(UserSessionTrackingType.ENABLED).tokenSession(t -> t.maxPerUser(refused))))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("tokenSession.maxPerUser");
        }
        assertThatThrownBy(() -> pool.cognito.setUserPoolClientSessionConfiguration(r -> r.userPoolId(pool.poolId)
                .clientId(clientId).ssoSession(s -> s.maxValidityMinutes(129_601))))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> pool.cognito.getUserPoolClientSessionConfiguration(r -> r.userPoolId(pool.poolId)
                .clientId("nosuchclient1234567890")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(RawAdminRequest.to(pool.server, "SetUserPoolSessionConfiguration").body("{\"UserPoolId\":\""
                + pool.poolId + "\",\"UserSessionTracking\":\"ON\",\"TokenSession\":{\"MaxPerUser\":3}}").send().type())
                .isEqualTo("InvalidParameterException");
    }

    @Test
    void aLiteTierPoolCannotTrackSessions() {
        pool = SignInPool.create(backend, r -> r.userPoolTier(UserPoolTierType.LITE));

        assertThatThrownBy(() -> pool.cognito.setUserPoolSessionConfiguration(r -> r.userPoolId(pool.poolId)
                .userSessionTracking(UserSessionTrackingType.ENABLED).tokenSession(t -> t.maxPerUser(5))))
                .isInstanceOf(FeatureUnavailableInTierException.class);
    }

    @Test
    void withoutTrackingTheSessionOperationsSayItIsOff() {
        pool = SignInPool.create(backend);
        clientId = pool.publicClient();
        String alice = pool.confirmedUser(uniqueName("alice"));
        String accessToken = pool.tokens(clientId, alice).accessToken();

        assertThatThrownBy(() -> sessions(accessToken)).isInstanceOf(OperationNotEnabledException.class)
                .hasMessageContaining("SetUserPoolSessionConfiguration");
        assertThatThrownBy(() -> adminSessions(alice)).isInstanceOf(OperationNotEnabledException.class);
        assertThatThrownBy(() -> pool.cognito.setUserPoolClientSessionConfiguration(r -> r.userPoolId(pool.poolId)
                .clientId(clientId).ssoSession(s -> s.maxValidityMinutes(30))))
                .isInstanceOf(OperationNotEnabledException.class);
    }

    @Test
    void eachSignInOpensATokenSessionTheUserAndTheAdministratorSee() {
        trackingPool(20);
        String alice = pool.confirmedUser(uniqueName("alice"));
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        AuthenticationResultType laptop = pool.tokens(clientId, alice);
        AuthenticationResultType phone = pool.tokens(clientId, alice);

        List<SessionDescriptionType> seen = sessions(phone.accessToken());
        assertThat(seen).hasSize(2);
        assertThat(seen).allSatisfy(s -> {
            assertThat(s.sessionId()).matches("tkn[a-z0-9]{25}");
            assertThat(s.sessionType()).isEqualTo(SessionTypeType.TOKEN);
            assertThat(s.clientId()).isEqualTo(clientId);
            assertThat(s.createDate()).isAfterOrEqualTo(before);
            assertThat(s.lastActiveDate()).isEqualTo(s.createDate());
            assertThat(s.lastIPAddress()).isEqualTo("127.0.0.1");
            assertThat(s.deviceType()).startsWith("aws-sdk-java 2.");
            assertThat(s.originSessionId()).isNull();
        });
        assertThat(seen).filteredOn(SessionDescriptionType::isCurrentSession).hasSize(1);
        assertThat(current(laptop.accessToken()).sessionId()).isNotEqualTo(current(phone.accessToken()).sessionId());
        assertThat(adminSessions(alice)).extracting(SessionDescriptionType::sessionId)
                .containsExactlyInAnyOrderElementsOf(seen.stream().map(SessionDescriptionType::sessionId).toList());
        assertThat(adminSessions(alice)).noneMatch(SessionDescriptionType::isCurrentSession);
    }

    @Test
    void aRefreshKeepsItsSessionAndRecordsWhereItCameFrom() {
        trackingPool(20);
        String alice = pool.confirmedUser(uniqueName("alice"));
        AuthenticationResultType tokens = pool.tokens(clientId, alice);
        SessionDescriptionType opened = current(tokens.accessToken());

        RawAdminRequest.Response refreshed = RawAdminRequest.to(pool.server, "InitiateAuth").unsigned()
                .header("User-Agent", CHROME_ON_MAC)
                .body("{\"ClientId\":\"" + clientId + "\",\"AuthFlow\":\"REFRESH_TOKEN_AUTH\","
                        + "\"AuthParameters\":{\"REFRESH_TOKEN\":\"" + tokens.refreshToken() + "\"}}").send();
        assertThat(refreshed.status()).isEqualTo(200);

        List<SessionDescriptionType> after = adminSessions(alice);
        assertThat(after).singleElement().satisfies(s -> {
            assertThat(s.sessionId()).isEqualTo(opened.sessionId());
            assertThat(s.createDate()).isEqualTo(opened.createDate());
            assertThat(s.lastActiveDate()).isAfterOrEqualTo(opened.lastActiveDate());
            assertThat(s.deviceType()).isEqualTo("Chrome 125 / macOS 10.15");
        });
    }

    @Test
    void anAdminSignInRecordsTheDeviceAndAddressTheAppsServerReportsForItsUser() {
        trackingPool(20);
        String alice = pool.confirmedUser(uniqueName("alice"));

        pool.cognito.adminInitiateAuth(r -> r.userPoolId(pool.poolId).clientId(clientId)
                .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", alice, "PASSWORD", SignInPool.PASSWORD))
                .contextData(c -> c.ipAddress("203.0.113.7").serverName("app.example.com").serverPath("/login")
                        .httpHeaders(HttpHeader.builder().headerName("User-Agent").headerValue(CHROME_ON_MAC).build())));

        assertThat(adminSessions(alice)).singleElement().satisfies(s -> {
            assertThat(s.lastIPAddress()).isEqualTo("203.0.113.7");
            assertThat(s.deviceType()).isEqualTo("Chrome 125 / macOS 10.15");
        });
    }

    @Test
    void aUserEndsTheSessionOfALostDeviceWhoseTokensThenStopWorking() {
        trackingPool(20);
        String alice = pool.confirmedUser(uniqueName("alice"));
        AuthenticationResultType lost = pool.tokens(clientId, alice);
        AuthenticationResultType kept = pool.tokens(clientId, alice);
        String lostSession = current(lost.accessToken()).sessionId();

        pool.cognito.revokeUserSession(r -> r.accessToken(kept.accessToken()).sessionId(lostSession)
                .revokeAssociatedSessions(RevokeAssociatedSessionsType.NONE));

        assertThatThrownBy(() -> pool.refresh(clientId, lost.refreshToken())).isInstanceOf(NotAuthorizedException.class);
        assertThatThrownBy(() -> pool.cognito.getUser(r -> r.accessToken(lost.accessToken())))
                .isInstanceOf(NotAuthorizedException.class);
        assertThat(sessions(kept.accessToken())).singleElement().satisfies(s -> assertThat(s.isCurrentSession()).isTrue());
        assertThat(pool.refresh(clientId, kept.refreshToken()).authenticationResult().accessToken()).isNotBlank();
        assertThatThrownBy(() -> pool.cognito.revokeUserSession(r -> r.accessToken(kept.accessToken()).sessionId(lostSession)))
                .as("an ended session is gone").isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aSessionCannotEndItselfThroughRevokeUserSession() {
        trackingPool(20);
        String alice = pool.confirmedUser(uniqueName("alice"));
        AuthenticationResultType tokens = pool.tokens(clientId, alice);
        String own = current(tokens.accessToken()).sessionId();

        assertThatThrownBy(() -> pool.cognito.revokeUserSession(r -> r.accessToken(tokens.accessToken()).sessionId(own)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("GlobalSignOut");
        assertThat(pool.refresh(clientId, tokens.refreshToken()).authenticationResult()).isNotNull();
    }

    @Test
    void aUserCannotEndAnotherUsersSessionNorLearnThatItExists() {
        trackingPool(20);
        String alice = pool.confirmedUser(uniqueName("alice"));
        String mallory = pool.confirmedUser(uniqueName("mallory"));
        AuthenticationResultType alices = pool.tokens(clientId, alice);
        String alicesSession = current(alices.accessToken()).sessionId();
        String mallorys = pool.tokens(clientId, mallory).accessToken();

        AwsServiceException other = (AwsServiceException) org.assertj.core.api.Assertions.catchThrowable(
                () -> pool.cognito.revokeUserSession(r -> r.accessToken(mallorys).sessionId(alicesSession)));
        AwsServiceException none = (AwsServiceException) org.assertj.core.api.Assertions.catchThrowable(
                () -> pool.cognito.revokeUserSession(r -> r.accessToken(mallorys).sessionId("tkn" + "a".repeat(25))));
        assertThat(other).isInstanceOf(ResourceNotFoundException.class);
        assertThat(other.awsErrorDetails().errorMessage()).isEqualTo(none.awsErrorDetails().errorMessage());
        assertThatThrownBy(() -> pool.cognito.adminRevokeUserSession(r -> r.userPoolId(pool.poolId).username(mallory)
                .sessionId(alicesSession))).as("the username must be the session's").isInstanceOf(ResourceNotFoundException.class);
        assertThat(pool.refresh(clientId, alices.refreshToken()).authenticationResult()).isNotNull();

        pool.cognito.adminRevokeUserSession(r -> r.userPoolId(pool.poolId).username(alice).sessionId(alicesSession));
        assertThatThrownBy(() -> pool.refresh(clientId, alices.refreshToken())).isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void aUserCreatedWithADeletedUsersNameSeesNoneOfTheirSessions() {
        trackingPool(20);
        String alice = pool.confirmedUser(uniqueName("alice"));
        AuthenticationResultType old = pool.tokens(clientId, alice);
        pool.cognito.adminDeleteUser(r -> r.userPoolId(pool.poolId).username(alice));
        pool.confirmedUser(alice);

        AuthenticationResultType fresh = pool.tokens(clientId, alice);

        assertThat(sessions(fresh.accessToken())).singleElement().satisfies(s -> assertThat(s.isCurrentSession()).isTrue());
        assertThatThrownBy(() -> pool.refresh(clientId, old.refreshToken())).isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void aUserAtMaxPerUserLosesTheLeastRecentlyUsedSessionAtTheNextSignIn() {
        trackingPool(2);
        String alice = pool.confirmedUser(uniqueName("alice"));
        AuthenticationResultType first = pool.tokens(clientId, alice);
        AuthenticationResultType second = pool.tokens(clientId, alice);
        pool.refresh(clientId, first.refreshToken());
        AuthenticationResultType third = pool.tokens(clientId, alice);

        assertThat(adminSessions(alice)).hasSize(2);
        assertThatThrownBy(() -> pool.refresh(clientId, second.refreshToken()))
                .as("the second sign-in was used least recently").isInstanceOf(NotAuthorizedException.class);
        assertThat(pool.refresh(clientId, first.refreshToken()).authenticationResult()).isNotNull();
        assertThat(pool.refresh(clientId, third.refreshToken()).authenticationResult()).isNotNull();
    }

    @Test
    void aGlobalSignOutEndsEverySessionAndARevokedRefreshTokenItsOwn() {
        trackingPool(20);
        String alice = pool.confirmedUser(uniqueName("alice"));
        AuthenticationResultType one = pool.tokens(clientId, alice);
        AuthenticationResultType two = pool.tokens(clientId, alice);

        pool.cognito.revokeToken(r -> r.clientId(clientId).token(one.refreshToken())
                .revokeAssociatedSessions(RevokeAssociatedSessionsType.LINKED));
        assertThat(adminSessions(alice)).singleElement()
                .satisfies(s -> assertThat(s.sessionId()).isEqualTo(current(two.accessToken()).sessionId()));

        pool.cognito.globalSignOut(r -> r.accessToken(two.accessToken()));
        assertThat(adminSessions(alice)).isEmpty();
    }

    @Test
    void malformedSessionRequestsAreRefusedWithTheMemberAtFault() {
        trackingPool(20);
        String alice = pool.confirmedUser(uniqueName("alice"));
        String accessToken = pool.tokens(clientId, alice).accessToken();

        for (String bad : List.of("tkn123", "abc" + "a".repeat(25), "TKN" + "A".repeat(25), "tkn" + "a".repeat(26))) {
            assertThatThrownBy(() -> pool.cognito.revokeUserSession(r -> r.accessToken(accessToken).sessionId(bad)))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("sessionId");
        }
        assertThat(RawAdminRequest.to(pool.server, "RevokeUserSession").unsigned().body(
                "{\"AccessToken\":\"" + accessToken + "\",\"SessionId\":\"tkn" + "a".repeat(25)
                        + "\",\"RevokeAssociatedSessions\":\"ALL\"}").send().type()).isEqualTo("InvalidParameterException");
        assertThat(RawAdminRequest.to(pool.server, "RevokeToken").unsigned().body(
                "{\"ClientId\":\"" + clientId + "\",\"Token\":\"abc\",\"RevokeAssociatedSessions\":\"ALL\"}").send().type())
                .isEqualTo("InvalidParameterException");
        assertThatThrownBy(() -> pool.cognito.listUserSessions(r -> r.accessToken(accessToken).nextToken("made-up")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> pool.cognito.listUserSessions(r -> r.accessToken("not-a-token")))
                .isInstanceOf(NotAuthorizedException.class);
        assertThat(RawAdminRequest.to(pool.server, "AdminListUserSessions").unsigned()
                .body("{\"UserPoolId\":\"" + pool.poolId + "\",\"Username\":\"" + alice + "\"}").send().status())
                .as("the admin twin is signed").isIn(400, 403);
    }
}
