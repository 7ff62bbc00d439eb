package dev.cognate.cli;

import dev.cognate.http.HttpLimits;
import java.time.Duration;
import picocli.CommandLine.Option;

/** What any one client may take from the node (docs/RELIABILITY.md); the defaults are HttpLimits.defaults(). */
public final class LimitOptions {
    @Option(names = "--max-body-bytes", defaultValue = "${env:COGNATE_MAX_BODY_BYTES:-1048576}",
            description = "Largest request body (env COGNATE_MAX_BODY_BYTES, default ${DEFAULT-VALUE}); larger: 413.")
    long maxBodyBytes;

    @Option(names = "--head-read-timeout", defaultValue = "${env:COGNATE_HEAD_READ_TIMEOUT:-10s}",
            description = "Time to receive a request's head (env COGNATE_HEAD_READ_TIMEOUT, default ${DEFAULT-VALUE}).")
    String headReadTimeout;

    @Option(names = "--body-read-timeout", defaultValue = "${env:COGNATE_BODY_READ_TIMEOUT:-30s}",
            description = "Time to receive a request's body (env COGNATE_BODY_READ_TIMEOUT, default ${DEFAULT-VALUE}); later: 408.")
    String bodyReadTimeout;

    @Option(names = "--min-body-rate", defaultValue = "${env:COGNATE_MIN_BODY_RATE:-1024}",
            description = "Slowest body transfer in bytes per second after 5 s (env COGNATE_MIN_BODY_RATE, default ${DEFAULT-VALUE}; 0: none).")
    long minBodyRate;

    @Option(names = "--idle-timeout", defaultValue = "${env:COGNATE_IDLE_TIMEOUT:-30s}",
            description = "Silence tolerated on a connection (env COGNATE_IDLE_TIMEOUT, default ${DEFAULT-VALUE}).")
    String idleTimeout;

    @Option(names = "--max-connections", defaultValue = "${env:COGNATE_MAX_CONNECTIONS:-10000}",
            description = "Open connections to the node (env COGNATE_MAX_CONNECTIONS, default ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--max-connections-per-address", defaultValue = "${env:COGNATE_MAX_CONNECTIONS_PER_ADDRESS:-1000}",
            description = "Open connections from one client address (env COGNATE_MAX_CONNECTIONS_PER_ADDRESS, "
                    + "default ${DEFAULT-VALUE}; 0: no limit). Behind a load balancer, count its addresses.")
    int maxConnectionsPerAddress;

    @Option(names = "--sign-ins-per-address", defaultValue = "${env:COGNATE_SIGN_INS_PER_ADDRESS:-600}",
            description = "Sign-ins one client address may begin per minute on this node (default ${DEFAULT-VALUE}).")
    int signInsPerAddress;

    HttpLimits toLimits() {
        HttpLimits defaults = HttpLimits.defaults();
        return new HttpLimits(maxBodyBytes, duration("--head-read-timeout", headReadTimeout),
                duration("--body-read-timeout", bodyReadTimeout), minBodyRate, defaults.bodyGracePeriod(),
                duration("--idle-timeout", idleTimeout), maxConnections, maxConnectionsPerAddress,
                signInsPerAddress);
    }

    /** "30s", "500ms", "2m" or a number of seconds. */
    static Duration duration(String option, String value) {
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a duration such as 30s or 500ms, not '" + value + "'");
        }
    }
}
