package dev.cognate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/** The warm-up of {@code serve}'s start (docs/BENCHMARKS.md, "Start-up"). */
class ServeWarmUpTest {

    @Test
    void everyClassItWarmsIsOnTheClassPath() {
        // the warm-up swallows failures, so a class renamed by an upgrade would only make it do nothing
        ClassLoader loader = ServeWarmUp.class.getClassLoader();
        for (String name : ServeWarmUp.CLASSES) {
            assertThatCode(() -> Class.forName(name, false, loader)).as(name).doesNotThrowAnyException();
        }
    }

    @Test
    void itRunsOnlyForServeAndTheStartWaitsForItToEnd() throws InterruptedException {
        ServeWarmUp.startFor(new String[] {"keys", "list"});
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("cognate-warm-up"));

        ServeWarmUp.startFor(new String[] {"serve", "--port", "0"});
        ServeWarmUp.finish();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("cognate-warm-up"));
        ServeWarmUp.finish();
    }
}
