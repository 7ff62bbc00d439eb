package dev.cognate.devidp;

import dev.cognate.devidp.directory.Directory;
import dev.cognate.devidp.directory.Tenant;
import dev.cognate.devidp.directory.User;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code devidp}: runs the development IdP until Ctrl-C. Reusable as a subcommand of another picocli CLI. */
@Command(name = "devidp", mixinStandardHelpOptions = true, version = "Cognate dev IdP 0.1.0",
        description = {"Run an Entra ID v2.0-compatible development identity provider (tests and demos only).",
                "Data comes from --config (tenants, users, app registrations) or a built-in sample directory, and lives in memory."})
public final class DevIdpCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "${env:DEVIDP_HOST:-127.0.0.1}", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "${env:DEVIDP_PORT:-9339}", description = "Port to listen on (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--public-url", defaultValue = "${env:DEVIDP_PUBLIC_URL}",
            description = "Base URL clients reach the IdP at (default http(s)://localhost:<port>).")
    String publicUrl;

    @Option(names = "--config", description = "JSON file with tenants, users and app registrations (default: the built-in sample directory).")
    Path config;

    @Option(names = "--admin-token", defaultValue = "${env:DEVIDP_ADMIN_TOKEN}",
            description = "Bearer token of the Graph-shaped API (default: from the config file, else generated and printed).")
    String adminToken;

    @Option(names = "--tls", description = "Serve https with a generated self-signed certificate for localhost.")
    boolean tls;

    @Override
    public Integer call() throws Exception {
        DevIdpConfig settings;
        try {
            settings = (config != null ? DevIdpConfig.load(config) : DevIdpConfig.sample()).withHost(host).withPort(port);
        } catch (IllegalArgumentException e) {
            System.err.println("devidp: " + e.getMessage());
            return 2;
        }
        if (publicUrl != null && !publicUrl.isBlank()) {
            settings = settings.withPublicUrl(publicUrl);
        }
        if (adminToken != null && !adminToken.isBlank()) {
            settings = settings.withAdminToken(adminToken);
        }
        if (tls) {
            settings = settings.withTls(true);
        }
        DevIdp idp;
        try {
            idp = DevIdp.start(settings);
        } catch (IllegalArgumentException e) {
            System.err.println("devidp: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            idp.close();
            stopped.countDown();
        }, "devidp-shutdown"));
        printSummary(idp, System.out);
        stopped.await();
        return 0;
    }

    static void printSummary(DevIdp idp, PrintStream out) {
        Directory directory = idp.directory();
        out.println("Cognate development IdP (an Entra ID stand-in, not for production) at " + idp.baseUrl());
        out.println("Authorities (<authority>/.well-known/openid-configuration):");
        for (String shared : new String[] {"common", "organizations", "consumers"}) {
            out.println("  " + idp.authority(shared));
        }
        for (Tenant tenant : directory.tenants()) {
            if (tenant.isConsumers()) {
                continue;
            }
            out.printf("  %s   (%s%s)%n", idp.authority(tenant.id()), tenant.displayName(),
                    tenant.domains().isEmpty() ? "" : ", " + String.join(", ", tenant.domains()));
        }
        out.println("Test users (sign-in name / password):");
        for (User user : directory.users()) {
            String kind = user.isPersonalAccount() ? "personal account" : user.isGuest() ? "guest" : "member";
            String tenant = directory.tenant(user.tenantId()).map(Tenant::displayName).orElse(user.tenantId());
            out.printf("  %-50s %-12s %s, %s%s%n", user.userPrincipalName(), user.password(), tenant, kind,
                    user.mail() != null && !user.mailVerified() ? ", unverified e-mail " + user.mail() : "");
        }
        out.println("Register apps with the Graph-shaped API (header X-DevIdp-Tenant picks a tenant other than the first):");
        out.println("  curl -H 'Authorization: Bearer " + idp.adminToken() + "' -H 'Content-Type: application/json' \\");
        out.println("       -d '{\"displayName\":\"My app\",\"web\":{\"redirectUris\":[\"http://localhost:8080/callback\"]}}' "
                + idp.baseUrl() + "/v1.0/applications");
        out.flush();
    }
}
