package dev.cognate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateLimitTest {
    final MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));

    @Test
    void aKeyMayTakeItsRatePerMinuteThenWaitsForTheNextToken() {
        RateLimit limit = new RateLimit(60, 10, clock);
        for (int i = 0; i < 60; i++) {
            assertThat(limit.take("10.0.0.1")).isEmpty();
        }
        assertThat(limit.take("10.0.0.1")).hasValueSatisfying(wait ->
                assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1)));
        clock.advance(Duration.ofSeconds(1));
        assertThat(limit.take("10.0.0.1")).isEmpty();
        assertThat(limit.take("10.0.0.1")).isPresent();
    }

    @Test
    void keysHaveTheirOwnBuckets() {
        RateLimit limit = new RateLimit(1, 10, clock);
        assertThat(limit.take("a")).isEmpty();
        assertThat(limit.take("a")).isPresent();
        assertThat(limit.take("b")).isEmpty();
    }

    @Test
    void manyAddressesCannotGrowTheMemoryPastItsBound() {
        RateLimit limit = new RateLimit(5, 100, clock);
        for (int i = 0; i < 10_000; i++) {
            assertThat(limit.take("addr-" + i)).isEqualTo(Optional.empty());
        }
        // An address that spent its budget is still limited while the map stays bounded.
        for (int i = 0; i < 5; i++) {
            limit.take("busy");
        }
        assertThat(limit.take("busy")).isPresent();
    }
}
