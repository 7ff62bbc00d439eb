package dev.cognate.federation;

import dev.cognate.providers.IdentityProvider;
import dev.cognate.providers.OidcSettings;
import dev.cognate.providers.ProviderType;
import dev.cognate.store.IdentityProviderStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the IdP client secrets that expire (ProviderDetails {@code client_secret_expires_at};
 * Entra secrets last at most two years and an expired one fails every sign-in with
 * AADSTS7000222): a gauge per provider with the seconds left
 * ({@code cognate_idp_client_secret_expiry_seconds{pool,provider}}, negative once expired), a
 * gauge counting those within 30 days ({@code cognate_idp_client_secrets_expiring}), and a log
 * warning for each of them at every check.
 */
public final class SecretExpiryMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(SecretExpiryMonitor.class);
    public static final Duration WARNING_WINDOW = Duration.ofDays(30);
    public static final String EXPIRY_SECONDS = "cognate.idp.client.secret.expiry.seconds";
    public static final String EXPIRING = "cognate.idp.client.secrets.expiring";

    private final IdentityProviderStore providers;
    private final Clock clock;
    private final MultiGauge expiry;
    private final AtomicInteger expiring = new AtomicInteger();

    public SecretExpiryMonitor(IdentityProviderStore providers, MeterRegistry registry, Clock clock) {
        this.providers = providers;
        this.clock = clock;
        this.expiry = MultiGauge.builder(EXPIRY_SECONDS)
                .description("Seconds until the IdP client secret expires (negative: expired)")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder(EXPIRING, expiring, AtomicInteger::get)
                .description("IdP client secrets that expire within 30 days or have expired")
                .register(registry);
    }

    /** Reads every OIDC provider's secret expiry, updates the gauges and warns of those expiring soon. */
    public void check() {
        Instant now = clock.instant();
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        int soon = 0;
        for (IdentityProvider provider : providers.allOfType(ProviderType.OIDC)) {
            Instant expiresAt = expiry(provider);
            if (expiresAt == null) {
                continue;
            }
            long left = Duration.between(now, expiresAt).toSeconds();
            rows.add(MultiGauge.Row.of(Tags.of("pool", provider.poolId(), "provider", provider.name()), left));
            if (expiresAt.isBefore(now.plus(WARNING_WINDOW))) {
                soon++;
                LOG.warn("the client secret of identity provider {} of pool {} {} {}: set a new client_secret and "
                                + "client_secret_expires_at with UpdateIdentityProvider", provider.name(), provider.poolId(),
                        left < 0 ? "expired on" : "expires on", expiresAt);
            }
        }
        expiry.register(rows, true);
        expiring.set(soon);
    }

    private static Instant expiry(IdentityProvider provider) {
        try {
            OidcSettings settings = provider.oidc();
            return provider.secrets().clientSecret().isPresent() ? settings.clientSecretExpiry().orElse(null) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
