package dev.cognate.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognate.declarative.ApplyFailure;
import dev.cognate.declarative.Change;
import dev.cognate.declarative.DeclarationException;
import dev.cognate.declarative.DeclarationFile;
import dev.cognate.declarative.Declarations;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Make the store match a declaration (YAML, or JSON for a .json file) of user pools and what is "
                + "in them, through the admin API's operations: creates what is missing, updates what differs, prints "
                + "each resource's change. Works on the store directly (--data or --db-url), beside running nodes. "
                + "$${NAME} in the file reads the environment variable NAME. See docs/OPERATIONS.md.")
public final class ApplyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The declaration.")
    Path file;

    @Option(names = "--dry-run", description = "Print what would change; change nothing.")
    boolean dryRun;

    @Option(names = "--prune", description = "Also delete what the file does not name: pools, and in a pool each kind "
            + "whose list the file gives (users from an upstream IdP are kept).")
    boolean prune;

    @Mixin
    StoreOptions store;

    PrintStream out = System.out;
    PrintStream err = System.err;
    Map<String, String> env = System.getenv();

    @Override
    public Integer call() {
        ObjectNode declaration;
        try {
            declaration = DeclarationFile.read(file, env);
        } catch (DeclarationException e) {
            err.println("cognate: " + e.getMessage());
            return 2;
        }
        try (LocalNode node = LocalNode.start(store, env)) {
            return apply(new Declarations(node.admin()), declaration, new Declarations.Options(dryRun, prune), out, err);
        } catch (IllegalArgumentException e) {
            err.println("cognate: " + e.getMessage());
            return 2;
        }
    }

    /** Applies and reports each change and a summary; 0, 1 when an operation refused a change, 2 for a bad file. */
    static int apply(Declarations declarations, ObjectNode declaration, Declarations.Options options, PrintStream out,
                     PrintStream err) {
        List<Change> changes;
        try {
            changes = declarations.apply(declaration, options, change -> out.println(change.line()));
        } catch (DeclarationException e) {
            err.println("cognate: " + e.getMessage());
            return 2;
        } catch (ApplyFailure e) {
            err.println("cognate: " + e.getMessage() + " (the changes above were made)");
            return 1;
        }
        Map<Change.Action, Integer> counts = new EnumMap<>(Change.Action.class);
        changes.forEach(c -> counts.merge(c.action(), 1, Integer::sum));
        out.printf("%s %d created, %d updated, %d deleted, %d unchanged.%s%n",
                options.dryRun() ? "Dry run:" : "Applied:", counts.getOrDefault(Change.Action.CREATE, 0),
                counts.getOrDefault(Change.Action.UPDATE, 0), counts.getOrDefault(Change.Action.DELETE, 0),
                counts.getOrDefault(Change.Action.UNCHANGED, 0), options.dryRun() ? " Nothing was changed." : "");
        out.flush();
        return 0;
    }
}
