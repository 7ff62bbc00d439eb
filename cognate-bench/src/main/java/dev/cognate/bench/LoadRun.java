package dev.cognate.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A closed-loop load: {@code connections} keep-alive connections, each on its own thread,
 * sending the scenario's request as soon as the previous answer arrived, for a warm-up then a
 * measured window. Answers completed inside the window are counted; the server's CPU time and
 * the machine's are read at both ends of the window.
 */
final class LoadRun {
    /** What one window measured. {@code otherCpuShare}: the machine's CPU used by neither the server nor this driver. */
    record Result(String scenario, int connections, double seconds, long grants, long errors, double grantsPerSecond,
                  double p50Millis, double p99Millis, double serverCpuSeconds, double driverCpuSeconds,
                  double otherCpuShare, String firstError, long fewestPerConnection, long mostPerConnection) {}

    private LoadRun() {}

    static Result run(String host, int port, Scenario scenario, int connections, Duration warmUp, Duration measured,
                      long serverPid) throws InterruptedException {
        long start = System.nanoTime();
        long windowStart = start + warmUp.toNanos();
        long windowEnd = windowStart + measured.toNanos();
        List<Worker> workers = new ArrayList<>();
        AtomicReference<String> firstError = new AtomicReference<>();
        for (int i = 0; i < connections; i++) {
            Worker worker = new Worker(host, port, scenario, i, windowStart, windowEnd, firstError);
            workers.add(worker);
        }
        List<Thread> threads = workers.stream()
                .map(w -> Thread.ofPlatform().name("load-" + scenario.name()).start(w)).toList();

        parkUntil(windowStart);
        double serverCpu0 = ProcStats.cpuSeconds(serverPid);
        double driverCpu0 = ProcStats.cpuSeconds(ProcessHandle.current().pid());
        ProcStats.MachineCpu machine0 = ProcStats.MachineCpu.now();
        parkUntil(windowEnd);
        double serverCpu = ProcStats.cpuSeconds(serverPid) - serverCpu0;
        double driverCpu = ProcStats.cpuSeconds(ProcessHandle.current().pid()) - driverCpu0;
        ProcStats.MachineCpu machine1 = ProcStats.MachineCpu.now();
        for (Thread thread : threads) {
            thread.join();
        }

        Latencies latencies = new Latencies();
        long grants = 0;
        long errors = 0;
        long fewest = Long.MAX_VALUE;
        long most = 0;
        for (Worker worker : workers) {
            fewest = Math.min(fewest, worker.grants);
            most = Math.max(most, worker.grants);
            latencies.addAll(worker.latencies);
            grants += worker.grants;
            errors += worker.errors;
        }
        double seconds = measured.toNanos() / 1e9;
        double machineTotal = machine1.total() - machine0.total();
        double other = Math.max(0, (machine1.busy() - machine0.busy()) - serverCpu - driverCpu);
        return new Result(scenario.name(), connections, seconds, grants, errors, grants / seconds,
                latencies.percentileMillis(50), latencies.percentileMillis(99), serverCpu, driverCpu,
                machineTotal > 0 ? other / machineTotal : 0, firstError.get(), fewest, most);
    }

    private static void parkUntil(long deadline) {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    private static final class Worker implements Runnable {
        private final String host;
        private final int port;
        private final Scenario scenario;
        private final int index;
        private final long windowStart;
        private final long windowEnd;
        private final AtomicReference<String> firstError;
        final Latencies latencies = new Latencies();
        long grants;
        long errors;

        Worker(String host, int port, Scenario scenario, int index, long windowStart, long windowEnd,
               AtomicReference<String> firstError) {
            this.host = host;
            this.port = port;
            this.scenario = scenario;
            this.index = index;
            this.windowStart = windowStart;
            this.windowEnd = windowEnd;
            this.firstError = firstError;
        }

        @Override
        public void run() {
            Http1Connection connection = null;
            try {
                for (long now = System.nanoTime(); now < windowEnd; now = System.nanoTime()) {
                    boolean ok;
                    try {
                        if (connection == null) {
                            connection = new Http1Connection(host, port);
                        }
                        Http1Connection.Response response = connection.exchange(scenario.requestFor(index), false);
                        ok = response.status() == 200;
                        if (!ok) {
                            firstError.compareAndSet(null, "HTTP " + response.status());
                        }
                        if (!connection.reusable()) {
                            connection.close();
                            connection = null;
                        }
                    } catch (IOException e) {
                        ok = false;
                        firstError.compareAndSet(null, e.toString());
                        if (connection != null) {
                            connection.close();
                            connection = null;
                        }
                    }
                    long done = System.nanoTime();
                    if (done >= windowStart && done < windowEnd) {
                        if (ok) {
                            grants++;
                            latencies.add(done - now);
                        } else {
                            errors++;
                        }
                    }
                }
            } finally {
                if (connection != null) {
                    connection.close();
                }
            }
        }
    }
}
