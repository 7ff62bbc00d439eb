package dev.cognate.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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
    private final ConcurrentHashMap<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();

    PerAddressConnectionLimit(int max) {
        this.max = max;
    }

    @Override
    public void onOpened(Connection connection) {
        InetAddress address = addressOf(connection);
        if (address == null) {
            return;
        }
        int count = open.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
        if (count > max) {
            LOG.debug("closing a connection from {}: it holds {} already", address.getHostAddress(), max);
            connection.getEndPoint().close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        InetAddress address = addressOf(connection);
        if (address == null) {
            return;
        }
        open.computeIfPresent(address, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    private static InetAddress addressOf(Connection connection) {
        SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
