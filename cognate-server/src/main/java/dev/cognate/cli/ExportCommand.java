package dev.cognate.cli;

import dev.cognate.declarative.DeclarationFile;
import dev.cognate.declarative.Declarations;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the store's user pools and what is in them as a declaration that 'cognate apply' takes "
                + "(YAML, or JSON for a .json file or with --json). No secret is written: client secrets, IdP "
                + "secrets and passwords stay in the store.")
public final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "Where to write (default: standard output).")
    Path file;

    @Option(names = "--json", description = "JSON instead of YAML.")
    boolean json;

    @Mixin
    StoreOptions store;

    PrintStream out = System.out;
    PrintStream err = System.err;
    Map<String, String> env = System.getenv();

    @Override
    public Integer call() {
        String text;
        try (LocalNode node = LocalNode.start(store, env)) {
            text = DeclarationFile.write(new Declarations(node.admin()).export(),
                    json || file != null && DeclarationFile.isJson(file));
        } catch (IllegalArgumentException e) {
            err.println("cognate: " + e.getMessage());
            return 2;
        }
        if (file == null) {
            out.print(text);
            out.flush();
            return 0;
        }
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            err.println("cognate: cannot write " + file + ": " + e.getMessage());
            return 1;
        }
        return 0;
    }
}
