package dev.cognate.cli;

import dev.cognate.CognateServer;
import dev.cognate.config.Secrets;
import dev.cognate.config.Settings;
import dev.cognate.declarative.AdminCalls;
import java.util.Map;

/**
 * A node on the configured store, started in this process for a command that works through the
 * admin API's operations (apply, export): on the loopback address and any free port, with no
 * management port. It may run beside the store's other nodes, as any node may.
 */
final class LocalNode implements AutoCloseable {
    private final CognateServer server;
    private final AdminCalls admin;

    private LocalNode(CognateServer server, AdminCalls admin) {
        this.server = server;
        this.admin = admin;
    }

    /** @throws IllegalArgumentException for a bad setting (no master key with --db-url, say) */
    static LocalNode start(StoreOptions store, Map<String, String> env) {
        Settings settings = new Settings("127.0.0.1", 0, null, store.data, store.dbUrl, store.dbUser, store.dbPassword,
                null, Settings.DEFAULT_MANAGEMENT_HOST, -1, null);
        Secrets.Resolved secrets = Secrets.resolve(settings, env);
        CognateServer server = CognateServer.start(settings, secrets);
        return new LocalNode(server, new AdminCalls(server.adminOperations(), secrets.accessKeyId()));
    }

    AdminCalls admin() {
        return admin;
    }

    @Override
    public void close() {
        server.close();
    }
}
