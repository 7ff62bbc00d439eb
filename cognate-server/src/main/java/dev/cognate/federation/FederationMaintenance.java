package dev.cognate.federation;

import dev.cognate.store.FederationStateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hourly upkeep on one daemon thread: forgets upstream states an hour after they expired (a
 * replay until then still reads as a replay) and checks IdP secret expiry. Any node may run
 * it; the work is idempotent.
 */
public final class FederationMaintenance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FederationMaintenance.class);
    static final Duration INTERVAL = Duration.ofHours(1);
    static final Duration KEEP_EXPIRED = Duration.ofHours(1);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "cognate-federation-maintenance");
        thread.setDaemon(true);
        return thread;
    });

    public FederationMaintenance(FederationStateStore states, SecretExpiryMonitor secrets, Clock clock) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                states.purgeExpired(clock.instant().minus(KEEP_EXPIRED));
                secrets.check();
            } catch (RuntimeException e) {
                LOG.warn("federation upkeep failed; it runs again in {}", INTERVAL, e);
            }
        }, 0, INTERVAL.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
