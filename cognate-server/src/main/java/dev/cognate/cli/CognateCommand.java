package dev.cognate.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "cognate",
        mixinStandardHelpOptions = true,
        version = "Cognate 0.1.0",
        description = "A self-hosted identity broker that speaks Amazon Cognito's user-pool protocols.")
public final class CognateCommand implements Runnable {
    static final List<Class<?>> SUBCOMMANDS = List.of(ServeCommand.class, KeysCommand.class, OutboxCommand.class,
            ApplyCommand.class, ExportCommand.class, BackupCommand.class, RestoreCommand.class);

    @Spec
    CommandSpec spec;

    /** The whole command line: every subcommand, for help and for tests. */
    public static CommandLine commandLine() {
        return withSubcommands(SUBCOMMANDS);
    }

    /**
     * The command line for these arguments. Picocli builds the model of every subcommand it is
     * given, by reflection over all their options, and that took a tenth of a second of a node's
     * start; a run that names its subcommand gets only that one. Anything else (no subcommand,
     * an option, a name that is not one) gets them all, so help and errors read as before.
     */
    public static CommandLine commandLine(String... args) {
        String first = args.length == 0 ? "" : args[0];
        for (Class<?> subcommand : SUBCOMMANDS) {
            if (subcommand.getAnnotation(Command.class).name().equals(first)) {
                return withSubcommands(List.of(subcommand));
            }
        }
        return withSubcommands(SUBCOMMANDS);
    }

    // Loops, not streams: a lambda's first use links it, which costs a start tens of milliseconds.
    private static CommandLine withSubcommands(List<Class<?>> subcommands) {
        CommandLine cognate = new CommandLine(new CognateCommand());
        for (Class<?> subcommand : subcommands) {
            cognate.addSubcommand(subcommand);
        }
        return cognate;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
