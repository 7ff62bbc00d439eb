package dev.cognate.http;

import java.time.Duration;

/**
 * How much any one client may take from a node: bytes, time and connections. Every bound is
 * there so that a slow or greedy client costs itself, not the other clients (docs/RELIABILITY.md).
 *
 * @param maxBodyBytes            the largest request body read, on every endpoint (413 beyond)
 * @param headReadTimeout         time from the first byte of a request to the end of its head
 * @param bodyReadTimeout         time to receive a whole request body (408 beyond)
 * @param minBodyBytesPerSecond   slowest body transfer tolerated once {@code bodyGracePeriod} is over (408 below)
 * @param bodyGracePeriod         how long a body may start slowly before its rate counts
 * @param idleTimeout             silence tolerated on a connection, between requests or within one
 * @param maxConnections          open connections to the node (further ones wait in the accept queue)
 * @param maxConnectionsPerAddress open connections from one client address (0: no limit)
 * @param signInsPerAddressPerMinute sign-in transactions one client address may begin per minute on a node
 *                                   (each is a row an unauthenticated visitor makes the server write; 429 beyond)
 */
public record HttpLimits(
        long maxBodyBytes,
        Duration headReadTimeout,
        Duration bodyReadTimeout,
        long minBodyBytesPerSecond,
        Duration bodyGracePeriod,
        Duration idleTimeout,
        int maxConnections,
        int maxConnectionsPerAddress,
        int signInsPerAddressPerMinute) {

    public static final long DEFAULT_MAX_BODY_BYTES = 1 << 20;
    public static final int DEFAULT_SIGN_INS_PER_ADDRESS_PER_MINUTE = 600;

    public HttpLimits {
        if (maxBodyBytes < 1 || maxConnections < 1 || maxConnectionsPerAddress < 0 || minBodyBytesPerSecond < 0
                || signInsPerAddressPerMinute < 1) {
            throw new IllegalArgumentException("HTTP limits must be positive");
        }
        for (Duration d : new Duration[] {headReadTimeout, bodyReadTimeout, bodyGracePeriod, idleTimeout}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("HTTP timeouts must be positive");
            }
        }
    }

    public static HttpLimits defaults() {
        return new HttpLimits(DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(10), Duration.ofSeconds(30), 1024,
                Duration.ofSeconds(5), Duration.ofSeconds(30), 10_000, 1_000, DEFAULT_SIGN_INS_PER_ADDRESS_PER_MINUTE);
    }

    public HttpLimits withTimeouts(Duration head, Duration body, Duration idle) {
        return new HttpLimits(maxBodyBytes, head, body, minBodyBytesPerSecond, bodyGracePeriod, idle, maxConnections,
                maxConnectionsPerAddress, signInsPerAddressPerMinute);
    }

    public HttpLimits withConnections(int max, int perAddress) {
        return new HttpLimits(maxBodyBytes, headReadTimeout, bodyReadTimeout, minBodyBytesPerSecond, bodyGracePeriod,
                idleTimeout, max, perAddress, signInsPerAddressPerMinute);
    }

    public HttpLimits withSignInsPerAddressPerMinute(int perMinute) {
        return new HttpLimits(maxBodyBytes, headReadTimeout, bodyReadTimeout, minBodyBytesPerSecond, bodyGracePeriod,
                idleTimeout, maxConnections, maxConnectionsPerAddress, perMinute);
    }
}
