package dev.cognate.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.crypto.SecretBox;
import dev.cognate.pools.Policies;
import dev.cognate.pools.StandardSchema;
import dev.cognate.pools.UserPool;
import dev.cognate.providers.IdentityProvider;
import dev.cognate.providers.ProviderSecrets;
import dev.cognate.providers.ProviderType;
import dev.cognate.store.Database;
import dev.cognate.store.jdbc.JdbcIdentityProviderStore;
import dev.cognate.store.jdbc.JdbcUserPoolStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.MovableClock;
import dev.cognate.testing.TestDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** IdP client secrets that expire within 30 days show in a gauge (and the log) before sign-ins start failing. */
@ParameterizedClass
@EnumSource(Backend.class)
class SecretExpiryMonitorTest {
    static final String POOL = "us-east-1_SECRETEXP";

    @Parameter
    Backend backend;

    Database database;
    JdbcIdentityProviderStore providers;
    final MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(backend);
        new JdbcUserPoolStore(database.jdbi()).insert(new UserPool(POOL, "secrets", clock.instant(), clock.instant(),
                Policies.DEFAULT, "INACTIVE", StandardSchema.defaults(), List.of("email"), null, List.of("email"), null,
                "OFF", "ESSENTIALS", null, null, null, null, null, null, null, null, null, null, null, null, null, null));
        providers = new JdbcIdentityProviderStore(database.jdbi(), new SecretBox(new byte[32]));
    }

    @AfterEach
    void close() {
        database.close();
    }

    void provider(String name, String expiresAt) {
        Map<String, String> details = new java.util.HashMap<>(Map.of("client_id", "c", "authorize_scopes", "openid",
                "attributes_request_method", "GET", "oidc_issuer", "https://idp.example.com"));
        if (expiresAt != null) {
            details.put("client_secret_expires_at", expiresAt);
        }
        providers.insert(new IdentityProvider(POOL, name, ProviderType.OIDC, details, new ProviderSecrets("s", null),
                Map.of("username", "sub"), null, null, clock.instant(), clock.instant()));
    }

    @Test
    void secretsExpiringWithinThirtyDaysAreCountedAndEachShowsItsTimeLeft() {
        provider("soon", "2030-01-11T00:00:00Z");
        provider("expired", "2029-12-31T00:00:00Z");
        provider("later", "2031-01-01T00:00:00Z");
        provider("never", null);

        new SecretExpiryMonitor(providers, registry, clock).check();

        assertThat(registry.get(SecretExpiryMonitor.EXPIRING).gauge().value()).isEqualTo(2.0);
        assertThat(registry.get(SecretExpiryMonitor.EXPIRY_SECONDS).tag("provider", "soon").gauge().value())
                .isEqualTo(Duration.ofDays(10).toSeconds());
        assertThat(registry.get(SecretExpiryMonitor.EXPIRY_SECONDS).tag("provider", "expired").gauge().value())
                .isEqualTo(-Duration.ofDays(1).toSeconds());
        assertThat(registry.find(SecretExpiryMonitor.EXPIRY_SECONDS).tag("provider", "never").gauge()).isNull();
    }

    @Test
    void theCountFollowsTheClock() {
        provider("later", "2030-03-01T00:00:00Z");
        SecretExpiryMonitor monitor = new SecretExpiryMonitor(providers, registry, clock);
        monitor.check();
        assertThat(registry.get(SecretExpiryMonitor.EXPIRING).gauge().value()).isEqualTo(0.0);

        clock.advance(Duration.ofDays(40));
        monitor.check();
        assertThat(registry.get(SecretExpiryMonitor.EXPIRING).gauge().value()).isEqualTo(1.0);
    }
}
