package dev.cognate.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.testing.Backend;
import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.MovableClock;
import dev.cognate.testing.StubIdp;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestBrowser.Page;
import dev.cognate.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderTypeType;

/**
 * Unauthenticated visitors can make the server write (a sign-in transaction per authorize, a
 * throttle entry per failed password, a code per sign-in the app never redeems): once those
 * expire, one upkeep pass leaves every table as it was.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class AbandonedSignInsTest {
    static final List<String> EXPIRING = List.of("sign_in_transactions", "authorization_codes", "browser_sessions",
            "sign_in_failures", "refresh_tokens", "revoked_origins");
    static final int N = 5;

    @Parameter
    Backend backend;

    final MovableClock clock = new MovableClock(Instant.now());
    TestServer server;
    StubIdp idp;
    HostedUiFixture fixture;
    String clientId;

    @BeforeEach
    void start() {
        server = TestServer.startWith(backend, clock);
        idp = StubIdp.start("/tenant/v2.0");
        fixture = HostedUiFixture.on(server);
        fixture.cognito.createIdentityProvider(r -> r.userPoolId(fixture.poolId).providerName("entra")
                .providerType(IdentityProviderTypeType.OIDC).providerDetails(Map.of("client_id", "idp-client",
                        "client_secret", "idp-secret", "authorize_scopes", "openid email",
                        "attributes_request_method", "GET", "oidc_issuer", idp.issuer())));
        clientId = fixture.client(r -> r.supportedIdentityProviders("COGNITO", "entra"));
        fixture.confirmedUser("jane");
    }

    @AfterEach
    void stop() {
        idp.close();
        server.close();
    }

    Map<String, Long> rows() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : EXPIRING) {
            counts.put(table, server.server().database().jdbi().withHandle(h ->
                    h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one()));
        }
        return counts;
    }

    @Test
    void abandonedSignInsLeaveNoRowsBehindOnceExpiredAndPurged() {
        Map<String, Long> before = rows();
        for (int i = 0; i < N; i++) {
            TestBrowser browser = fixture.browser();
            // A password sign-in that fails once and is never tried again.
            Page page = browser.get(browser.get(fixture.authorize(clientId)).location());
            assertThat(browser.submit(page, "/login", Map.of("username", "ghost-" + i, "password", "Wr0ng-" + i)).status())
                    .isEqualTo(400);
            // A federated sign-in that never comes back from the IdP.
            assertThat(browser.get(fixture.authorize(clientId, "identity_provider", "entra")).location())
                    .startsWith(idp.base());
        }
        // A sign-in whose code the app never redeems (a code row, a browser session).
        TestBrowser browser = fixture.browser();
        Page page = browser.get(browser.get(fixture.authorize(clientId)).location());
        assertThat(browser.submit(page, "/login", Map.of("username", "jane", "password", HostedUiFixture.PASSWORD))
                .location()).startsWith(HostedUiFixture.CALLBACK);
        Map<String, Long> during = rows();
        assertThat(during.get("sign_in_transactions")).isEqualTo(before.get("sign_in_transactions") + 2 * N + 1);
        assertThat(during.get("authorization_codes")).isGreaterThan(before.get("authorization_codes"));
        assertThat(during.get("sign_in_failures")).isGreaterThan(before.get("sign_in_failures"));

        // Still within their lives: nothing is purged yet.
        server.server().maintenance().runOnce();
        assertThat(rows()).isEqualTo(during);

        clock.advance(SignInTransactions.LIFETIME.plus(Duration.ofHours(1)).plusMinutes(1));
        int purged = server.server().maintenance().runOnce();

        assertThat(rows()).isEqualTo(before);
        assertThat(purged).isEqualTo((int) (during.values().stream().mapToLong(Long::longValue).sum()
                - before.values().stream().mapToLong(Long::longValue).sum()));
        assertThat(server.server().metrics().scrape()).contains("cognate_purged_rows_total{kind=\"sign_in_transactions\"} "
                + (2 * N + 1) + ".0");
    }
}
