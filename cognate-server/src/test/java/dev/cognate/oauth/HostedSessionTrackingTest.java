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
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SessionDescriptionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserSessionTrackingType;

/**
 * Session tracking and the hosted sign-in: a code exchanged for tokens opens a token session,
 * and each app client reuses the browser's session only within its SSOSession MaxValidityMinutes.
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
        everyHour = fixture.client();
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

    @Test
    void aCodeExchangedForTokensOpensATokenSessionOfItsClient() throws Exception {
        String code = signIn(everyHour);

        HttpResponse<String> tokens = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(fixture.server.endpoint() + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&client_id=" + everyHour
                        + "&code=" + code + "&redirect_uri=" + TestBrowser.enc(HostedUiFixture.CALLBACK))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(tokens.statusCode()).isEqualTo(200);
        assertThat(tokens.body()).contains("refresh_token");
        assertThat(fixture.cognito.adminListUserSessions(r -> r.userPoolId(fixture.poolId).username("jane")).sessions())
                .singleElement().extracting(SessionDescriptionType::clientId).isEqualTo(everyHour);
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
