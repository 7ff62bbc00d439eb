package dev.cognate.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** {@code ./cognate <args>} started as a person starts it, on this JVM's JDK, its output read line by line. */
final class LaunchedCognate implements AutoCloseable {
    final Process process;
    final Thread reader;
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());

    /** {@code onLine} sees each line as it comes; {@code onEnd} runs once the output has ended. */
    LaunchedCognate(Map<String, String> environment, Consumer<String> onLine, Runnable onEnd, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Repository.root().resolve("cognate").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        process = builder.start();
        reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.add(line);
                    onLine.accept(line);
                }
            } catch (IOException e) {
                output.add("(output unreadable: " + e.getMessage() + ")");
            }
            onEnd.run();
        });
    }

    List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    AssertionError failure(Throwable cause) {
        return new AssertionError("./cognate printed:\n" + String.join("\n", output()), cause);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
