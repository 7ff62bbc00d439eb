package dev.cognate.testing;

import dev.cognate.tokens.Issuers;

import dev.cognate.CognateServer;
import dev.cognate.config.AdminCredentials;
import dev.cognate.config.AuditSettings;
import dev.cognate.config.MailSettings;
import dev.cognate.config.Secrets;
import dev.cognate.config.LambdaSettings;
import dev.cognate.config.Settings;
import dev.cognate.config.SmsSettings;
import dev.cognate.http.HttpLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/**
 * A Cognate server started in this JVM on a free port, with known admin credentials and
 * master key, on SQLite (temp dir) or PostgreSQL (embedded). {@link #shared} gives one
 * server per backend for the whole test run; {@link #start} a private one.
 */
public final class TestServer implements AutoCloseable {
    public static final String ACCESS_KEY_ID = "AKIDCOGNATETEST00001";
    public static final String SECRET_ACCESS_KEY = "test-secret-access-key-0123456789abcdefgh";
    public static final byte[] MASTER_KEY = "0123456789abcdef0123456789abcdef".getBytes();

    private static final Map<Backend, TestServer> SHARED = new EnumMap<>(Backend.class);

    private final CognateServer server;
    private final Backend backend;
    private final Path dataDir;
    private final String dbUrl;

    private TestServer(CognateServer server, Backend backend, Path dataDir, String dbUrl) {
        this.server = server;
        this.backend = backend;
        this.dataDir = dataDir;
        this.dbUrl = dbUrl;
    }

    public static synchronized TestServer shared(Backend backend) {
        return SHARED.computeIfAbsent(backend, b -> {
            TestServer s = start(b);
            Runtime.getRuntime().addShutdownHook(new Thread(s::close));
            return s;
        });
    }

    public static TestServer start(Backend backend) {
        try {
            Path dataDir = Files.createTempDirectory("cognate-test-");
            String dbUrl = backend == Backend.POSTGRESQL ? EmbeddedPostgres.newDatabase() : null;
            return start(backend, dataDir, dbUrl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a server on existing state (to restart on the same data, say). */
    public static TestServer start(Backend backend, Path dataDir, String dbUrl) {
        return start(backend, dataDir, dbUrl, null);
    }

    /** A node with a given public URL: the nodes of one cluster share it (and the database). */
    public static TestServer start(Backend backend, Path dataDir, String dbUrl, String publicUrl) {
        return start(backend, dataDir, dbUrl, publicUrl, null);
    }

    /** A node whose tokens carry the issuer of {@code issuerTemplate} (see {@code Issuers}). */
    public static TestServer start(Backend backend, Path dataDir, String dbUrl, String publicUrl, String issuerTemplate) {
        return start(backend, new Settings("127.0.0.1", 0, publicUrl, dataDir, dbUrl, null, null, issuerTemplate),
                MailSettings.OUTBOX, Clock.systemUTC());
    }

    /** A private node on fresh state that sends e-mail as {@code mail} says (an in-process SMTP server, say). */
    public static TestServer startWithMail(Backend backend, MailSettings mail) {
        return fresh(backend, mail, Clock.systemUTC());
    }

    /** A private node on fresh state that sends e-mail as {@code mail} says, on a clock the test moves. */
    public static TestServer startWithMail(Backend backend, MailSettings mail, Clock clock) {
        return fresh(backend, mail, clock);
    }

    /** A fresh node of its own whose clock the test moves. */
    public static TestServer startWith(Backend backend, Clock clock) {
        return fresh(backend, MailSettings.OUTBOX, clock);
    }

    private static TestServer fresh(Backend backend, MailSettings mail, Clock clock) {
        try {
            String dbUrl = backend == Backend.POSTGRESQL ? EmbeddedPostgres.newDatabase() : null;
            Path dataDir = Files.createTempDirectory("cognate-test-");
            return start(backend, new Settings("127.0.0.1", 0, null, dataDir, dbUrl, null, null, null), mail, clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh node of its own on {@code backend} that reaches Google and Apple at {@code social} (stand-ins). */
    public static TestServer startWithSocial(Backend backend, dev.cognate.config.SocialEndpoints social) {
        try {
            String dbUrl = backend == Backend.POSTGRESQL ? EmbeddedPostgres.newDatabase() : null;
            Path dataDir = Files.createTempDirectory("cognate-test-");
            return start(backend, new Settings("127.0.0.1", 0, null, dataDir, dbUrl, null, null, null).withSocial(social),
                    MailSettings.OUTBOX, Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh SQLite node of its own that invokes pools' Lambda triggers as {@code lambda} says. */
    public static TestServer startWithLambda(LambdaSettings lambda) {
        try {
            Path dataDir = Files.createTempDirectory("cognate-test-");
            return start(Backend.SQLITE, new Settings("127.0.0.1", 0, null, dataDir, null, null, null, null),
                    MailSettings.OUTBOX, Clock.systemUTC(), lambda);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh SQLite node of its own that sends text messages as {@code sms} says (SNS, say). */
    public static TestServer startWithSms(SmsSettings sms) {
        try {
            Path dataDir = Files.createTempDirectory("cognate-test-");
            Secrets.Resolved secrets = new Secrets.Resolved(AdminCredentials.single(ACCESS_KEY_ID, SECRET_ACCESS_KEY),
                    ACCESS_KEY_ID, SECRET_ACCESS_KEY, MASTER_KEY, false, false);
            return new TestServer(CognateServer.start(new Settings("127.0.0.1", 0, null, dataDir, null, null, null, null),
                    secrets, MailSettings.OUTBOX, sms, Clock.systemUTC(), LambdaSettings.DEFAULT, AuditSettings.DEFAULT),
                    Backend.SQLITE, dataDir, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A private node on fresh state whose audit trail is streamed and kept as {@code audit} says, on {@code clock}. */
    public static TestServer startWithAudit(Backend backend, AuditSettings audit, Clock clock) {
        try {
            String dbUrl = backend == Backend.POSTGRESQL ? EmbeddedPostgres.newDatabase() : null;
            Path dataDir = Files.createTempDirectory("cognate-test-");
            Secrets.Resolved secrets = new Secrets.Resolved(AdminCredentials.single(ACCESS_KEY_ID, SECRET_ACCESS_KEY),
                    ACCESS_KEY_ID, SECRET_ACCESS_KEY, MASTER_KEY, false, false);
            return new TestServer(CognateServer.start(new Settings("127.0.0.1", 0, null, dataDir, dbUrl, null, null, null),
                    secrets, MailSettings.OUTBOX, clock, LambdaSettings.DEFAULT, audit), backend, dataDir, dbUrl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh node of its own on {@code backend} that mails as {@code mail} says and invokes triggers as {@code lambda} says. */
    public static TestServer startWithMailAndLambda(Backend backend, MailSettings mail, LambdaSettings lambda) {
        try {
            String dbUrl = backend == Backend.POSTGRESQL ? EmbeddedPostgres.newDatabase() : null;
            Path dataDir = Files.createTempDirectory("cognate-test-");
            return start(backend, new Settings("127.0.0.1", 0, null, dataDir, dbUrl, null, null, null), mail,
                    Clock.systemUTC(), lambda);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A private SQLite node with other client limits (short timeouts, say). */
    public static TestServer start(HttpLimits limits) {
        try {
            Path dataDir = Files.createTempDirectory("cognate-test-");
            return start(Backend.SQLITE, new Settings("127.0.0.1", 0, null, dataDir, null, null, null, null)
                    .withLimits(limits), MailSettings.OUTBOX, Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TestServer start(Backend backend, Settings settings, MailSettings mail, Clock clock) {
        return start(backend, settings, mail, clock, LambdaSettings.DEFAULT);
    }

    private static TestServer start(Backend backend, Settings settings, MailSettings mail, Clock clock,
                                    LambdaSettings lambda) {
        Secrets.Resolved secrets = new Secrets.Resolved(AdminCredentials.single(ACCESS_KEY_ID, SECRET_ACCESS_KEY),
                ACCESS_KEY_ID, SECRET_ACCESS_KEY, MASTER_KEY, false, false);
        return new TestServer(CognateServer.start(settings, secrets, mail, clock, lambda), backend, settings.dataDir(),
                settings.dbUrl());
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    public int port() {
        return server.port();
    }

    public Backend backend() {
        return backend;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String dbUrl() {
        return dbUrl;
    }

    public CognateServer server() {
        return server;
    }

    /** The real AWS SDK client, signing with the server's admin key, in us-east-1. */
    public CognitoIdentityProviderClient client() {
        return client(Region.US_EAST_1, ACCESS_KEY_ID, SECRET_ACCESS_KEY);
    }

    /** {@link #client()} that never retries: each answer reaches the test as sent. */
    public CognitoIdentityProviderClient clientWithoutRetries() {
        return CognitoIdentityProviderClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    public CognitoIdentityProviderClient client(Region region, String accessKeyId, String secretAccessKey) {
        return CognitoIdentityProviderClient.builder()
                .endpointOverride(endpoint())
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private boolean closed;

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            server.close();
        }
    }
}
