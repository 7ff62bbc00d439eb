package dev.cognate.hostedui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.testing.Backend;
import dev.cognate.testing.HostedUiFixture;
import dev.cognate.testing.TestBrowser;
import dev.cognate.testing.TestBrowser.Page;
import dev.cognate.testing.TestServer;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A user who owes a TOTP code must not get an authorization code (and so tokens) from the
 * password form alone: the hosted page asks for the code first (HostedTotpTest goes on from there).
 */
@ParameterizedClass
@EnumSource(Backend.class)
class HostedMfaBypassTest {
    @Parameter
    Backend backend;

    @Test
    void theHostedPasswordFormDoesNotSkipAnEnabledSoftwareToken() {
        HostedUiFixture fixture = HostedUiFixture.on(TestServer.shared(backend));
        String clientId = fixture.client();
        String username = fixture.confirmedUser("totp-" + UUID.randomUUID().toString().substring(0, 8));
        fixture.server.server().database().jdbi().useHandle(h -> h.createUpdate("""
                        INSERT INTO user_software_tokens (pool_id, username, secret, enabled, preferred)
                        VALUES (:pool, :username, 'sealed secret', 1, 1)""")
                .bind("pool", fixture.poolId).bind("username", username).execute());

        TestBrowser browser = fixture.browser();
        Page toLogin = browser.get(fixture.authorize(clientId));
        Page form = browser.get(toLogin.location());
        Page answer = browser.submit(form, "/login", Map.of("username", username, "password", HostedUiFixture.PASSWORD));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Location")).isEmpty();
        assertThat(answer.body()).contains("Enter your authenticator code", "action=\"/login/totp\"");
    }
}
