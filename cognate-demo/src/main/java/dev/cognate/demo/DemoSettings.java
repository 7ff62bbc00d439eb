package dev.cognate.demo;

import java.nio.file.Path;

/**
 * Where the demo's three servers listen (port 0: any free port) and where Cognate keeps its state.
 *
 * @param reset delete the data directory first (otherwise a second run reuses its pool, client and users)
 */
public record DemoSettings(String host, int devIdpPort, int cognatePort, int appPort, Path dataDir, boolean reset) {
    public static final int DEVIDP_PORT = 9339;
    public static final int COGNATE_PORT = 9229;
    public static final int APP_PORT = 8080;
}
