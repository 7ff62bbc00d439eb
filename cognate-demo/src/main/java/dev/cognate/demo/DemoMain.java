package dev.cognate.demo;

import picocli.CommandLine;

/** {@code java -jar cognate-demo.jar [--app-port 8080] [--cognate-port 9229] [--devidp-port 9339] [--data DIR] [--reset]}. */
public final class DemoMain {
    private DemoMain() {}

    public static void main(String[] args) {
        dev.cognate.cli.CarrierThreads.reserve();
        int exit = new CommandLine(new DemoCommand()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }
}
