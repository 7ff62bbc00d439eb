package dev.cognate.cli;

import picocli.CommandLine.Command;

@Command(name = "cognate",
        mixinStandardHelpOptions = true,
        version = "Cognate 0.1.0",
        description = "A self-hosted identity broker that speaks Amazon Cognito's user-pool protocols.",
        subcommands = {ServeCommand.class, KeysCommand.class, OutboxCommand.class, ApplyCommand.class,
                ExportCommand.class, BackupCommand.class, RestoreCommand.class})
public final class CognateCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }
}
