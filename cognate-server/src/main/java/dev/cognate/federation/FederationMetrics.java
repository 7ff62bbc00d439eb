package dev.cognate.federation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Sign-ins through upstream IdPs, by pool, provider and outcome
 * ({@code cognate_federation_sign_ins_total{pool,provider,outcome}}); outcome is
 * {@code signed_in} or the failure's kind. Callbacks that cannot be tied to a provider count
 * under provider {@code unknown}.
 */
public final class FederationMetrics {
    public static final String SIGN_INS = "cognate.federation.sign.ins";
    static final String UNKNOWN = "unknown";

    private final MeterRegistry registry;

    public FederationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void signIn(String poolId, String providerName, String outcome) {
        Counter.builder(SIGN_INS)
                .description("Sign-ins through upstream identity providers, by outcome")
                .tag("pool", poolId == null ? UNKNOWN : poolId)
                .tag("provider", providerName == null ? UNKNOWN : providerName)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }
}
