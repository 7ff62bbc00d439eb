package dev.cognate.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The node's two listeners: the public port (admin API, OAuth, hosted UI, and /health and
 * /ready for load balancers) and the management port (/metrics, /health, /ready), usually on
 * 127.0.0.1 as Keycloak's management interface. Both carry the client limits of {@link HttpLimits}.
 */
public final class Listeners {
    public static final String MANAGEMENT = "management";
    private static final Set<String> MANAGEMENT_PATHS = Set.of("/metrics", "/health", "/ready");
    private static final Set<String> MANAGEMENT_ONLY = Set.of("/metrics");

    /** Where to listen; a management port below 0 turns the management listener off. */
    public record Addresses(String host, int port, String managementHost, int managementPort) {}

    private Listeners() {}

    public static void configure(JavalinConfig config, Addresses addresses, HttpLimits limits, SlowClientWatchdog watchdog) {
        // A handler blocked on a slow client holds a virtual thread, not one of a few hundred platform threads.
        config.concurrency.useVirtualThreads = true;
        config.http.maxRequestSize = limits.maxBodyBytes();
        PerAddressConnectionLimit perAddress = limits.maxConnectionsPerAddress() > 0
                ? new PerAddressConnectionLimit(limits.maxConnectionsPerAddress()) : null;
        config.jetty.addConnector((server, http) -> {
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(addresses.host());
            connector.setPort(addresses.port());
            connector.setIdleTimeout(limits.idleTimeout().toMillis());
            connector.addBean(watchdog);
            connector.addBean(new IdleConnectionsClose(connector));
            if (perAddress != null) {
                connector.addBean(perAddress);
            }
            return connector;
        });
        if (addresses.managementPort() >= 0) {
            config.jetty.addConnector((server, http) -> {
                ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
                connector.setName(MANAGEMENT);
                connector.setHost(addresses.managementHost());
                connector.setPort(addresses.managementPort());
                connector.setIdleTimeout(limits.idleTimeout().toMillis());
                connector.addBean(watchdog);
                connector.addBean(new IdleConnectionsClose(connector));
                return connector;
            });
        }
        config.jetty.modifyServer(server -> server.addBean(new NetworkConnectionLimit(limits.maxConnections(), server)));
    }

    /** A before-handler: the management port serves only its paths, the public port not /metrics. */
    public static void separate(Context ctx) {
        boolean management = MANAGEMENT.equals(ServletContextRequest.getServletContextRequest(ctx.req())
                .getConnectionMetaData().getConnector().getName());
        if (management ? !MANAGEMENT_PATHS.contains(ctx.path()) : MANAGEMENT_ONLY.contains(ctx.path())) {
            throw new NotFoundResponse();
        }
    }

    /** The port the management listener is bound to (-1 when there is none). */
    public static int managementPort(org.eclipse.jetty.server.Server server) {
        for (var connector : server.getConnectors()) {
            if (connector instanceof ServerConnector sc && MANAGEMENT.equals(sc.getName())) {
                return sc.getLocalPort();
            }
        }
        return -1;
    }
}
