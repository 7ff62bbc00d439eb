package dev.cognate.testing;

import java.net.ConnectException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * What a load balancer in front of several nodes does: each request goes to the next node in
 * turn, and a request that could not even connect (the node is down) goes to the one after.
 * A request that reached a node and lost it mid-way is not retried: the node may have acted
 * on it, so the client sees the failure (a balancer answers 502).
 */
public final class RoundRobin {
    private final List<URI> nodes;
    private final AtomicInteger next = new AtomicInteger();

    public RoundRobin(List<URI> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    public <T> T call(Function<URI, T> request) {
        int first = Math.floorMod(next.getAndIncrement(), nodes.size());
        RuntimeException refused = null;
        for (int i = 0; i < nodes.size(); i++) {
            try {
                return request.apply(nodes.get((first + i) % nodes.size()));
            } catch (RuntimeException e) {
                if (!connectionRefused(e)) {
                    throw e;
                }
                refused = e;
            }
        }
        throw refused;
    }

    /** True when {@code e} says the connection was never made (nothing reached the node). */
    public static boolean connectionRefused(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}
