package dev.cognate.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a new connection at once when its address already holds {@code max} open ones, so
 * that one client cannot take the whole of the node's connection cap. Behind a load balancer
 * every connection comes from the balancer's addresses: set the limit with that in mind.
 */
final class PerAddressConnectionLimit implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(PerAddressConnectionLimit.class);

    private final int max;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();
    // Each connection's address as it opened: once closed, its socket no longer tells (and Jetty
    // pays an exception to say so), and the count would never come down.
    private final ConcurrentHashMap<Connection, InetAddress> addresses = new ConcurrentHashMap<>();

    PerAddressConnectionLimit(int max) {
        this.max = max;
    }

    @Override
    public void onOpened(Connection connection) {
        InetAddress address = addressOf(connection);
        if (address == null) {
            return;
        }
        addresses.put(connection, address);
        int count = open.merge(address, 1, Integer::sum);
        if (count > max) {
            LOG.debug("closing a connection from {}: it holds {} already", address.getHostAddress(), max);
            connection.getEndPoint().close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        InetAddress address = addresses.remove(connection);
        if (address == null) {
            return;
        }
        open.computeIfPresent(address, (a, count) -> count > 1 ? count - 1 : null);
    }

    private static InetAddress addressOf(Connection connection) {
        SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
