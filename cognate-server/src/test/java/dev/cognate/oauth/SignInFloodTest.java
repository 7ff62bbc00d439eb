package dev.cognate.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.http.HttpLimits;
import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * Each authorization request that passes its checks makes the server write a sign-in
 * transaction: one client address may begin only so many a minute (--sign-ins-per-address).
 */
class SignInFloodTest {

    @Test
    void aFloodOfSignInStartsFromOneAddressIsRefusedWith429AndWritesNothingMore() {
        try (TestServer node = TestServer.start(HttpLimits.defaults().withSignInsPerAddressPerMinute(3))) {
            HostedUiFixture fixture = HostedUiFixture.on(node);
            String clientId = fixture.client();
            TestBrowser browser = fixture.browser();
            for (int i = 0; i < 3; i++) {
                assertThat(browser.get(fixture.authorize(clientId)).location()).startsWith("/login?");
            }
            long rows = transactions(node);

            TestBrowser.Page refused = browser.get(fixture.authorize(clientId));

            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.header("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
            assertThat(refused.body()).contains("Too many sign-ins");
            assertThat(transactions(node)).isEqualTo(rows);
            // A request that fails its checks writes nothing and is not counted against the address.
            assertThat(browser.get(fixture.authorize(clientId, "redirect_uri", "https://evil.example/cb")).status())
                    .isEqualTo(400);
        }
    }

    static long transactions(TestServer node) {
        return node.server().database().jdbi().withHandle(h ->
                h.createQuery("SELECT COUNT(*) FROM sign_in_transactions").mapTo(Long.class).one());
    }
}
