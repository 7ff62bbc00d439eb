package dev.cognate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The launcher knows the operator commands (docs/OPERATIONS.md). */
class OperatorCommandsTest {
    @Test
    void applyExportBackupRestoreAndRotateMasterAreCommands() {
        CommandLine cognate = new CommandLine(new CognateCommand());
        assertThat(cognate.getSubcommands()).containsKeys("apply", "export", "backup", "restore");
        assertThat(cognate.getSubcommands().get("keys").getSubcommands()).containsKeys("rotate", "rotate-master");
        assertThat(cognate.getSubcommands().get("serve").getCommandSpec().findOption("--bootstrap")).isNotNull();
        assertThat(cognate.getSubcommands().get("apply").getUsageMessage()).contains("${NAME}");
    }
}
