package dev.cognate.admin.auth;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Whether {@code node} runs here (the Node clients' tests are skipped without it). */
final class NodeClients {
    private NodeClients() {}

    static boolean nodeIsPresent() {
        try {
            Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
