package dev.cognate.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The driver's settings: {@code --name value} pairs, each with a default for a full run. */
record BenchOptions(Path serverJar, Path java, List<String> serverJvmOptions, List<Integer> connections,
                    int preWarmSeconds, int warmUpSeconds, int seconds, int signingSeconds, int machineClients, int users, Path json,
                    Path keycloakZip, int idleSeconds, List<String> grants) {

    static final String USAGE = """
            usage: bench [--server-jar cognate-server/target/cognate-server.jar] [--java <java of this JVM>]
                         [--connections 16,64] [--pre-warm 20] [--warm-up 10] [--seconds 20] [--signing-seconds 5]
                         [--machine-clients 4] [--users 8] [--json cognate-bench/target/bench.json]
                         [--server-jvm-option <option>]... [--keycloak-zip keycloak-quarkus-dist-26.7.3.zip]
                         [--idle 0] (seconds to leave Cognate idle after the loads, then its RSS)
                     [--grants client_credentials,refresh_token] (only these token loads and the HTTP floor;
                      no sign-up, password-reset or sign-in loads: a quick same-run A/B of the token path)
            With --keycloak-zip, Keycloak (dev mode) runs the same load after Cognate, as a same-run baseline.""";

    static BenchOptions parse(String... args) {
        Path serverJar = Path.of("cognate-server/target/cognate-server.jar");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> jvmOptions = new ArrayList<>();
        List<Integer> connections = List.of(16, 64);
        int preWarm = 20;
        int warmUp = 10;
        int seconds = 20;
        int signing = 5;
        int machineClients = 4;
        int users = 8;
        Path json = Path.of("cognate-bench/target/bench.json");
        Path keycloakZip = null;
        int idle = 0;
        List<String> grants = List.of();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("no value for " + name + "\n" + USAGE);
            }
            String value = args[++i];
            switch (name) {
                case "--server-jar" -> serverJar = Path.of(value);
                case "--java" -> java = Path.of(value);
                case "--server-jvm-option" -> jvmOptions.add(value);
                case "--connections" -> connections = Arrays.stream(value.split(",")).map(String::trim)
                        .map(Integer::parseInt).toList();
                case "--pre-warm" -> preWarm = positive(name, value, 0);
                case "--warm-up" -> warmUp = positive(name, value, 0);
                case "--seconds" -> seconds = positive(name, value, 1);
                case "--signing-seconds" -> signing = positive(name, value, 1);
                case "--machine-clients" -> machineClients = positive(name, value, 1);
                case "--users" -> users = positive(name, value, 1);
                case "--json" -> json = Path.of(value);
                case "--keycloak-zip" -> keycloakZip = Path.of(value);
                case "--idle" -> idle = positive(name, value, 0);
                case "--grants" -> grants = Arrays.stream(value.split(",")).map(String::trim).toList();
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
            }
        }
        if (connections.isEmpty() || connections.stream().anyMatch(c -> c < 1 || c > 1024)) {
            throw new IllegalArgumentException("--connections takes counts from 1 to 1024");
        }
        return new BenchOptions(serverJar, java, List.copyOf(jvmOptions), connections, preWarm, warmUp, seconds, signing,
                machineClients, users, json, keycloakZip, idle, grants);
    }

    private static int positive(String name, String value, int min) {
        int parsed = Integer.parseInt(value);
        if (parsed < min || parsed > 3600) {
            throw new IllegalArgumentException(name + " must be from " + min + " to 3600");
        }
        return parsed;
    }
}
