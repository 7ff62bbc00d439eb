package dev.cognate.bench;

import dev.cognate.users.PasswordHasher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The raw rate of the server's password hash (Argon2id, {@link PasswordHasher} as the server
 * makes it), on one thread and on as many threads as there are cores: a sign-up (one hash)
 * cannot be answered faster than this.
 */
final class PasswordHashRate {
    record Result(String when, double singleThread, double allCores, int threads) {}

    private PasswordHashRate() {}

    static Result measure(Duration warmUp, Duration measured, String when) throws InterruptedException {
        PasswordHasher hasher = new PasswordHasher();
        int cores = Runtime.getRuntime().availableProcessors();
        rate(hasher, 1, warmUp);
        double single = rate(hasher, 1, measured);
        rate(hasher, cores, warmUp.dividedBy(2));
        double all = rate(hasher, cores, measured);
        return new Result(when, single, all, cores);
    }

    private static double rate(PasswordHasher hasher, int threads, Duration duration) throws InterruptedException {
        LongAdder hashes = new LongAdder();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> running = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            running.add(Thread.ofPlatform().name("hash-" + i).start(() -> {
                long count = 0;
                while (System.nanoTime() < end) {
                    hasher.hash("Bench-Passw0rd!long");
                    count++;
                }
                hashes.add(count);
            }));
        }
        for (Thread thread : running) {
            thread.join();
        }
        return hashes.sum() / ((System.nanoTime() - start) / 1e9);
    }
}
