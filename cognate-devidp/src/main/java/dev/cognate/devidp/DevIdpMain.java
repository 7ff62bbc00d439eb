package dev.cognate.devidp;

import picocli.CommandLine;

/** {@code java -jar cognate-devidp.jar [--port 9339] [--host 127.0.0.1] [--public-url URL] [--config FILE] [--tls]}. */
public final class DevIdpMain {
    private DevIdpMain() {}

    public static void main(String[] args) {
        int exit = new CommandLine(new DevIdpCommand()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }
}
