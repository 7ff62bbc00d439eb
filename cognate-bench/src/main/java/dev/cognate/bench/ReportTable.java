package dev.cognate.bench;

import java.util.Locale;

/** The report as a plain-text table for a terminal (the JSON file has the same figures). */
final class ReportTable {
    private ReportTable() {}

    static String render(Bench.Report report) {
        StringBuilder out = new StringBuilder();
        Bench.Machine m = report.machine();
        line(out, "Token endpoint benchmark, %s", report.at());
        line(out, "machine: %d cores (%s), %,d MB, %s, %s; load %.2f before, %.2f after",
                m.cores(), m.cpu(), m.memoryMb(), m.jdk(), m.os(), m.loadBefore(), m.loadAfter());
        line(out, "");
        line(out, "%-44s %-22s %10s %10s %7s", "raw RS256 signing (signatures/s)", "measured", "1 thread",
                m.cores() + " threads", "other%");
        for (SigningRate.Result s : report.signing()) {
            line(out, "%-44s %-22s %,10.0f %,10.0f %6.0f%%", s.provider(), s.when(), s.singleThread(), s.allCores(),
                    s.otherCpuShare() * 100);
        }
        target(out, report.cognate());
        if (report.keycloak() != null) {
            target(out, report.keycloak());
        }
        nativeUsers(out, report);
        line(out, "");
        line(out, "bound/s: the higher all-core signing rate of the server's provider / RS256 signatures per grant (1 for "
                + "client_credentials, 2 for refresh_token: ID + access token)");
        line(out, "vs KC: against Keycloak 26.7.3 dev mode measured in this run, same grant and connections; "
                + "KC(q): against %,.0f client_credentials/s and %,.0f refresh/s quoted in issue 3 (not measured here)",
                report.keycloakClientCredentialsQuoted(), report.keycloakRefreshQuoted());
        line(out, "GET /health: the HTTP floor, what the server's web stack alone costs per request");
        line(out, "srv ms/g: server CPU time per grant (or request); other%%: the machine's CPU used by other processes "
                + "in the window");
        line(out, "sign/CPU: the share of that CPU time its RS256 signatures take, at the provider's best 1-thread rate");
        return out.toString();
    }

    private static void target(StringBuilder out, Bench.Target target) {
        line(out, "");
        line(out, "%s: signs with %s; ready in %,d ms; RSS %,d MB idle after start, %,d MB after the load (peak %,d MB)",
                target.name(), target.signingProvider(), target.readyMillis(), target.rssIdleKb() / 1024,
                target.rssAfterLoadKb() / 1024, target.rssPeakKb() / 1024);
        line(out, "%-18s %5s %10s %8s %8s %6s %9s %9s %8s %8s %8s %8s %7s", "grant", "conns", "grants/s", "p50 ms",
                "p99 ms", "errors", "bound/s", "of bound", "vs KC", "KC(q)", "srv ms/g", "sign/CPU", "other%");
        for (Bench.Load load : target.loads()) {
            LoadRun.Result r = load.result();
            line(out, "%-18s %5d %,10.0f %8.2f %8.2f %6d %9s %9s %8s %8s %8.3f %8s %6.0f%%", r.scenario(),
                    r.connections(), r.grantsPerSecond(), r.p50Millis(), r.p99Millis(), r.errors(),
                    orDash("%,.0f", load.signingBound()), orDash("%.0f%%", load.shareOfSigningBound() * 100),
                    orDash("%.2fx", load.vsKeycloakSameRun()), orDash("%.2fx", load.vsKeycloakQuoted()),
                    load.serverCpuMillisPerGrant(), orDash("%.0f%%", load.signingShareOfServerCpu() * 100),
                    r.otherCpuShare() * 100);
        }
    }

    private static void nativeUsers(StringBuilder out, Bench.Report report) {
        if (report.hashing() == null || report.hashing().isEmpty()) {
            return;
        }
        line(out, "");
        line(out, "%-44s %-22s %10s %10s", "raw Argon2id password hashes (hashes/s)", "measured", "1 thread",
                report.machine().cores() + " threads");
        for (PasswordHashRate.Result h : report.hashing()) {
            line(out, "%-44s %-22s %,10.1f %,10.1f", "PasswordHasher", h.when(), h.singleThread(), h.allCores());
        }
        line(out, "%-18s %5s %10s %8s %8s %6s %9s %9s %9s %8s %7s", "native users", "conns", "req/s", "p50 ms", "p99 ms",
                "errors", "bound/s", "of bound", "x hashes", "srv ms/r", "other%");
        for (Bench.NativeLoad load : report.nativeUsers()) {
            LoadRun.Result r = load.result();
            line(out, "%-18s %5d %,10.1f %8.2f %8.2f %6d %9s %9s %9s %8.3f %6.0f%%", r.scenario(), r.connections(),
                    r.grantsPerSecond(), r.p50Millis(), r.p99Millis(), r.errors(), orDash("%,.1f", load.hashBound()),
                    orDash("%.0f%%", load.shareOfHashBound() * 100), orDash("%.2fx", load.vsHashRate()),
                    load.serverCpuMillisPerRequest(), r.otherCpuShare() * 100);
        }
        line(out, "native users: bound/s = the higher all-core Argon2id rate / hashes per request (1 for SignUp); "
                + "x hashes: the rate as a multiple of that all-core hash rate (ForgotPassword hashes nothing)");
    }

    private static String orDash(String format, double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, format, value);
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
