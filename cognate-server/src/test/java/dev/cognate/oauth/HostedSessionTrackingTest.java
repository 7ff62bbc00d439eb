package dev.cognate.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.testing.Backend;
import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestBrowser.Page;
import dev.cognate.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RevokeAssociatedSessionsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SessionDescriptionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SessionTypeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserSessionTrackingType;

/**
 * Session tracking and the hosted sign-in: the browser's session is an SSO session, a code
 * exchanged for tokens opens a token session naming it, ending either can end the other
 * (RevokeAssociatedSessions LINKED), and each app client reuses the browser's session only
 * within its SSOSession MaxValidityMinutes.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class HostedSessionTrackingTest {
    @Parameter
    Backend backend;

    HostedUiFixture fixture;
    String everyHour;
    String alwaysAsks;
    TestBrowser browser;

    @BeforeEach
    void trackingPool() {
        fixture = HostedUiFixture.on(TestServer.shared(backend));
        fixture.cognito.setUserPoolSessionConfiguration(r -> r.userPoolId(fixture.poolId)
                .userSessionTracking(UserSessionTrackingType.ENABLED).tokenSession(t -> t.maxPerUser(20)));
        // the user API (ListUserSessions, GlobalSignOut) takes access tokens with this scope
        everyHour = fixture.client(r -> r.allowedOAuthScopes("openid", "email", "aws.cognito.signin.user.admin"));
        alwaysAsks = fixture.client();
        fixture.cognito.setUserPoolClientSessionConfiguration(r -> r.userPoolId(fixture.poolId).clientId(alwaysAsks)
                .ssoSession(s -> s.maxValidityMinutes(0)));
        fixture.confirmedUser("jane");
        browser = fixture.browser();
    }

    String signIn(String clientId) {
        Page login = browser.get(browser.get(fixture.authorize(clientId)).location());
        Page answer = browser.submit(login, "/login", Map.of("username", "jane", "password", HostedUiFixture.PASSWORD));
        assertThat(answer.location()).startsWith(HostedUiFixture.CALLBACK + "?code=");
        return answer.locationParameters().get("code");
    }

    /** The tokens of a code, as the app's back end gets them: {refresh_token, access_token}. */
    Map<String, String> exchange(String clientId, String code) throws Exception {
        HttpResponse<String> tokens = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(fixture.server.endpoint() + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&client_id=" + clientId
                        + "&code=" + code + "&redirect_uri=" + TestBrowser.enc(HostedUiFixture.CALLBACK))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tokens.statusCode()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        Map<String, String> body = new com.fasterxml.jackson.databind.ObjectMapper().readValue(tokens.body(), Map.class);
        return body;
    }

    List<SessionDescriptionType> sessions() {
        return fixture.cognito.adminListUserSessions(r -> r.userPoolId(fixture.poolId).username("jane")).sessions();
    }

    SessionDescriptionType sso() {
        return sessions().stream().filter(s -> s.sessionType() == SessionTypeType.SSO).findFirst().orElseThrow();
    }

    String tokenSessionOf(String accessToken) {
        return fixture.cognito.listUserSessions(r -> r.accessToken(accessToken)).sessions().stream()
                .filter(SessionDescriptionType::isCurrentSession).findFirst().orElseThrow().sessionId();
    }

    boolean refreshes(String clientId, String refreshToken) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(fixture.server.endpoint() + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&client_id=" + clientId
                        + "&refresh_token=" + refreshToken)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
    }

    boolean browserStillSignedIn() {
        return browser.get(fixture.authorize(everyHour)).location().startsWith(HostedUiFixture.CALLBACK);
    }

    @Test
    void aHostedSignInIsAnSsoSessionAndEachCodeExchangedThroughItATokenSessionNamingIt() throws Exception {
        exchange(everyHour, signIn(everyHour));
        String again = browser.get(fixture.authorize(everyHour)).locationParameters().get("code");
        exchange(everyHour, again);

        SessionDescriptionType sso = sso();
        assertThat(sso.sessionId()).matches("sso[a-z0-9]{25}");
        assertThat(sso.clientId()).isEqualTo(everyHour);
        assertThat(sso.originSessionId()).isNull();
        assertThat(sso.lastActiveDate()).isAfterOrEqualTo(sso.createDate());
        assertThat(sessions()).filteredOn(s -> s.sessionType() == SessionTypeType.TOKEN).hasSize(2)
                .allSatisfy(t -> assertThat(t.originSessionId()).isEqualTo(sso.sessionId()));
    }

    @Test
    void endingAnSsoSessionWithItsLinkedSessionsSignsTheBrowserAndItsAppsOut() throws Exception {
        Map<String, String> first = exchange(everyHour, signIn(everyHour));
        Map<String, String> second = exchange(everyHour, browser.get(fixture.authorize(everyHour)).locationParameters().get("code"));

        fixture.cognito.adminRevokeUserSession(r -> r.userPoolId(fixture.poolId).username("jane").sessionId(sso().sessionId())
                .revokeAssociatedSessions(RevokeAssociatedSessionsType.LINKED));

        assertThat(sessions()).isEmpty();
        assertThat(refreshes(everyHour, first.get("refresh_token"))).isFalse();
        assertThat(refreshes(everyHour, second.get("refresh_token"))).isFalse();
        assertThat(browserStillSignedIn()).isFalse();
    }

    @Test
    void endingAnSsoSessionAloneLeavesTheAppsTokensWorking() throws Exception {
        Map<String, String> tokens = exchange(everyHour, signIn(everyHour));

        fixture.cognito.adminRevokeUserSession(r -> r.userPoolId(fixture.poolId).username("jane").sessionId(sso().sessionId()));

        assertThat(browserStillSignedIn()).isFalse();
        assertThat(refreshes(everyHour, tokens.get("refresh_token"))).isTrue();
        assertThat(sessions()).singleElement().satisfies(s -> assertThat(s.sessionType()).isEqualTo(SessionTypeType.TOKEN));
    }

    @Test
    void endingATokenSessionWithLinkedEndsItsSsoSessionButNotItsSiblings() throws Exception {
        Map<String, String> kept = exchange(everyHour, signIn(everyHour));
        Map<String, String> ended = exchange(everyHour, browser.get(fixture.authorize(everyHour)).locationParameters().get("code"));
        String endedSession = tokenSessionOf(ended.get("access_token"));

        fixture.cognito.revokeUserSession(r -> r.accessToken(kept.get("access_token")).sessionId(endedSession)
                .revokeAssociatedSessions(RevokeAssociatedSessionsType.LINKED));

        assertThat(refreshes(everyHour, ended.get("refresh_token"))).isFalse();
        assertThat(browserStillSignedIn()).isFalse();
        assertThat(refreshes(everyHour, kept.get("refresh_token"))).isTrue();
    }

    @Test
    void aUserEndingTheirSsoSessionWithItsLinksKeepsTheSessionTheyCallFrom() throws Exception {
        Map<String, String> caller = exchange(everyHour, signIn(everyHour));
        Map<String, String> sibling = exchange(everyHour, browser.get(fixture.authorize(everyHour)).locationParameters().get("code"));

        fixture.cognito.revokeUserSession(r -> r.accessToken(caller.get("access_token")).sessionId(sso().sessionId())
                .revokeAssociatedSessions(RevokeAssociatedSessionsType.LINKED));

        assertThat(browserStillSignedIn()).isFalse();
        assertThat(refreshes(everyHour, sibling.get("refresh_token"))).isFalse();
        assertThat(refreshes(everyHour, caller.get("refresh_token"))).isTrue();
    }

    @Test
    void revokeTokenWithLinkedEndsTheSsoSessionItCameThrough() throws Exception {
        Map<String, String> revoked = exchange(everyHour, signIn(everyHour));
        Map<String, String> sibling = exchange(everyHour, browser.get(fixture.authorize(everyHour)).locationParameters().get("code"));

        fixture.cognito.revokeToken(r -> r.clientId(everyHour).token(revoked.get("refresh_token"))
                .revokeAssociatedSessions(RevokeAssociatedSessionsType.LINKED));

        assertThat(browserStillSignedIn()).isFalse();
        assertThat(refreshes(everyHour, sibling.get("refresh_token"))).isTrue();
        assertThat(sessions()).singleElement().satisfies(s -> assertThat(s.sessionType()).isEqualTo(SessionTypeType.TOKEN));
    }

    @Test
    void aSignOutEndsTheSsoSession() throws Exception {
        Map<String, String> tokens = exchange(everyHour, signIn(everyHour));
        assertThat(sessions()).hasSize(2);

        browser.get("/logout?client_id=" + everyHour + "&logout_uri=" + TestBrowser.enc(HostedUiFixture.SIGNED_OUT));
        assertThat(sessions()).singleElement().satisfies(s -> assertThat(s.sessionType()).isEqualTo(SessionTypeType.TOKEN));

        fixture.cognito.globalSignOut(r -> r.accessToken(tokens.get("access_token")));
        assertThat(sessions()).isEmpty();
    }

    @Test
    void aClientWhoseSsoValidityIsZeroAsksTheUserAgainWhileAnotherReusesTheSession() {
        signIn(everyHour);

        assertThat(browser.get(fixture.authorize(everyHour)).location()).startsWith(HostedUiFixture.CALLBACK + "?code=");
        assertThat(browser.get(fixture.authorize(alwaysAsks)).location()).doesNotStartWith(HostedUiFixture.CALLBACK);
        Page silent = browser.get(fixture.authorize(alwaysAsks, "prompt", "none"));
        assertThat(silent.locationParameters()).containsEntry("error", "login_required");
    }
}
