package dev.cognate.config;

import java.nio.file.Path;

/** How a node runs: where it listens, how it is reached, where its state lives. */
public record Settings(
        String host,
        int port,
        String publicUrl,
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String issuerTemplate) {

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
        return "Settings[host=" + host + ", port=" + port + ", publicUrl=" + publicUrl + ", dataDir=" + dataDir
                + ", dbUrl=" + (dbUrl == null ? null : dbUrl.split("\\?")[0]) + "]";
    }
}
