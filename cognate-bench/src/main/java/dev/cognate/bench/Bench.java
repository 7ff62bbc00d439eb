package dev.cognate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.cognate.tokens.SigningProvider;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The token-endpoint benchmark: raw RS256 signing rates, then a Cognate server in its own JVM
 * under closed-loop load for client_credentials and refresh_token at each connection count
 * (and, with {@code --keycloak-zip}, Keycloak in dev mode under the same load, afterwards);
 * prints a table and writes the figures as JSON. Run it with {@code scripts/bench.sh}.
 */
public final class Bench {
    /** Keycloak 26.7.3 in dev mode on the 2-core reference machine, as quoted in issue 3 (not measured here). */
    static final double KEYCLOAK_CLIENT_CREDENTIALS_QUOTED = 1_100;
    static final double KEYCLOAK_REFRESH_QUOTED = 1_100;

    record Machine(int cores, String cpu, long memoryMb, String jdk, String os, double loadBefore, double loadAfter) {}

    /**
     * One measured window with its ratios. {@code signingBound}: the all-core signing rate of the
     * target's provider divided by the signatures a grant costs. {@code signingShareOfServerCpu}:
     * the part of the server's CPU time per grant that its signatures take (at the provider's
     * best one-thread rate); it suffers less than rates from other work on the machine. The
     * Keycloak ratios are NaN where they do not apply.
     */
    record Load(LoadRun.Result result, double signingBound, double shareOfSigningBound, double serverCpuMillisPerGrant,
                double signingShareOfServerCpu, double vsKeycloakQuoted, double vsKeycloakSameRun) {}

    /** A server under test: how it started, its memory, its loads. */
    record Target(String name, String signingProvider, long readyMillis, long rssIdleKb, long rssAfterLoadKb,
                  long rssPeakKb, List<Load> loads) {}

    /**
     * A native-user operation's window. {@code hashBound}: the all-core password-hash rate
     * divided by the hashes the operation costs (NaN for none); {@code vsHashRate}: its rate as a
     * share of the all-core hash rate, for every operation.
     */
    record NativeLoad(LoadRun.Result result, double hashBound, double shareOfHashBound, double vsHashRate,
                      double serverCpuMillisPerRequest) {}

    record Report(String at, Machine machine, List<SigningRate.Result> signing, Target cognate, Target keycloak,
                  double keycloakClientCredentialsQuoted, double keycloakRefreshQuoted, BenchOptions options,
                  List<PasswordHashRate.Result> hashing, List<NativeLoad> nativeUsers,
                  List<SignInRate.Result> signIns, List<TriggerRatio> preTokenGeneration) {}

    /**
     * refresh_token in a pool with a PreTokenGeneration trigger that answers at once, against
     * refresh_token without one, at the same connections in the same run: what the trigger costs.
     */
    record TriggerRatio(int connections, double withTrigger, double without, double ratio) {}

    /** What a run of one target measured, before ratios. */
    private record Measured(String name, String signingProvider, long readyMillis, long rssIdleKb, long rssAfterLoadKb,
                            long rssPeakKb, List<Scenario> scenarios, List<LoadRun.Result> results,
                            List<Scenario> nativeScenarios, List<LoadRun.Result> nativeResults,
                            List<SignInRate.Result> signIns) {}

    private Bench() {}

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        double loadBefore = ProcStats.loadAverage();
        System.out.printf("cognate-bench: %d cores, load %.2f%n", Runtime.getRuntime().availableProcessors(), loadBefore);

        // Signing rates before and after Cognate's load: the higher one is the bound (a shared
        // machine's noise can only lower a rate, and the higher bound is the harder target).
        SigningProvider detected = SigningProvider.detect();
        List<SigningRate.Result> signing = new ArrayList<>(signingRates(options, detected, "before the loads"));
        String jdkProvider = SigningProvider.jdk().description();
        List<PasswordHashRate.Result> hashing = new ArrayList<>(List.of(hashRate(options, "before the loads")));

        Measured cognate = runCognate(options);
        signing.addAll(signingRates(options, detected, "after Cognate's load"));
        hashing.add(hashRate(options, "after Cognate's load"));
        Optional<Measured> keycloak = options.keycloakZip() == null ? Optional.empty()
                : Optional.of(runKeycloak(options, jdkProvider));

        Machine machine = new Machine(Runtime.getRuntime().availableProcessors(), cpuModel(), memoryMb(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                loadBefore, ProcStats.loadAverage());
        Report report = new Report(Instant.now().toString(), machine, signing,
                target(cognate, signing, keycloak), keycloak.map(k -> target(k, signing, Optional.empty())).orElse(null),
                KEYCLOAK_CLIENT_CREDENTIALS_QUOTED, KEYCLOAK_REFRESH_QUOTED, options, hashing, nativeLoads(cognate, hashing),
                cognate.signIns(), triggerRatios(cognate));
        System.out.println();
        System.out.print(ReportTable.render(report));
        System.out.println("API sign-ins (AWS SDK client on the same machine):");
        for (SignInRate.Result r : cognate.signIns()) {
            System.out.printf("  %-20s %2d threads  %8.1f sign-ins/s  %,d errors  (the client's CPU: %.0f%% of the machine)%n",
                    r.flow(), r.threads(), r.signInsPerSecond(), r.errors(), 100 * r.clientCpuShare());
        }
        Path json = options.json().toAbsolutePath();
        Files.createDirectories(json.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
        System.out.println("JSON: " + json);
    }

    private static List<SigningRate.Result> signingRates(BenchOptions options, SigningProvider detected, String when)
            throws Exception {
        System.out.println("RS256 signing rates " + when + "...");
        Duration warmUp = Duration.ofSeconds(Math.max(1, options.signingSeconds() / 2));
        Duration measured = Duration.ofSeconds(options.signingSeconds());
        List<SigningRate.Result> rates = new ArrayList<>();
        rates.add(SigningRate.measure(detected, warmUp, measured, when));
        if (detected.isNative()) {
            rates.add(SigningRate.measure(SigningProvider.jdk(), warmUp, measured, when));
        }
        return rates;
    }

    private static PasswordHashRate.Result hashRate(BenchOptions options, String when) throws InterruptedException {
        System.out.println("Argon2id password-hash rates " + when + "...");
        return PasswordHashRate.measure(Duration.ofSeconds(Math.max(1, options.signingSeconds() / 2)),
                Duration.ofSeconds(options.signingSeconds()), when);
    }

    /**
     * SignUp (a new user each time) at each connection count after an unmeasured pre-warm, then
     * ForgotPassword for the users those sign-ups made, at each connection count.
     */
    private static void nativeUsers(BenchOptions options, ServerProcess process, List<Scenario> scenarios,
                                    List<LoadRun.Result> results) throws Exception {
        NativeUserFixture fixture = NativeUserFixture.prepare(process.baseUrl(), "127.0.0.1", process.port());
        Scenario signUp = fixture.signUp();
        load(options, process.port(), process.pid(), List.of(signUp), scenarios, results);
        NativeUserFixture.ForgotPasswordLoad forgot = fixture.forgotPassword(4);
        for (int connections : options.connections()) {
            // Each user may be sent five codes an hour: a 1-second probe tells the rate, and the
            // window is cut so that it stays within the codes left (else it measures refusals).
            LoadRun.Result probe = LoadRun.run("127.0.0.1", process.port(), forgot.scenario(), connections, Duration.ZERO,
                    Duration.ofSeconds(1), process.pid());
            double rate = Math.max(1, probe.grantsPerSecond());
            long millis = Math.min(options.seconds() * 1000L, (long) (forgot.left() * 0.7 / rate * 1000) - 1000);
            if (millis < 1000) {
                System.out.printf("  ForgotPassword at %d connections: skipped, %d codes left at about %.0f/s%n",
                        connections, forgot.left(), rate);
                continue;
            }
            System.out.printf("  ForgotPassword at %d connections: 1s warm-up, %.1fs measured (%d codes left)...%n",
                    connections, millis / 1000.0, forgot.left());
            LoadRun.Result result = LoadRun.run("127.0.0.1", process.port(), forgot.scenario(), connections,
                    Duration.ofSeconds(1), Duration.ofMillis(millis), process.pid());
            System.out.printf("    %,.0f/s, p50 %.2f ms, p99 %.2f ms, %d errors%n", result.grantsPerSecond(),
                    result.p50Millis(), result.p99Millis(), result.errors());
            scenarios.add(forgot.scenario());
            results.add(result);
        }
    }

    private static List<NativeLoad> nativeLoads(Measured measured, List<PasswordHashRate.Result> hashing) {
        double bound = hashing.stream().mapToDouble(PasswordHashRate.Result::allCores).max().orElse(Double.NaN);
        List<NativeLoad> loads = new ArrayList<>();
        for (int i = 0; i < measured.nativeResults().size(); i++) {
            LoadRun.Result r = measured.nativeResults().get(i);
            int hashes = measured.nativeScenarios().get(i).hashesPerGrant();
            double hashBound = hashes == 0 ? Double.NaN : bound / hashes;
            loads.add(new NativeLoad(r, hashBound, r.grantsPerSecond() / hashBound, r.grantsPerSecond() / bound,
                    r.grants() == 0 ? Double.NaN : r.serverCpuSeconds() * 1000 / r.grants()));
        }
        return loads;
    }

    private static Measured runCognate(BenchOptions options) throws Exception {
        try (InstantLambda lambda = new InstantLambda();
             ServerProcess process = ServerProcess.start(options.java(), options.serverJar(), options.serverJvmOptions(),
                     lambda.endpoint())) {
            String provider = process.signingProvider();
            long rssIdle = ProcStats.statusKb(process.pid(), "VmRSS");
            System.out.printf("Cognate: pid %d ready in %,d ms, signs with %s, RSS %,d MB%n", process.pid(),
                    process.readyMillis(), provider, rssIdle / 1024);
            CognateFixture.Prepared fixture = CognateFixture.prepare(process.baseUrl(), "127.0.0.1", process.port(),
                    options.machineClients(), options.users());
            checkAnswers(process, fixture);
            CognateFixture.Prepared triggered = CognateFixture.prepare(process.baseUrl(), "127.0.0.1", process.port(),
                    options.machineClients(), options.users(), InstantLambda.FUNCTION_ARN);
            long invokedBefore = lambda.invocations();
            // The same driver against an answer that costs the server nothing but HTTP: its floor.
            Scenario floor = new Scenario("GET /health", 0,
                    List.of(Http1Connection.get("127.0.0.1", process.port(), "/health")));
            List<Scenario> scenarios = new ArrayList<>();
            List<LoadRun.Result> results = new ArrayList<>();
            List<Scenario> grants = List.of(fixture.clientCredentials(), fixture.refreshToken(), triggered.refreshToken());
            if (!options.grants().isEmpty()) {
                grants = grants.stream().filter(g -> options.grants().contains(g.name())).toList();
            }
            load(options, process.port(), process.pid(), grants, scenarios, results);
            System.out.printf("  PreTokenGeneration invoked %,d times under load%n", lambda.invocations() - invokedBefore);
            scenarios.add(floor);
            results.add(window(options, process.port(), process.pid(), floor, options.connections().get(0)));
            long rssAfterLoad = ProcStats.statusKb(process.pid(), "VmRSS");
            System.out.printf("Cognate: RSS %,d MB after the loads%n", rssAfterLoad / 1024);
            if (options.idleSeconds() > 0) {
                // what the server gives back when left alone (its heap's periodic uncommit)
                Thread.sleep(options.idleSeconds() * 1000L);
                System.out.printf("Cognate: RSS %,d MB after %d s idle%n", ProcStats.statusKb(process.pid(), "VmRSS") / 1024,
                        options.idleSeconds());
            }
            List<Scenario> nativeScenarios = new ArrayList<>();
            List<LoadRun.Result> nativeResults = new ArrayList<>();
            List<SignInRate.Result> signIns = List.of();
            if (options.grants().isEmpty()) {
                nativeUsers(options, process, nativeScenarios, nativeResults);
                signIns = signIns(options, fixture.users());
            }
            return new Measured("Cognate", provider, process.readyMillis(), rssIdle, rssAfterLoad,
                    ProcStats.statusKb(process.pid(), "VmHWM"), scenarios, results, nativeScenarios, nativeResults, signIns);
        }
    }

    /** USER_PASSWORD_AUTH, then USER_SRP_AUTH, each with two threads a core. */
    private static List<SignInRate.Result> signIns(BenchOptions options, SignInRate.Users users) throws InterruptedException {
        int threads = 2 * Runtime.getRuntime().availableProcessors();
        List<SignInRate.Result> results = new ArrayList<>();
        for (var flow : List.of(software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType.USER_PASSWORD_AUTH,
                software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType.USER_SRP_AUTH)) {
            System.out.printf("  %s sign-ins, %d threads: %ds warm-up, %ds measured...%n", flow, threads,
                    options.warmUpSeconds(), options.seconds());
            results.add(SignInRate.measure(users, flow, threads, Duration.ofSeconds(options.warmUpSeconds()),
                    Duration.ofSeconds(options.seconds())));
        }
        return results;
    }

    private static Measured runKeycloak(BenchOptions options, String jdkProvider) throws Exception {
        System.out.println("Keycloak: unpacking " + options.keycloakZip() + " and starting it in dev mode...");
        try (KeycloakProcess process = KeycloakProcess.start(options.keycloakZip(), options.java(), List.of(), Map.of())) {
            long pid = process.pid();
            long rssIdle = ProcStats.statusKb(pid, "VmRSS");
            System.out.printf("Keycloak: pid %d ready in %,d ms, RSS %,d MB%n", pid, process.readyMillis(), rssIdle / 1024);
            KeycloakFixture.Prepared fixture = KeycloakFixture.prepare(process.baseUrl(), "127.0.0.1", process.port(),
                    options.machineClients(), options.users());
            for (Scenario scenario : List.of(fixture.clientCredentials(), fixture.refreshToken())) {
                try (Http1Connection connection = new Http1Connection("127.0.0.1", process.port())) {
                    Http1Connection.Response response = connection.exchange(scenario.requestFor(0), true);
                    if (response.status() != 200) {
                        throw new IllegalStateException("Keycloak's " + scenario.name() + " answered " + response.status()
                                + ": " + response.text());
                    }
                }
            }
            List<Scenario> scenarios = new ArrayList<>();
            List<LoadRun.Result> results = new ArrayList<>();
            load(options, process.port(), pid, List.of(fixture.clientCredentials(), fixture.refreshToken()), scenarios, results);
            return new Measured("Keycloak 26.7.3 (dev mode)", jdkProvider, process.readyMillis(), rssIdle,
                    ProcStats.statusKb(pid, "VmRSS"), ProcStats.statusKb(pid, "VmHWM"), scenarios, results, List.of(),
                    List.of(), List.of());
        }
    }

    private static void load(BenchOptions options, int port, long pid, List<Scenario> grants, List<Scenario> scenarios,
                             List<LoadRun.Result> results) throws InterruptedException {
        // Both servers are JVMs: each grant runs unmeasured first, so the JIT has compiled its path.
        for (Scenario scenario : grants) {
            System.out.printf("  %s: %ds unmeasured pre-warm at %d connections%n", scenario.name(),
                    options.preWarmSeconds(), options.connections().get(0));
            LoadRun.run("127.0.0.1", port, scenario, options.connections().get(0), Duration.ofSeconds(options.preWarmSeconds()),
                    Duration.ofMillis(1), pid);
        }
        for (Scenario scenario : grants) {
            for (int connections : options.connections()) {
                scenarios.add(scenario);
                results.add(window(options, port, pid, scenario, connections));
            }
        }
    }

    private static LoadRun.Result window(BenchOptions options, int port, long pid, Scenario scenario, int connections)
            throws InterruptedException {
        System.out.printf("  %s at %d connections: %ds warm-up, %ds measured...%n", scenario.name(), connections,
                options.warmUpSeconds(), options.seconds());
        LoadRun.Result result = LoadRun.run("127.0.0.1", port, scenario, connections,
                Duration.ofSeconds(options.warmUpSeconds()), Duration.ofSeconds(options.seconds()), pid);
        System.out.printf("    %,.0f/s, p50 %.2f ms, p99 %.2f ms, %d errors, %,d-%,d answers per connection%s%n",
                result.grantsPerSecond(), result.p50Millis(), result.p99Millis(), result.errors(),
                result.fewestPerConnection(), result.mostPerConnection(),
                result.firstError() == null ? "" : " (first: " + result.firstError() + ")");
        return result;
    }

    private static Target target(Measured measured, List<SigningRate.Result> signing, Optional<Measured> keycloak) {
        double boundAllCores = signing.stream().filter(s -> s.provider().equals(measured.signingProvider()))
                .mapToDouble(SigningRate.Result::allCores).max().orElse(Double.NaN);
        double bestOneThread = signing.stream().filter(s -> s.provider().equals(measured.signingProvider()))
                .mapToDouble(SigningRate.Result::singleThread).max().orElse(Double.NaN);
        List<Load> loads = new ArrayList<>();
        for (int i = 0; i < measured.results().size(); i++) {
            LoadRun.Result r = measured.results().get(i);
            int signatures = measured.scenarios().get(i).signaturesPerGrant();
            double signingBound = signatures == 0 ? Double.NaN : boundAllCores / signatures;
            double quoted = switch (signatures) {
                case 1 -> KEYCLOAK_CLIENT_CREDENTIALS_QUOTED;
                case 2 -> KEYCLOAK_REFRESH_QUOTED;
                default -> Double.NaN;
            };
            double sameRun = keycloak.flatMap(k -> sameWindow(k, r)).map(k -> r.grantsPerSecond() / k.grantsPerSecond())
                    .orElse(Double.NaN);
            double cpuMillis = r.grants() == 0 ? Double.NaN : r.serverCpuSeconds() * 1000 / r.grants();
            loads.add(new Load(r, signingBound, r.grantsPerSecond() / signingBound, cpuMillis,
                    signatures == 0 ? Double.NaN : signatures * 1000 / bestOneThread / cpuMillis,
                    measured.name().startsWith("Keycloak") ? Double.NaN : r.grantsPerSecond() / quoted,
                    sameRun));
        }
        return new Target(measured.name(), measured.signingProvider(), measured.readyMillis(), measured.rssIdleKb(),
                measured.rssAfterLoadKb(), measured.rssPeakKb(), loads);
    }

    private static List<TriggerRatio> triggerRatios(Measured cognate) {
        List<TriggerRatio> ratios = new ArrayList<>();
        for (LoadRun.Result with : cognate.results()) {
            if (!with.scenario().equals("refresh_token +PreTokenGen")) {
                continue;
            }
            cognate.results().stream()
                    .filter(r -> r.scenario().equals("refresh_token") && r.connections() == with.connections())
                    .findFirst()
                    .ifPresent(without -> ratios.add(new TriggerRatio(with.connections(), with.grantsPerSecond(),
                            without.grantsPerSecond(), with.grantsPerSecond() / without.grantsPerSecond())));
        }
        ratios.forEach(r -> System.out.printf("refresh_token with an instant PreTokenGeneration at %d connections: "
                + "%,.0f/s vs %,.0f/s without, ratio %.2f%n", r.connections(), r.withTrigger(), r.without(), r.ratio()));
        return ratios;
    }

    private static Optional<LoadRun.Result> sameWindow(Measured keycloak, LoadRun.Result cognate) {
        return keycloak.results().stream()
                .filter(k -> k.scenario().equals(cognate.scenario()) && k.connections() == cognate.connections())
                .findFirst();
    }

    /** One answer of each scenario must be 200 with an access token the pool's JWKS verifies. */
    private static void checkAnswers(ServerProcess process, CognateFixture.Prepared fixture) throws Exception {
        HttpResponse<String> jwks = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(process.baseUrl() + "/" + fixture.poolId() + "/.well-known/jwks.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        JWKSet keys = JWKSet.parse(jwks.body());
        for (Scenario scenario : List.of(fixture.clientCredentials(), fixture.refreshToken())) {
            try (Http1Connection connection = new Http1Connection("127.0.0.1", process.port())) {
                Http1Connection.Response response = connection.exchange(scenario.requestFor(0), true);
                if (response.status() != 200) {
                    throw new IllegalStateException(scenario.name() + " answered " + response.status() + ": " + response.text());
                }
                String accessToken = new ObjectMapper().readTree(response.text()).path("access_token").asText();
                SignedJWT jwt = SignedJWT.parse(accessToken);
                RSAKey key = (RSAKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID());
                if (key == null || !jwt.verify(new RSASSAVerifier(key))) {
                    throw new IllegalStateException(scenario.name() + " answered a token its pool's JWKS does not verify");
                }
            }
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long memoryMb() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024).findFirst().orElse(0L);
        } catch (IOException e) {
            return 0;
        }
    }
}
