package dev.cognate.http;

import java.util.concurrent.CompletableFuture;
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
 * <p>A request that arrives as its connection is closed is lost as with any idle timeout;
 * RFC 9112 section 9.3.1 lets a client retry it, and section 9.6 lets a server close an idle
 * connection at any time.
 */
final class IdleConnectionsClose implements Graceful {
    private final AbstractConnector connector;
    private volatile boolean shutdown;

    IdleConnectionsClose(AbstractConnector connector) {
        this.connector = connector;
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        shutdown = true;
        for (EndPoint endPoint : connector.getConnectedEndPoints()) {
            if (endPoint.getConnection() instanceof HttpConnection http && waitsForARequest(http)) {
                endPoint.close();
            }
        }
        return CompletableFuture.completedFuture(null);
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
