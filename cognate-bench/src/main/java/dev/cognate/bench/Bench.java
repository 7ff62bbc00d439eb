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

/**
 * The token-endpoint benchmark: raw RS256 signing rates, then a Cognate server in its own JVM
 * under closed-loop load for client_credentials and refresh_token at each connection count;
 * prints a table and writes the figures as JSON. Run it with {@code scripts/bench.sh}.
 */
public final class Bench {
    /** Keycloak 26.7.3 in dev mode on the 2-core reference machine, as quoted in issue 3 (not measured here). */
    static final double KEYCLOAK_CLIENT_CREDENTIALS_QUOTED = 1_100;
    static final double KEYCLOAK_REFRESH_QUOTED = 1_100;

    record Machine(int cores, String cpu, long memoryMb, String jdk, String os, double loadBefore, double loadAfter) {}

    record Server(String signingProvider, long readyMillis, long rssIdleKb, long rssAfterLoadKb, long rssPeakKb,
                  List<String> jvmOptions) {}

    record Load(LoadRun.Result result, double signingBoundGrantsPerSecond, double shareOfSigningBound,
                double vsKeycloakQuoted, double serverCpuMillisPerGrant) {}

    record Report(String at, Machine machine, List<SigningRate.Result> signing, Server server, List<Load> loads,
                  double keycloakClientCredentialsQuoted, double keycloakRefreshQuoted, BenchOptions options) {}

    private Bench() {}

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.parse(args);
        double loadBefore = ProcStats.loadAverage();
        System.out.printf("cognate-bench: %d cores, load %.2f; signing rates first (%ss per figure)%n",
                Runtime.getRuntime().availableProcessors(), loadBefore, options.signingSeconds());

        SigningProvider detected = SigningProvider.detect();
        Duration signWarmUp = Duration.ofSeconds(Math.max(1, options.signingSeconds() / 2));
        Duration signFor = Duration.ofSeconds(options.signingSeconds());
        List<SigningRate.Result> signing = new ArrayList<>();
        signing.add(SigningRate.measure(detected, signWarmUp, signFor));
        if (detected.isNative()) {
            signing.add(SigningRate.measure(SigningProvider.jdk(), signWarmUp, signFor));
        }

        List<Load> loads = new ArrayList<>();
        Server server;
        try (ServerProcess process = ServerProcess.start(options.java(), options.serverJar(), options.serverJvmOptions())) {
            String provider = process.signingProvider();
            long rssIdle = ProcStats.statusKb(process.pid(), "VmRSS");
            System.out.printf("server pid %d ready in %d ms, signs with %s, RSS %d MB%n", process.pid(),
                    process.readyMillis(), provider, rssIdle / 1024);

            CognateFixture.Prepared fixture = CognateFixture.prepare(process.baseUrl(), "127.0.0.1", process.port(),
                    options.machineClients(), options.users());
            checkAnswers(process, fixture);
            SigningRate.Result bound = signing.stream()
                    .filter(s -> s.provider().equals(provider)).findFirst().orElse(signing.get(0));

            for (Scenario scenario : List.of(fixture.clientCredentials(), fixture.refreshToken())) {
                for (int connections : options.connections()) {
                    loads.add(measure(options, process, scenario, connections, bound));
                }
            }
            // The same driver against an answer that costs the server nothing but HTTP: its floor.
            Scenario floor = new Scenario("GET /health", 0, List.of(Http1Connection.get("127.0.0.1", process.port(), "/health")));
            loads.add(measure(options, process, floor, options.connections().get(0), bound));
            server = new Server(provider, process.readyMillis(), rssIdle, ProcStats.statusKb(process.pid(), "VmRSS"),
                    ProcStats.statusKb(process.pid(), "VmHWM"), options.serverJvmOptions());
        }

        Machine machine = new Machine(Runtime.getRuntime().availableProcessors(), cpuModel(), memoryMb(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                loadBefore, ProcStats.loadAverage());
        Report report = new Report(Instant.now().toString(), machine, signing, server, loads, KEYCLOAK_CLIENT_CREDENTIALS_QUOTED,
                KEYCLOAK_REFRESH_QUOTED, options);
        System.out.println();
        System.out.print(ReportTable.render(report));
        Files.createDirectories(options.json().toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(options.json().toFile(), report);
        System.out.println("JSON: " + options.json().toAbsolutePath());
    }

    private static Load measure(BenchOptions options, ServerProcess process, Scenario scenario, int connections,
                                SigningRate.Result bound) throws InterruptedException {
        System.out.printf("%s at %d connections: %ds warm-up, %ds measured...%n", scenario.name(), connections,
                options.warmUpSeconds(), options.seconds());
        LoadRun.Result result = LoadRun.run("127.0.0.1", process.port(), scenario, connections,
                Duration.ofSeconds(options.warmUpSeconds()), Duration.ofSeconds(options.seconds()), process.pid());
        System.out.printf("  %,.0f/s, p50 %.2f ms, p99 %.2f ms, %d errors%s%n", result.grantsPerSecond(),
                result.p50Millis(), result.p99Millis(), result.errors(),
                result.firstError() == null ? "" : " (first: " + result.firstError() + ")");
        double signingBound = scenario.signaturesPerGrant() == 0 ? Double.NaN
                : bound.allCores() / scenario.signaturesPerGrant();
        double keycloak = switch (scenario.signaturesPerGrant()) {
            case 1 -> KEYCLOAK_CLIENT_CREDENTIALS_QUOTED;
            case 2 -> KEYCLOAK_REFRESH_QUOTED;
            default -> Double.NaN;
        };
        return new Load(result, signingBound, result.grantsPerSecond() / signingBound, result.grantsPerSecond() / keycloak,
                result.grants() == 0 ? Double.NaN : result.serverCpuSeconds() * 1000 / result.grants());
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
