package dev.cognate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cognate.tokens.SigningProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.IdentityProviderTypeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;

/**
 * Browser sign-ins per second and what each costs the server: N virtual browsers
 * ({@link VirtualBrowser}) in a closed loop against a Cognate server in its own JVM, each
 * signing in from scratch again and again, through the hosted page with a password and through
 * an OIDC identity provider that answers at once ({@link InstantIdp}, in this JVM). Each
 * window reports sign-ins/s, latency of a whole sign-in, and the server process's CPU time per
 * sign-in from /proc, split into what the password hash (Argon2id, 1 per hosted sign-in) and
 * the token response's two RS256 signatures take at the rates this JVM measures in the same
 * run, and the rest: the broker's own cost.
 * <pre>java -cp 'cognate-bench/target/cognate-bench.jar:cognate-bench/target/lib/*' dev.cognate.bench.BrowserSignInRate --browsers 4,16</pre>
 */
public final class BrowserSignInRate {
    static final String PROVIDER = "instant";
    static final String CALLBACK = "https://app.example.com/callback";
    static final String SCOPE = "openid email";
    static final String PASSWORD = "Bench-Passw0rd!long";
    /** The target of issue 14: the broker's own CPU per federated sign-in. */
    static final double FEDERATED_TARGET_MILLIS = 2.0;
    /** Signatures in an authorization_code token response: the ID token and the access token. */
    static final int SIGNATURES_PER_SIGN_IN = 2;

    record Options(Path serverJar, Path java, List<String> serverJvmOptions, List<Integer> browsers, List<String> paths,
                   int preWarmSeconds, int warmUpSeconds, int seconds, int referenceSeconds, int users, int subjects,
                   String backend, Path json) {
        static final String USAGE = """
                usage: BrowserSignInRate [--server-jar cognate-server/target/cognate-server.jar] [--java <this JVM's>]
                       [--browsers 4,16] [--paths hosted,federated] [--pre-warm 10] [--warm-up 5] [--seconds 20]
                       [--reference-seconds 3] [--users 16] [--subjects 64] [--server-jvm-option <option>]...
                       [--backend sqlite|postgresql] [--json cognate-bench/target/browser-sign-ins.json]""";

        static Options parse(String... args) {
            Path serverJar = Path.of("cognate-server/target/cognate-server.jar");
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            List<String> jvm = new ArrayList<>();
            List<Integer> browsers = List.of(4, 16);
            List<String> paths = List.of("hosted", "federated");
            int preWarm = 10;
            int warmUp = 5;
            int seconds = 20;
            int reference = 3;
            int users = 16;
            int subjects = 64;
            String backend = "sqlite";
            Path json = Path.of("cognate-bench/target/browser-sign-ins.json");
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("no value for " + name + "\n" + USAGE);
                }
                String value = args[++i];
                switch (name) {
                    case "--server-jar" -> serverJar = Path.of(value);
                    case "--java" -> java = Path.of(value);
                    case "--server-jvm-option" -> jvm.add(value);
                    case "--browsers" -> browsers = Arrays.stream(value.split(",")).map(String::trim).map(Integer::parseInt)
                            .toList();
                    case "--paths" -> paths = Arrays.stream(value.split(",")).map(String::trim).toList();
                    case "--pre-warm" -> preWarm = number(name, value, 0);
                    case "--warm-up" -> warmUp = number(name, value, 0);
                    case "--seconds" -> seconds = number(name, value, 1);
                    case "--reference-seconds" -> reference = number(name, value, 1);
                    case "--users" -> users = number(name, value, 1);
                    case "--subjects" -> subjects = number(name, value, 1);
                    case "--backend" -> backend = value;
                    case "--json" -> json = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
                }
            }
            if (browsers.isEmpty() || browsers.stream().anyMatch(b -> b < 1 || b > 512)) {
                throw new IllegalArgumentException("--browsers takes counts from 1 to 512");
            }
            if (paths.isEmpty() || !List.of("hosted", "federated").containsAll(paths)) {
                throw new IllegalArgumentException("--paths takes hosted and/or federated");
            }
            if (!List.of("sqlite", "postgresql").contains(backend)) {
                throw new IllegalArgumentException("--backend takes sqlite or postgresql");
            }
            return new Options(serverJar, java, List.copyOf(jvm), browsers, paths, preWarm, warmUp, seconds, reference,
                    users, subjects, backend, json);
        }

        private static int number(String name, String value, int min) {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > 3600) {
                throw new IllegalArgumentException(name + " must be from " + min + " to 3600");
            }
            return parsed;
        }
    }

    /**
     * One measured window. {@code hashMillis} and {@code signingMillis}: what one sign-in's
     * password hashes and signatures take at this run's best one-thread rates; {@code brokerMillis}:
     * the server's CPU per sign-in less both. {@code driverCpuShare}: this JVM's (browsers and
     * IdP) share of the machine's CPU; {@code otherCpuShare}: the share used by neither process nor
     * the database. {@code databaseCpuMillisPerSignIn}: PostgreSQL's CPU (its server processes) per
     * sign-in, 0 on the embedded store, whose work is the node's own.
     */
    record Window(String path, int browsers, double seconds, long signIns, long errors, double signInsPerSecond,
                  double p50Millis, double p99Millis, double serverCpuMillisPerSignIn, double databaseCpuMillisPerSignIn,
                  double hashMillis,
                  double signingMillis, double brokerMillis, double brokerMillisWithoutSigning, double driverCpuShare,
                  double otherCpuShare, String firstError) {}

    record Report(String at, int cores, String backend, String signingProvider, String serverSigningProvider,
                  double loadBefore,
                  double loadAfter, List<PasswordHashRate.Result> hashing, List<SigningRate.Result> signing,
                  double federatedTargetMillis, List<Window> windows) {}

    private BrowserSignInRate() {}

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.println(Options.USAGE);
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("BrowserSignInRate: " + e.getMessage());
            System.exit(2);
            return;
        }
        double loadBefore = ProcStats.loadAverage();
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "cores %d, load %.2f%n", cores, loadBefore);
        Duration refWarmUp = Duration.ofMillis(options.referenceSeconds() * 500L);
        Duration refMeasured = Duration.ofSeconds(options.referenceSeconds());
        SigningProvider provider = SigningProvider.detect();
        List<PasswordHashRate.Result> hashing = new ArrayList<>();
        List<SigningRate.Result> signing = new ArrayList<>();
        System.out.println("Argon2id and RS256 rates in this JVM before the loads...");
        hashing.add(PasswordHashRate.measure(refWarmUp, refMeasured, "before the loads"));
        signing.add(SigningRate.measure(provider, refWarmUp, refMeasured, "before the loads"));

        List<Window> windows = new ArrayList<>();
        String serverProvider;
        List<String> serveOptions = new ArrayList<>(List.of("--sign-ins-per-address", "1000000000"));
        if (options.backend().equals("postgresql")) {
            serveOptions.addAll(List.of("--db-url", EmbeddedDatabase.newDatabase()));
        }
        try (InstantIdp idp = new InstantIdp(options.subjects());
             ServerProcess server = ServerProcess.start(options.java(), options.serverJar(), options.serverJvmOptions(),
                     null, serveOptions)) {
            serverProvider = server.signingProvider();
            System.out.printf(Locale.ROOT, "Cognate: pid %d ready in %,d ms, signs with %s; instant IdP at %s%n",
                    server.pid(), server.readyMillis(), serverProvider, idp.issuer());
            Fixture fixture = Fixture.prepare(server, idp, options.users());
            for (String path : options.paths()) {
                SignIn signIn = signIn(path, fixture, idp.port());
                try (VirtualBrowser browser = new VirtualBrowser(fixture.app())) {
                    signIn.once(browser, 0, 0);
                } catch (VirtualBrowser.SignInFailed e) {
                    throw new IllegalStateException("a " + path + " sign-in fails before the load: " + e.getMessage()
                            + "\nserver output:\n" + server.output(), e);
                }
                if (options.preWarmSeconds() > 0) {
                    System.out.printf(Locale.ROOT, "  %s: %ds unmeasured pre-warm at %d browsers...%n", path,
                            options.preWarmSeconds(), options.browsers().getLast());
                    run(fixture.app(), signIn, options.browsers().getLast(), Duration.ZERO,
                            Duration.ofSeconds(options.preWarmSeconds()), server.pid());
                }
                for (int browsers : options.browsers()) {
                    System.out.printf(Locale.ROOT, "  %s, %d browsers: %ds warm-up, %ds measured...%n", path, browsers,
                            options.warmUpSeconds(), options.seconds());
                    Measured m = run(fixture.app(), signIn, browsers, Duration.ofSeconds(options.warmUpSeconds()),
                            Duration.ofSeconds(options.seconds()), server.pid());
                    double databaseMillis = m.signIns() == 0 ? Double.NaN : m.databaseCpu() * 1000 / m.signIns();
                    System.out.printf(Locale.ROOT, "    %,.1f sign-ins/s, server %.2f ms CPU a sign-in%s, %d errors%s%n",
                            m.signIns() / m.seconds(), m.signIns() == 0 ? Double.NaN : m.serverCpu() * 1000 / m.signIns(),
                            options.backend().equals("postgresql")
                                    ? String.format(Locale.ROOT, " (PostgreSQL %.2f ms)", databaseMillis) : "",
                            m.errors(), m.firstError() == null ? "" : " (first: " + m.firstError() + ")");
                    windows.add(new Window(path, browsers, m.seconds(), m.signIns(), m.errors(), m.signIns() / m.seconds(),
                            m.latencies().percentileMillis(50), m.latencies().percentileMillis(99),
                            m.signIns() == 0 ? Double.NaN : m.serverCpu() * 1000 / m.signIns(), databaseMillis,
                            Double.NaN, Double.NaN,
                            Double.NaN, Double.NaN, m.driverCpuShare(), m.otherCpuShare(), m.firstError()));
                }
                if (path.equals("federated")) {
                    System.out.println("  the instant IdP served: " + idp.fetches());
                }
            }
        }
        System.out.println("Argon2id and RS256 rates in this JVM after the loads...");
        hashing.add(PasswordHashRate.measure(refWarmUp, refMeasured, "after the loads"));
        signing.add(SigningRate.measure(provider, refWarmUp, refMeasured, "after the loads"));
        // Noise can only lower a rate: the higher one-thread figure is what a hash or signature costs.
        double hashMillis = 1000 / hashing.stream().mapToDouble(PasswordHashRate.Result::singleThread).max().orElseThrow();
        double signatureMillis = 1000 / signing.stream().mapToDouble(SigningRate.Result::singleThread).max().orElseThrow();
        List<Window> split = windows.stream().map(w -> split(w, hashMillis, signatureMillis)).toList();
        Report report = new Report(Instant.now().toString(), cores, options.backend(), provider.description(), serverProvider,
                loadBefore,
                ProcStats.loadAverage(), hashing, signing, FEDERATED_TARGET_MILLIS, split);
        System.out.println();
        System.out.print(table(report, hashMillis, signatureMillis));
        Path json = options.json().toAbsolutePath();
        Files.createDirectories(json.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
        System.out.println("JSON: " + json);
        System.exit(0);
    }

    /** A window's server CPU split into the password hash, the signatures and the broker's own rest. */
    static Window split(Window w, double hashMillis, double signatureMillis) {
        double hash = w.path().equals("hosted") ? hashMillis : 0;
        double signatures = SIGNATURES_PER_SIGN_IN * signatureMillis;
        double broker = w.serverCpuMillisPerSignIn() - hash;
        return new Window(w.path(), w.browsers(), w.seconds(), w.signIns(), w.errors(), w.signInsPerSecond(), w.p50Millis(),
                w.p99Millis(), w.serverCpuMillisPerSignIn(), w.databaseCpuMillisPerSignIn(), hash, signatures, broker, broker - signatures,
                w.driverCpuShare(), w.otherCpuShare(), w.firstError());
    }

    static String table(Report report, double hashMillis, double signatureMillis) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "one Argon2id hash %.2f ms, one RS256 signature %.3f ms (%s), best one-thread "
                + "rates of this run; load %.2f before, %.2f after; store: %s%n", hashMillis, signatureMillis,
                report.signingProvider(), report.loadBefore(), report.loadAfter(), report.backend()));
        out.append(String.format(Locale.ROOT, "%-9s %8s %11s %8s %8s %9s %8s %8s %6s %9s %9s %9s %7s %7s %6s%n", "path", "browsers",
                "sign-ins/s", "p50 ms", "p99 ms", "srv ms/si", "db ms/si", "hash ms", "hash%", "broker ms", "-signing", "vs 2 ms",
                "driver", "other", "errors"));
        for (Window w : report.windows()) {
            out.append(String.format(Locale.ROOT, "%-9s %8d %11.1f %8.1f %8.1f %9.2f %8.2f %8.2f %5.0f%% %9.2f %9.2f %9s %6.0f%% %6.0f%% %6d%n",
                    w.path(), w.browsers(), w.signInsPerSecond(), w.p50Millis(), w.p99Millis(), w.serverCpuMillisPerSignIn(),
                    w.databaseCpuMillisPerSignIn(), w.hashMillis(), 100 * w.hashMillis() / w.serverCpuMillisPerSignIn(),
                    w.brokerMillis(), w.brokerMillisWithoutSigning(),
                    w.path().equals("federated") ? (w.brokerMillis() < FEDERATED_TARGET_MILLIS ? "met" : "missed") : "",
                    100 * w.driverCpuShare(), 100 * w.otherCpuShare(), w.errors()));
        }
        return out.toString();
    }

    /** One sign-in of a path by a browser: its {@code n}-th, as virtual browser {@code index}. */
    @FunctionalInterface
    interface SignIn {
        void once(VirtualBrowser browser, int index, long n) throws IOException, VirtualBrowser.SignInFailed;
    }

    private static SignIn signIn(String path, Fixture fixture, int idpPort) {
        if (path.equals("hosted")) {
            List<String> users = fixture.usernames();
            return (browser, index, n) -> browser.signIn(users.get((int) ((index + n * 7919) % users.size())), PASSWORD);
        }
        return (browser, index, n) -> browser.signInWith(PROVIDER, idpPort);
    }

    private record Measured(double seconds, long signIns, long errors, Latencies latencies, double serverCpu,
                            double databaseCpu, double driverCpuShare, double otherCpuShare, String firstError) {}

    /** Closed loop: each browser on its own thread signs in again as soon as its last sign-in ended. */
    private static Measured run(VirtualBrowser.App app, SignIn signIn, int browsers, Duration warmUp, Duration measured,
                                long serverPid) throws InterruptedException {
        long windowStart = System.nanoTime() + warmUp.toNanos();
        long windowEnd = windowStart + measured.toNanos();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Worker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < browsers; i++) {
            Worker worker = new Worker(app, signIn, i, windowStart, windowEnd, firstError);
            workers.add(worker);
            threads.add(Thread.ofPlatform().name("browser-" + i).start(worker));
        }
        parkUntil(windowStart);
        double server0 = ProcStats.cpuSeconds(serverPid);
        long database0 = EmbeddedDatabase.serverCpuMillis();
        double driver0 = ProcStats.cpuSeconds(ProcessHandle.current().pid());
        ProcStats.MachineCpu machine0 = ProcStats.MachineCpu.now();
        parkUntil(windowEnd);
        double serverCpu = ProcStats.cpuSeconds(serverPid) - server0;
        double databaseCpu = (EmbeddedDatabase.serverCpuMillis() - database0) / 1000.0;
        double driverCpu = ProcStats.cpuSeconds(ProcessHandle.current().pid()) - driver0;
        ProcStats.MachineCpu machine1 = ProcStats.MachineCpu.now();
        for (Thread thread : threads) {
            thread.join();
        }
        Latencies latencies = new Latencies();
        long signIns = 0;
        long errors = 0;
        for (Worker worker : workers) {
            latencies.addAll(worker.latencies);
            signIns += worker.signIns;
            errors += worker.errors;
        }
        double total = Math.max(1e-9, machine1.total() - machine0.total());
        double other = Math.max(0, machine1.busy() - machine0.busy() - serverCpu - databaseCpu - driverCpu);
        return new Measured(measured.toNanos() / 1e9, signIns, errors, latencies, serverCpu, databaseCpu, driverCpu / total,
                other / total, firstError.get());
    }

    private static void parkUntil(long deadline) {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    private static final class Worker implements Runnable {
        private final VirtualBrowser.App app;
        private final SignIn signIn;
        private final int index;
        private final long windowStart;
        private final long windowEnd;
        private final AtomicReference<String> firstError;
        final Latencies latencies = new Latencies();
        long signIns;
        long errors;

        Worker(VirtualBrowser.App app, SignIn signIn, int index, long windowStart, long windowEnd,
               AtomicReference<String> firstError) {
            this.app = app;
            this.signIn = signIn;
            this.index = index;
            this.windowStart = windowStart;
            this.windowEnd = windowEnd;
            this.firstError = firstError;
        }

        @Override
        public void run() {
            try (VirtualBrowser browser = new VirtualBrowser(app)) {
                long n = 0;
                for (long start = System.nanoTime(); start < windowEnd; start = System.nanoTime()) {
                    boolean ok;
                    try {
                        signIn.once(browser, index, n++);
                        ok = true;
                    } catch (IOException | VirtualBrowser.SignInFailed | RuntimeException e) {
                        ok = false;
                        firstError.compareAndSet(null, e.toString());
                    }
                    long done = System.nanoTime();
                    if (done >= windowStart && done < windowEnd) {
                        if (ok) {
                            signIns++;
                            latencies.add(done - start);
                        } else {
                            errors++;
                        }
                    }
                }
            }
        }
    }

    /** The pool, its OIDC provider (the instant IdP), a public code-flow client and password users, through the AWS SDK. */
    record Fixture(VirtualBrowser.App app, List<String> usernames) {
        static Fixture prepare(ServerProcess server, InstantIdp idp, int users) {
            try (CognitoIdentityProviderClient admin = CognitoIdentityProviderClient.builder()
                    .endpointOverride(URI.create(server.baseUrl()))
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(ServerProcess.ACCESS_KEY_ID, ServerProcess.SECRET_ACCESS_KEY)))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build()) {
                String poolId = admin.createUserPool(r -> r.poolName("bench-browser")).userPool().id();
                admin.createIdentityProvider(r -> r.userPoolId(poolId).providerName(PROVIDER)
                        .providerType(IdentityProviderTypeType.OIDC)
                        .providerDetails(Map.of("client_id", InstantIdp.CLIENT_ID, "client_secret", InstantIdp.CLIENT_SECRET,
                                "authorize_scopes", "openid email", "attributes_request_method", "GET",
                                "oidc_issuer", idp.issuer()))
                        .attributeMapping(Map.of("email", "email")));
                String clientId = admin.createUserPoolClient(r -> r.userPoolId(poolId).clientName("browser-app")
                        .allowedOAuthFlowsUserPoolClient(true).allowedOAuthFlows(OAuthFlowType.CODE)
                        .allowedOAuthScopes("openid", "email").callbackURLs(CALLBACK)
                        .supportedIdentityProviders("COGNITO", PROVIDER)).userPoolClient().clientId();
                List<String> usernames = new ArrayList<>();
                for (int i = 0; i < users; i++) {
                    String username = "browser" + i;
                    admin.adminCreateUser(r -> r.userPoolId(poolId).username(username)
                            .messageAction(MessageActionType.SUPPRESS));
                    admin.adminSetUserPassword(r -> r.userPoolId(poolId).username(username).password(PASSWORD)
                            .permanent(true));
                    usernames.add(username);
                }
                return new Fixture(new VirtualBrowser.App("127.0.0.1", server.port(), clientId, CALLBACK, SCOPE),
                        List.copyOf(usernames));
            }
        }
    }
}
