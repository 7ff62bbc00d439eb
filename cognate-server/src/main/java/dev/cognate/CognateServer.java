package dev.cognate;

import dev.cognate.admin.AdminApi;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.SigV4Verifier;
import dev.cognate.admin.pools.PoolFacts;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.config.Secrets;
import dev.cognate.config.Settings;
import dev.cognate.crypto.SecretBox;
import dev.cognate.http.SecurityHeaders;
import dev.cognate.store.Database;
import dev.cognate.store.jdbc.JdbcUserPoolStore;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: builds every part of a node from its settings, and runs it. */
public final class CognateServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CognateServer.class);

    private final Database database;
    private final Javalin app;
    private final String publicUrl;

    private CognateServer(Database database, Javalin app, String publicUrl) {
        this.database = database;
        this.app = app;
        this.publicUrl = publicUrl;
    }

    public static CognateServer start(Settings settings, Secrets.Resolved secrets) {
        Clock clock = Clock.systemUTC();
        Database database = Database.connect(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), settings.dataDir());
        try {
            // Migrations run while the rest of the node is built and its HTTP server starts (on a
            // cold JVM both are mostly class loading, and a node has two cores or more); no
            // request is served before they are done. The first query through JDBI follows them
            // on the same thread, so the first request does not pay for it.
            CompletableFuture<Void> migrated = new CompletableFuture<>();
            Thread.ofPlatform().name("cognate-migrate").start(() -> {
                try {
                    database.migrate();
                    if (!database.isReachable()) {
                        throw new IllegalStateException("the store does not answer after its migrations");
                    }
                    migrated.complete(null);
                } catch (Throwable e) {
                    migrated.completeExceptionally(e);
                }
            });
            SecretBox secretBox = new SecretBox(secrets.masterKey());
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

            var poolStore = new JdbcUserPoolStore(database.jdbi());
            PoolFacts.Source poolFacts = poolId -> new PoolFacts(0, null, null);
            var poolOperations = new UserPoolOperations(poolStore, poolFacts, clock);

            List<OperationFamily> families = List.of(poolOperations);
            OperationRegistry registry = new OperationRegistry();
            families.forEach(f -> f.registerWith(registry));
            AdminApi adminApi = new AdminApi(registry, new SigV4Verifier(secrets.credentials(), clock));

            Javalin app = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                config.startup.showOldJavalinVersionWarning = false;
                config.jetty.host = settings.host();
                config.jetty.port = settings.port();
                config.jetty.modifyServer(server -> server.setStopTimeout(2_000));
                config.routes.before(ctx -> migrated.join());
                config.routes.before(SecurityHeaders::apply);
                config.routes.post("/", adminApi::handle);
                // fixed JSON, not ctx.json: a probe must not wait for Javalin's own JSON mapper to load
                config.routes.get("/health", ctx -> ctx.contentType("application/json").result("{\"status\":\"UP\"}"));
                config.routes.get("/ready", ctx -> {
                    boolean ready = database.isReachable();
                    ctx.status(ready ? 200 : 503).contentType("application/json")
                            .result(ready ? "{\"status\":\"READY\"}" : "{\"status\":\"DATABASE_UNREACHABLE\"}");
                });
                config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape()));
                config.routes.exception(Exception.class, (e, ctx) -> {
                    LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
                    ctx.status(500).contentType("application/json").result("{\"message\":\"Internal server error.\"}");
                });
            });
            app.start();
            awaitMigrations(migrated, app);
            int port = app.port();
            return new CognateServer(database, app, settings.publicBaseUrl(port));
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private static void awaitMigrations(CompletableFuture<Void> migrated, Javalin app) {
        try {
            migrated.join();
        } catch (CompletionException e) {
            app.stop();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    public int port() {
        return app.port();
    }

    public String publicUrl() {
        return publicUrl;
    }

    public Database database() {
        return database;
    }

    @Override
    public void close() {
        try {
            app.stop();
        } finally {
            database.close();
        }
    }
}
