package dev.cognate.cli;

import dev.cognate.CognateServer;
import dev.cognate.config.Secrets;
import dev.cognate.config.MailSettings;
import dev.cognate.config.LambdaSettings;
import dev.cognate.config.Settings;
import dev.cognate.config.SmsSettings;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the Cognate server: admin API, OAuth 2.0/OIDC endpoints and hosted UI on one port.")
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "${env:COGNATE_HOST:-127.0.0.1}",
            description = "Address to listen on (env COGNATE_HOST, default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "${env:COGNATE_PORT:-9229}",
            description = "Port to listen on (env COGNATE_PORT, default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--public-url", defaultValue = "${env:COGNATE_PUBLIC_URL}",
            description = "Base URL clients reach this server at (env COGNATE_PUBLIC_URL, default http://localhost:<port>).")
    String publicUrl;

    @Option(names = "--management-host", defaultValue = "${env:COGNATE_MANAGEMENT_HOST:-127.0.0.1}",
            description = "Address of the management port (env COGNATE_MANAGEMENT_HOST, default ${DEFAULT-VALUE}).")
    String managementHost;

    @Option(names = "--management-port", defaultValue = "${env:COGNATE_MANAGEMENT_PORT:-9230}",
            description = "Port serving /metrics, /health and /ready (env COGNATE_MANAGEMENT_PORT, default ${DEFAULT-VALUE}; "
                    + "0: any free port, -1: none).")
    int managementPort;

    @Mixin
    StoreOptions store;

    @Mixin
    LimitOptions limits;

    @Option(names = "--issuer", defaultValue = "${env:COGNATE_ISSUER}",
            description = "Issuer of tokens: 'aws' for https://cognito-idp.<region>.amazonaws.com/<poolId>, or a template "
                    + "with {publicUrl}, {region}, {poolId} (env COGNATE_ISSUER, default {publicUrl}/{poolId}).")
    String issuer;

    @Option(names = "--smtp-url", defaultValue = "${env:COGNATE_SMTP_URL}",
            description = "Send e-mail (verification and reset codes) through this SMTP server: smtp://[user:password@]host:port "
                    + "(STARTTLS when offered) or smtps://... (implicit TLS). Without it, messages go to the outbox "
                    + "(see 'cognate outbox') (env COGNATE_SMTP_URL).")
    String smtpUrl;

    @Option(names = "--mail-from", defaultValue = "${env:COGNATE_MAIL_FROM}",
            description = "Sender of e-mail when the pool's EmailConfiguration has no From "
                    + "(env COGNATE_MAIL_FROM, default no-reply@<public host>).")
    String mailFrom;

    @Option(names = "--lambda-endpoint", defaultValue = "${env:COGNATE_LAMBDA_ENDPOINT}",
            description = "Endpoint of the Lambda Invoke API for pools' triggers, e.g. a local emulator "
                    + "(env COGNATE_LAMBDA_ENDPOINT, default AWS's endpoint of each function's region; "
                    + "credentials from the AWS SDK's default chain).")
    String lambdaEndpoint;

    @Option(names = "--kms-endpoint", defaultValue = "${env:COGNATE_KMS_ENDPOINT}",
            description = "Endpoint of KMS for pools' custom sender triggers, which get their codes encrypted under the "
                    + "pool's KMSKeyID, e.g. a local emulator (env COGNATE_KMS_ENDPOINT, default AWS's endpoint of "
                    + "each key's region; credentials as for Lambda).")
    String kmsEndpoint;

    @Option(names = "--sms-delivery", defaultValue = "${env:COGNATE_SMS_DELIVERY:-outbox}",
            description = "Where text messages (codes to phone numbers) go: 'outbox' (see 'cognate outbox') or 'sns', "
                    + "published with Amazon SNS as the IAM role of the pool's SmsConfiguration (SnsCallerArn, "
                    + "ExternalId, SnsRegion), assumed with the AWS SDK's default credentials, as Cognito does; pools "
                    + "without one keep theirs in the outbox (env COGNATE_SMS_DELIVERY, default ${DEFAULT-VALUE}).")
    String smsDelivery;

    @Option(names = "--sns-endpoint", defaultValue = "${env:COGNATE_SNS_ENDPOINT}",
            description = "Endpoint of SNS for --sms-delivery sns, e.g. a local emulator "
                    + "(env COGNATE_SNS_ENDPOINT, default AWS's endpoint of each pool's SNS region).")
    String snsEndpoint;

    @Option(names = "--sts-endpoint", defaultValue = "${env:COGNATE_STS_ENDPOINT}",
            description = "Endpoint of STS, where --sms-delivery sns assumes the pools' roles, e.g. a local emulator "
                    + "(env COGNATE_STS_ENDPOINT, default AWS's endpoint of each pool's SNS region).")
    String stsEndpoint;

    @Option(names = "--audit-log", defaultValue = "${env:COGNATE_AUDIT_LOG}",
            description = "Also write the audit trail (admin changes, users' sign-in events) as JSON lines to this file "
                    + "(appended, created owner-only) or to 'stdout' (env COGNATE_AUDIT_LOG, default none).")
    String auditLog;

    @Option(names = "--audit-retention", defaultValue = "${env:COGNATE_AUDIT_RETENTION:-90d}",
            description = "How long the store keeps audit records: days (90d), hours (12h) or ISO-8601 (P30D) "
                    + "(env COGNATE_AUDIT_RETENTION, default ${DEFAULT-VALUE}).")
    String auditRetention;

    @Option(names = "--bootstrap", defaultValue = "${env:COGNATE_BOOTSTRAP}",
            description = "Apply this declaration (see 'cognate apply') once the node has started, before it reports "
                    + "ready (env COGNATE_BOOTSTRAP).")
    Path bootstrap;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        ServeWarmUp.finish();
        com.fasterxml.jackson.databind.node.ObjectNode declaration = null;
        if (bootstrap != null) {
            try {
                declaration = dev.cognate.declarative.DeclarationFile.read(bootstrap, System.getenv());
            } catch (dev.cognate.declarative.DeclarationException e) {
                System.err.println("cognate: --bootstrap: " + e.getMessage());
                return 2;
            }
        }
        Secrets.Resolved secrets;
        CognateServer server;
        Settings settings;
        try {
            settings = new Settings(host, port, publicUrl, store.data, store.dbUrl, store.dbUser, store.dbPassword,
                    "aws".equalsIgnoreCase(issuer) ? dev.cognate.tokens.Issuers.AWS_TEMPLATE : issuer,
                    managementHost, managementPort, limits.toLimits());
            if (smtpUrl != null && !smtpUrl.isBlank()) {
                dev.cognate.mail.SmtpUrl.parse(smtpUrl);
            }
            secrets = Secrets.resolve(settings, System.getenv());
            var audit = new dev.cognate.config.AuditSettings(auditLog,
                    dev.cognate.config.AuditSettings.parseRetention(auditRetention));
            server = CognateServer.start(settings, secrets, new MailSettings(smtpUrl, mailFrom),
                    SmsSettings.of(smsDelivery, snsEndpoint, stsEndpoint), java.time.Clock.systemUTC(),
                    LambdaSettings.endpoints(lambdaEndpoint, kmsEndpoint), audit);
        } catch (IllegalArgumentException | io.javalin.util.JavalinBindException e) {
            // a bad setting, or a port taken (the management port 9230 by a second node on this host, say)
            System.err.println("cognate: " + e.getMessage());
            return 2;
        }
        if (secrets.masterKeyGenerated()) {
            System.err.println("WARNING: no COGNATE_MASTER_KEY set; generated one in "
                    + store.data.resolve("master.key") + ". Back it up: secrets in the store cannot be read without it.");
        }
        if (secrets.credentialsGenerated()) {
            printCredentials(secrets, server);
        }
        if (declaration != null) {
            var declarations = new dev.cognate.declarative.Declarations(
                    new dev.cognate.declarative.AdminCalls(server.adminOperations(), secrets.accessKeyId()));
            int applied = ApplyCommand.apply(declarations, declaration, new dev.cognate.declarative.Declarations.Options(
                    false, false), System.out, System.err);
            if (applied != 0) {
                server.close();
                return applied;
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "cognate-shutdown"));
        System.out.printf("Cognate ready in %d ms at %s (listening on %s:%d, management %s, %s)%n",
                (System.nanoTime() - started) / 1_000_000, server.publicUrl(), host, server.port(),
                server.managementPort() < 0 ? "off" : managementHost + ":" + server.managementPort(),
                settings.embeddedStore() ? "SQLite store in " + store.data.toAbsolutePath().normalize() : "PostgreSQL store");
        System.out.flush();
        settle();
        stopped.await();
        return 0;
    }

    /**
     * One full collection once the node is ready: start-up (migrations, class loading, the first
     * templates) leaves the heap grown to several times what stays live, and a collector gives
     * memory back to the system only after a collection that finds it free. Off the request
     * path, once; docs/BENCHMARKS.md ("Memory") has the figures.
     */
    private static void settle() {
        Thread.ofPlatform().daemon().name("cognate-settle").start(System::gc);
    }

    private static void printCredentials(Secrets.Resolved secrets, CognateServer server) {
        String url = server.publicUrl();
        System.out.println("""
                Generated admin credentials (kept in %s; printed this once):
                  export AWS_ACCESS_KEY_ID=%s
                  export AWS_SECRET_ACCESS_KEY=%s
                  export AWS_DEFAULT_REGION=us-east-1
                or: aws configure set aws_access_key_id %s --profile cognate
                    aws configure set aws_secret_access_key %s --profile cognate
                    aws configure set region us-east-1 --profile cognate
                then: aws --endpoint-url %s cognito-idp list-user-pools --max-results 10
                """.formatted("admin-credentials.properties", secrets.accessKeyId(), secrets.secretAccessKey(),
                secrets.accessKeyId(), secrets.secretAccessKey(), url));
    }
}
