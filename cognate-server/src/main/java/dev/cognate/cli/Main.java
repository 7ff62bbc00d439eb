package dev.cognate.cli;

public final class Main {
    private Main() {}

    public static void main(String[] args) {
        CarrierThreads.reserve();
        ServeWarmUp.startFor(args);
        int exit = CognateCommand.commandLine(args).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }
}
