package dev.cognate.cli;

import dev.cognate.cli.CognateCommand;
import picocli.CommandLine;

public final class Main {
    private Main() {}

    public static void main(String[] args) {
        CarrierThreads.reserve();
        ServeWarmUp.startFor(args);
        int exit = new CommandLine(new CognateCommand()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }
}
