package dev.cognate.bench;

import dev.cognate.CognateServer;
import dev.cognate.config.AdminCredentials;
import dev.cognate.config.Secrets;
import dev.cognate.config.Settings;
import java.io.BufferedWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserImportJobStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserImportJobType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/**
 * Bulk import's rate: a Cognate node in this JVM on each backend, a pool, a CSV of
 * {@code --users} users (the header from GetCSVHeader; username, name, e-mail verified) PUT to
 * the job's PreSignedUrl, StartUserImportJob, DescribeUserImportJob until it ends. Prints the
 * upload time and the users imported per second between the job's StartDate and
 * CompletionDate, and the node's CPU time per user imported (this JVM's, the SQLite library's
 * included; PostgreSQL's own server processes not), with the machine's load average before and after.
 * <pre>java -cp 'cognate-bench/target/cognate-bench.jar:cognate-bench/target/lib/*' dev.cognate.bench.UserImportRate --users 100000</pre>
 */
public final class UserImportRate {
    private static final String KEY = "AKIDCOGNATEBENCH0001";
    private static final String SECRET = "bench-secret-access-key-0123456789abcdef";

    private UserImportRate() {}

    public static void main(String[] args) throws Exception {
        int users = 100_000;
        List<String> backends = List.of("sqlite", "postgresql");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--users" -> users = Integer.parseInt(args[i + 1].replace("_", ""));
                case "--backends" -> backends = List.of(args[i + 1].split(","));
                default -> throw new IllegalArgumentException("usage: --users 100000 --backends sqlite,postgresql");
            }
        }
        System.out.printf(Locale.ROOT, "cores %d, load before %s%n", Runtime.getRuntime().availableProcessors(), load());
        for (String backend : backends) {
            run(backend, users);
        }
        System.out.printf(Locale.ROOT, "load after %s%n", load());
        System.exit(0);
    }

    private static void run(String backend, int users) throws Exception {
        Path data = Files.createTempDirectory("cognate-import-bench-");
        String dbUrl = backend.equals("postgresql") ? EmbeddedDatabase.newDatabase() : null;
        Secrets.Resolved secrets = new Secrets.Resolved(AdminCredentials.single(KEY, SECRET), KEY, SECRET,
                "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII), false, false, List.of());
        try (CognateServer server = CognateServer.start(new Settings("127.0.0.1", 0, null, data, dbUrl, null, null, null),
                secrets)) {
            CognitoIdentityProviderClient cognito = CognitoIdentityProviderClient.builder()
                    .endpointOverride(URI.create("http://127.0.0.1:" + server.port()))
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
            String poolId = cognito.createUserPool(r -> r.poolName("import-bench")
                    .autoVerifiedAttributes(VerifiedAttributeType.EMAIL)).userPool().id();
            List<String> header = cognito.getCSVHeader(r -> r.userPoolId(poolId)).csvHeader();
            Path csv = data.resolve("users.csv");
            try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                out.write(String.join(",", header));
                out.write('\n');
                String[] row = new String[header.size()];
                for (int n = 0; n < users; n++) {
                    for (int c = 0; c < row.length; c++) {
                        row[c] = switch (header.get(c)) {
                            case "cognito:username" -> "user" + n;
                            case "email" -> "user" + n + "@example.com";
                            case "email_verified" -> "true";
                            case "given_name" -> "Given" + n;
                            case "family_name" -> "Family" + (n % 1000);
                            case "cognito:mfa_enabled" -> "false";
                            default -> "";
                        };
                    }
                    out.write(String.join(",", row));
                    out.write('\n');
                }
            }
            UserImportJobType job = cognito.createUserImportJob(r -> r.userPoolId(poolId).jobName("bench")
                    .cloudWatchLogsRoleArn("arn:aws:iam::123456789012:role/CognitoImportRole")).userImportJob();
            long uploadStart = System.nanoTime();
            HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(job.preSignedUrl()))
                    .header("x-amz-server-side-encryption", "aws:kms")
                    .PUT(HttpRequest.BodyPublishers.ofFile(csv)).build(), HttpResponse.BodyHandlers.ofString());
            double uploadSeconds = (System.nanoTime() - uploadStart) / 1e9;
            if (put.statusCode() != 200) {
                throw new IllegalStateException("upload refused: " + put.body());
            }
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpuBefore = os.getProcessCpuTime();
            String database = dbUrl == null ? null : dbUrl.replaceAll(".*/([^/?]+).*", "$1");
            if (database != null) {
                EmbeddedDatabase.resetStatements(database);
            }
            long serverCpuBefore = EmbeddedDatabase.serverCpuMillis();
            cognito.startUserImportJob(r -> r.userPoolId(poolId).jobId(job.jobId()));
            UserImportJobType done;
            while (true) {
                done = cognito.describeUserImportJob(r -> r.userPoolId(poolId).jobId(job.jobId())).userImportJob();
                if (done.status() == UserImportJobStatusType.SUCCEEDED || done.status() == UserImportJobStatusType.FAILED
                        || done.status() == UserImportJobStatusType.STOPPED) {
                    break;
                }
                Thread.sleep(200);
            }
            double cpuMillisPerUser = (os.getProcessCpuTime() - cpuBefore) / 1e6 / Math.max(1, done.importedUsers());
            double serverCpuMillisPerUser = (EmbeddedDatabase.serverCpuMillis() - serverCpuBefore)
                    / (double) Math.max(1, done.importedUsers());
            double seconds = Duration.between(done.startDate(), done.completionDate()).toMillis() / 1e3;
            System.out.printf(Locale.ROOT, "%-10s %,d users, %.1f MB uploaded in %.2f s; %s: %,d imported, %,d failed in "
                            + "%.2f s = %,.0f users/s; node CPU %.3f ms a user (%,.0f users/s on one full core)%s%n", backend,
                    users, Files.size(csv) / 1e6, uploadSeconds, done.status(), done.importedUsers(), done.failedUsers(),
                    seconds, done.importedUsers() / seconds, cpuMillisPerUser, 1000 / cpuMillisPerUser,
                    backend.equals("postgresql") ? String.format(Locale.ROOT, "; PostgreSQL server CPU %.3f ms a user",
                            serverCpuMillisPerUser) : "");
            if (database != null) {
                System.out.println("PostgreSQL's time by statement during the import, and its reads of the users indexes:");
                EmbeddedDatabase.statementsReport(database, "users").forEach(line -> System.out.println("  " + line));
            }
        }
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
