package dev.cognate.config;

import dev.cognate.http.HttpLimits;
import java.nio.file.Path;

/**
 * How a node runs: where it listens (the public port, and the management port for /metrics:
 * -1 for none, 0 for any free one), how it is reached, where its state lives, what it allows
 * any one client, where it reaches social identity providers.
 */
public record Settings(
        String host,
        int port,
        String publicUrl,
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String issuerTemplate,
        String managementHost,
        int managementPort,
        HttpLimits limits,
        SocialEndpoints social) {

    public static final String DEFAULT_MANAGEMENT_HOST = "127.0.0.1";
    public static final int DEFAULT_MANAGEMENT_PORT = 9230;

    public Settings {
        limits = limits == null ? HttpLimits.defaults() : limits;
        social = social == null ? SocialEndpoints.PUBLIC : social;
        managementHost = managementHost == null || managementHost.isBlank() ? DEFAULT_MANAGEMENT_HOST : managementHost;
    }

    /** A node embedded in a program or a test: management port on any free port, default limits. */
    public Settings(String host, int port, String publicUrl, Path dataDir, String dbUrl, String dbUser,
                    String dbPassword, String issuerTemplate) {
        this(host, port, publicUrl, dataDir, dbUrl, dbUser, dbPassword, issuerTemplate, DEFAULT_MANAGEMENT_HOST, 0, null);
    }

    public Settings(String host, int port, String publicUrl, Path dataDir, String dbUrl, String dbUser,
                    String dbPassword, String issuerTemplate, String managementHost, int managementPort, HttpLimits limits) {
        this(host, port, publicUrl, dataDir, dbUrl, dbUser, dbPassword, issuerTemplate, managementHost, managementPort,
                limits, null);
    }

    public Settings withLimits(HttpLimits newLimits) {
        return new Settings(host, port, publicUrl, dataDir, dbUrl, dbUser, dbPassword, issuerTemplate, managementHost,
                managementPort, newLimits, social);
    }

    /** The same node, reaching social identity providers at {@code endpoints} (stand-ins). */
    public Settings withSocial(SocialEndpoints endpoints) {
        return new Settings(host, port, publicUrl, dataDir, dbUrl, dbUser, dbPassword, issuerTemplate, managementHost,
                managementPort, limits, endpoints);
    }

    public boolean embeddedStore() {
        return dbUrl == null || dbUrl.isBlank();
    }

    /** The public base URL without a trailing slash; defaults to http://localhost:<port>. */
    public String publicBaseUrl(int boundPort) {
        String url = publicUrl == null || publicUrl.isBlank() ? "http://localhost:" + boundPort : publicUrl;
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "Settings[host=" + host + ", port=" + port + ", management=" + managementHost + ":" + managementPort
                + ", publicUrl=" + publicUrl + ", dataDir=" + dataDir
                + ", dbUrl=" + (dbUrl == null ? null : dbUrl.split("\\?")[0]) + ", limits=" + limits + "]";
    }
}
