package dev.cognate;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The upkeep loop at a node's stop. */
class MaintenanceTest {

    @Test
    void aPassInProgressEndsBeforeCloseReturnsSoItNeverMeetsAClosedStore() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        Maintenance maintenance = new Maintenance(List.of(new Maintenance.Purge("slow", now -> {
            started.countDown();
            awaitUninterruptibly(release);
            order.add("purge done");
            return 0;
        })), List.of(), new SimpleMeterRegistry(), Clock.systemUTC()).start(Duration.ofMillis(1), Duration.ofHours(1));
        started.await();

        Thread closer = Thread.ofPlatform().start(() -> {
            maintenance.close();
            order.add("closed");
        });
        closer.join(500);
        release.countDown();
        closer.join();

        assertThat(order).containsExactly("purge done", "closed");
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
