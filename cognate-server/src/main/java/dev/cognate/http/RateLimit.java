package dev.cognate.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key (a client's address, say) in this node's memory: {@code perMinute}
 * tokens, refilled continuously; a request takes one or is told how long to wait. Each node
 * keeps its own buckets (a cluster of n nodes allows up to n times the rate), and at most
 * {@code maxKeys} of them: past that, full buckets are forgotten first, then all.
 */
public final class RateLimit {
    private final double perMinute;
    private final int maxKeys;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long updatedNanos) {
            this.tokens = tokens;
            this.updatedNanos = updatedNanos;
        }
    }

    public RateLimit(int perMinute, int maxKeys, Clock clock) {
        if (perMinute < 1 || maxKeys < 1) {
            throw new IllegalArgumentException("perMinute and maxKeys must be at least 1");
        }
        this.perMinute = perMinute;
        this.maxKeys = maxKeys;
        this.clock = clock;
    }

    /** Takes a token for {@code key}: empty when allowed, else how long until one is free. */
    public Optional<Duration> take(String key) {
        long now = nanos(clock.instant());
        if (buckets.size() >= maxKeys && !buckets.containsKey(key)) {
            forgetFull(now);
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(perMinute, now));
        synchronized (bucket) {
            refill(bucket, now);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return Optional.empty();
            }
            double missing = 1 - bucket.tokens;
            return Optional.of(Duration.ofNanos((long) Math.ceil(missing * 60e9 / perMinute)));
        }
    }

    private void refill(Bucket bucket, long now) {
        double elapsedMinutes = Math.max(0, now - bucket.updatedNanos) / 60e9;
        bucket.tokens = Math.min(perMinute, bucket.tokens + elapsedMinutes * perMinute);
        bucket.updatedNanos = now;
    }

    private void forgetFull(long now) {
        buckets.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                refill(e.getValue(), now);
                return e.getValue().tokens >= perMinute;
            }
        });
        if (buckets.size() >= maxKeys) {
            buckets.clear();
        }
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
