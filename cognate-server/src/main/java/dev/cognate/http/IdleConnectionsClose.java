package dev.cognate.http;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.Graceful;

/**
 * A listener's part of a graceful stop: the connections that wait for a next request are
 * closed at once, those serving one finish it (Jetty answers it with {@code Connection: close}
 * once the listener is shutting down). Jetty alone would only shorten the idle connections'
 * timeout, so every stop waited for the clients that keep their connections alive.
 *
 * <p>A connection whose answer has just gone out may not be waiting for a request yet when the
 * stop begins (the client has read the answer, the server has not recycled the connection); such
 * connections, and the ones still serving, are looked at again every {@link #RECHECK_MILLIS} ms
 * until each is closed or has become idle and is closed.
 *
 * <p>A request that arrives as its connection is closed is lost as with any idle timeout;
 * RFC 9112 section 9.3.1 lets a client retry it, and section 9.6 lets a server close an idle
 * connection at any time.
 */
final class IdleConnectionsClose implements Graceful {
    static final long RECHECK_MILLIS = 25;

    private final AbstractConnector connector;
    private volatile boolean shutdown;

    IdleConnectionsClose(AbstractConnector connector) {
        this.connector = connector;
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        shutdown = true;
        closeIdle(List.copyOf(connector.getConnectedEndPoints()));
        return CompletableFuture.completedFuture(null);
    }

    /** Closes the idle ones; looks at the others again shortly, while the listener runs. */
    private void closeIdle(List<EndPoint> endPoints) {
        List<EndPoint> busy = endPoints.stream().filter(EndPoint::isOpen).filter(endPoint -> {
            if (endPoint.getConnection() instanceof HttpConnection http && waitsForARequest(http)) {
                endPoint.close();
                return false;
            }
            return true;
        }).toList();
        if (busy.isEmpty() || !connector.isRunning()) {
            return;
        }
        try {
            connector.getScheduler().schedule(() -> closeIdle(busy), RECHECK_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // the listener is stopping: Jetty closes what is left
        }
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    /** No request in hand and none begun: not even part of a request line has arrived. */
    private static boolean waitsForARequest(HttpConnection http) {
        return http.getHttpChannel().getRequest() == null && http.getParser().isStart() && http.isRequestBufferEmpty();
    }
}
