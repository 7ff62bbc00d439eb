package dev.cognate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The launcher knows the operator commands (docs/OPERATIONS.md). */
class OperatorCommandsTest {
    @Test
    void applyExportBackupRestoreAndRotateMasterAreCommands() {
        CommandLine cognate = CognateCommand.commandLine();
        assertThat(cognate.getSubcommands()).containsKeys("apply", "export", "backup", "restore");
        assertThat(cognate.getSubcommands().get("keys").getSubcommands()).containsKeys("rotate", "rotate-master");
        assertThat(cognate.getSubcommands().get("serve").getCommandSpec().findOption("--bootstrap")).isNotNull();
        assertThat(cognate.getSubcommands().get("apply").getUsageMessage()).contains("${NAME}");
    }

    @Test
    void aRunThatNamesItsCommandBuildsOnlyThatCommandsOptions() {
        CommandLine serve = CognateCommand.commandLine("serve", "--port", "0");
        assertThat(serve.getSubcommands()).containsOnlyKeys("serve");
        assertThat(serve.getSubcommands().get("serve").getCommandName()).isEqualTo("serve");
        assertThat(serve.getSubcommands().get("serve").getCommandSpec().qualifiedName()).isEqualTo("cognate serve");
    }

    @Test
    void helpAnOptionOrAMistypedCommandStillSeeEveryCommand() {
        assertThat(CognateCommand.commandLine().getSubcommands()).hasSize(CognateCommand.SUBCOMMANDS.size());
        assertThat(CognateCommand.commandLine("--help").getSubcommands()).hasSize(CognateCommand.SUBCOMMANDS.size());
        assertThat(CognateCommand.commandLine("serv").getSubcommands()).hasSize(CognateCommand.SUBCOMMANDS.size());

        StringWriter err = new StringWriter();
        CommandLine mistyped = CognateCommand.commandLine("serv");
        mistyped.setErr(new PrintWriter(err));
        assertThat(mistyped.execute("serv")).isEqualTo(2);
        assertThat(err.toString()).contains("Unmatched argument at index 0: 'serv'").contains("serve");
    }

    @Test
    void theBareCommandPrintsUsageListingEveryCommand() {
        StringWriter out = new StringWriter();
        CommandLine cognate = CognateCommand.commandLine(new String[0]);
        cognate.setOut(new PrintWriter(out));
        assertThat(cognate.execute()).isZero();
        assertThat(out.toString()).contains("Usage: cognate").contains("serve").contains("restore");
    }
}
