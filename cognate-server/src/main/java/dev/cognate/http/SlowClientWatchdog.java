package dev.cognate.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at every connection a few times a second and ends the ones that trickle: a request
 * head not complete within {@link HttpLimits#headReadTimeout()} is closed; a body read past
 * {@link HttpLimits#bodyReadTimeout()}, or slower than {@link HttpLimits#minBodyBytesPerSecond()}
 * after its grace period, is failed (its reader then answers 408). Jetty's idle timeout alone
 * does not do it: one byte every few seconds keeps a connection from ever being idle.
 */
public final class SlowClientWatchdog implements Connection.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SlowClientWatchdog.class);
    private static final long TICK_MILLIS = 100;

    private final HttpLimits limits;
    private final Map<HttpConnection, Head> heads = new ConcurrentHashMap<>();
    private final Map<EndPoint, BodyRead> bodies = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("cognate-slow-clients").factory());

    public SlowClientWatchdog(HttpLimits limits) {
        this.limits = limits;
        ticker.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** When the head of a connection's current request started arriving, and how many requests it had read then. */
    private record Head(long startedNanos, long messagesIn) {}

    private static final Head NO_HEAD = new Head(0, -1);

    /**
     * A body being read: started when, with how many bytes in on the connection then. Expiring
     * it and finishing it exclude each other, so that the watchdog never shortens the idle
     * timeout of a connection whose reader has already restored it.
     */
    public static final class BodyRead {
        private final Connection connection;
        private final long startedNanos;
        private final long bytesInAtStart;
        private final long timeoutNanos;
        private boolean expired;
        private boolean finished;

        private BodyRead(Connection connection, long startedNanos, long bytesInAtStart, long timeoutNanos) {
            this.connection = connection;
            this.startedNanos = startedNanos;
            this.bytesInAtStart = bytesInAtStart;
            this.timeoutNanos = timeoutNanos;
        }

        public synchronized boolean hasExpired() {
            return expired;
        }

        private synchronized void expire() {
            if (!expired && !finished) {
                expired = true;
                // An idle timeout this short fails the blocked read with a TimeoutException at once;
                // the reader restores the connection's own timeout before it answers.
                connection.getEndPoint().setIdleTimeout(1);
            }
        }

        private synchronized void finish() {
            finished = true;
        }
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) {
            heads.put(http, NO_HEAD);
        }
    }

    @Override
    public void onClosed(Connection connection) {
        heads.remove(connection);
        bodies.remove(connection.getEndPoint());
    }

    /** Starts watching the body of the request on {@code connection}; {@link #finished} ends it. */
    public BodyRead watchBody(Connection connection) {
        return watchBody(connection, limits.bodyReadTimeout());
    }

    /** As {@link #watchBody(Connection)}, for a body allowed {@code timeout} in all (a large upload). */
    public BodyRead watchBody(Connection connection, java.time.Duration timeout) {
        BodyRead read = new BodyRead(connection, System.nanoTime(), connection.getBytesIn(), timeout.toNanos());
        bodies.put(connection.getEndPoint(), read);
        return read;
    }

    /** Ends the watch; after it returns, the watchdog no longer touches the connection for this body. */
    public void finished(BodyRead read) {
        read.finish();
        bodies.remove(read.connection.getEndPoint(), read);
    }

    private void tick() {
        try {
            long now = System.nanoTime();
            heads.replaceAll((connection, head) -> checkHead(connection, head, now));
            bodies.values().forEach(read -> checkBody(read, now));
        } catch (RuntimeException e) {
            LOG.warn("slow-client check failed: {}", e.toString());
        }
    }

    private Head checkHead(HttpConnection connection, Head head, long now) {
        var parser = connection.getParser();
        // START is a connection waiting for its next request (the idle timeout's business);
        // the states before CONTENT are a request head on its way in.
        boolean inHead = parser.inHeaderState() && !parser.isStart();
        if (!inHead) {
            return NO_HEAD;
        }
        long messagesIn = connection.getMessagesIn();
        if (head.messagesIn() != messagesIn) {
            return new Head(now, messagesIn);
        }
        if (now - head.startedNanos() > limits.headReadTimeout().toNanos()) {
            LOG.debug("closing a connection from {}: request head not complete after {}",
                    connection.getEndPoint().getRemoteSocketAddress(), limits.headReadTimeout());
            connection.getEndPoint().close();
        }
        return head;
    }

    private void checkBody(BodyRead read, long now) {
        long elapsed = now - read.startedNanos;
        boolean late = elapsed > read.timeoutNanos;
        boolean slow = false;
        if (!late && elapsed > limits.bodyGracePeriod().toNanos() && limits.minBodyBytesPerSecond() > 0) {
            long received = read.connection.getBytesIn() - read.bytesInAtStart;
            slow = received * 1_000_000_000L / elapsed < limits.minBodyBytesPerSecond();
        }
        if (late || slow) {
            read.expire();
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
