package dev.cognate.demo;

import dev.cognate.CognateServer;
import dev.cognate.config.Secrets;
import dev.cognate.config.Settings;
import dev.cognate.declarative.AdminCalls;
import dev.cognate.declarative.Declarations;
import dev.cognate.demo.app.CognateRelyingParty;
import dev.cognate.demo.app.DemoApp;
import dev.cognate.demo.setup.AppRegistrations;
import dev.cognate.demo.setup.PoolConfiguration;
import dev.cognate.devidp.DevIdp;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/**
 * The seed's whole flow on one machine: the dev IdP (Microsoft Entra ID's stand-in), Cognate on an embedded SQLite
 * store, and the demo app, configured the way the seed does it: the Graph-shaped API for the app registrations, and
 * for the pool a declaration applied through Cognate's admin operations, as {@code cognate apply} does.
 */
public final class Demo implements AutoCloseable {
    public static final Region REGION = Region.US_EAST_1;
    public static final String REGISTRATION = "CognitoOIDC";
    public static final String MULTI_TENANT_REGISTRATION = "CognitoOIDC (any organization)";

    private final DevIdp devIdp;
    private final CognateServer cognate;
    private final DemoApp app;
    private final Secrets.Resolved secrets;
    private final PoolConfiguration.Result pool;
    private final Path dataDir;
    private OutboxConsole outbox;

    private Demo(DevIdp devIdp, CognateServer cognate, DemoApp app, Secrets.Resolved secrets, PoolConfiguration.Result pool,
                 Path dataDir) {
        this.devIdp = devIdp;
        this.cognate = cognate;
        this.app = app;
        this.secrets = secrets;
        this.pool = pool;
        this.dataDir = dataDir;
    }

    public static Demo start(DemoSettings settings) {
        if (settings.reset()) {
            deleteRecursively(settings.dataDir());
        }
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            DevIdp devIdp = DevIdp.start(DemoDirectory.config().withHost(settings.host()).withPort(settings.devIdpPort()));
            started.push(devIdp);
            Settings cognateSettings = new Settings(settings.host(), settings.cognatePort(), null, settings.dataDir(),
                    null, null, null, null);
            // The demo's own admin key and master key, kept in its data directory (not the operator's COGNATE_* variables).
            Secrets.Resolved secrets = Secrets.resolve(cognateSettings, Map.of());
            CognateServer cognate = CognateServer.start(cognateSettings, secrets);
            started.push(cognate);
            DemoApp app = DemoApp.start(settings.host(), settings.appPort());
            started.push(app);

            // Steps 2-4 and 6 of the seed, on the dev IdP: a single-tenant and a multi-tenant registration in Contoso.
            AppRegistrations registrations = new AppRegistrations(devIdp.baseUrl(), devIdp.adminToken());
            String idpResponse = cognate.publicUrl() + "/oauth2/idpresponse";
            var single = registrations.register(DemoDirectory.CONTOSO, REGISTRATION, "AzureADMyOrg", idpResponse);
            var multi = registrations.register(DemoDirectory.CONTOSO, MULTI_TENANT_REGISTRATION, "AzureADMultipleOrgs", idpResponse);

            // Steps 5 and 7-9, on Cognate: its declaration applied as `cognate apply` applies one.
            PoolConfiguration.Result pool;
            Declarations declarations = new Declarations(new AdminCalls(cognate.adminOperations(), secrets.accessKeyId()));
            try (CognitoIdentityProviderClient cognito = adminClient(cognate.publicUrl(), secrets)) {
                pool = new PoolConfiguration(declarations, cognito).apply(
                        new PoolConfiguration.Provider(single, devIdp.authority(DemoDirectory.CONTOSO)),
                        new PoolConfiguration.Provider(multi, devIdp.authority("organizations")),
                        DemoDirectory.CONTOSO, app.callbackUrl(), app.signOutUrl());
            }
            app.connect(pool.poolId(), CognateRelyingParty.discover(cognate.publicUrl() + "/" + pool.poolId(),
                    pool.clientId(), pool.clientSecret(), URI.create(app.callbackUrl()), URI.create(app.signOutUrl()),
                    cognate.publicUrl()));
            return new Demo(devIdp, cognate, app, secrets, pool, settings.dataDir());
        } catch (RuntimeException e) {
            closeAll(started);
            throw e;
        }
    }

    /** Prints each message the pool's outbox keeps from now on (the demo's Cognate sends no e-mail), until {@link #close}. */
    public synchronized void showOutbox(PrintStream out) {
        if (outbox == null) {
            outbox = OutboxConsole.start(dataDir, secrets.masterKey(), pool.poolId(), out);
        }
    }

    /** The AWS SDK signing with Cognate's admin key, as the AWS CLI lines the demo prints do. */
    public static CognitoIdentityProviderClient adminClient(String cognateUrl, Secrets.Resolved secrets) {
        return CognitoIdentityProviderClient.builder()
                .endpointOverride(URI.create(cognateUrl))
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(secrets.accessKeyId(), secrets.secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** A new AWS SDK client for this demo's Cognate (the caller closes it). */
    public CognitoIdentityProviderClient adminClient() {
        return adminClient(cognate.publicUrl(), secrets);
    }

    public String appUrl() {
        return app.baseUrl();
    }

    public String cognateUrl() {
        return cognate.publicUrl();
    }

    public String devIdpUrl() {
        return devIdp.baseUrl();
    }

    public String poolId() {
        return pool.poolId();
    }

    public String clientId() {
        return pool.clientId();
    }

    /** Whether the pool and app client came from an earlier run on the same data directory. */
    public boolean reusedPool() {
        return pool.reused();
    }

    public String callbackUrl() {
        return app.callbackUrl();
    }

    public String accessKeyId() {
        return secrets.accessKeyId();
    }

    public String secretAccessKey() {
        return secrets.secretAccessKey();
    }

    public Path dataDir() {
        return dataDir;
    }

    public String devIdpAuthority(String tenant) {
        return devIdp.authority(tenant);
    }

    @Override
    public synchronized void close() {
        Deque<AutoCloseable> all = new ArrayDeque<>();
        all.push(devIdp);
        all.push(cognate);
        all.push(app);
        if (outbox != null) {
            all.push(outbox);
        }
        closeAll(all);
    }

    private static void closeAll(Deque<AutoCloseable> started) {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("demo: stopping a server failed: " + e);
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
