package dev.cognate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CarrierThreadsTest {
    @Test
    void aNodeGetsMoreCarriersThanSqliteConnectionsWhateverItsCores() {
        assertThat(CarrierThreads.parallelism(2)).isEqualTo(6);
        assertThat(CarrierThreads.parallelism(16)).isEqualTo(16);
    }

    /**
     * On two cores, writers waiting inside SQLite's native busy handler kept both carriers and
     * the lock's holder waited out their 10 s busy timeout with them (9.9-10.1 s measured, every
     * waiter failing with SQLITE_BUSY). Started as a node's main starts, the holder finishes in
     * its own time.
     */
    @Test
    void writersWaitingForSqlitesWriteLockDoNotStallTheTransactionThatHoldsItOnTwoCores() throws Exception {
        List<String> output = runOnTwoCores("reserve");

        assertThat(output).noneMatch(line -> line.startsWith("waiter failed"));
        long holderMillis = output.stream().filter(line -> line.startsWith("holder ms ")).findFirst()
                .map(line -> Long.parseLong(line.substring("holder ms ".length()))).orElseThrow();
        assertThat(holderMillis).as(String.join("\n", output)).isLessThan(5_000);
    }

    private static List<String> runOnTwoCores(String... args) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new java.util.ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-XX:ActiveProcessorCount=2", "-cp", System.getProperty("java.class.path"), WriteLockWaiters.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
}
