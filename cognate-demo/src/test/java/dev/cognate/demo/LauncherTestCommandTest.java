package dev.cognate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./cognate test}, the README's test command: it runs the Maven build on a JDK 21+ even when JAVA_HOME and
 * the PATH's java are older (the build's javac needs release 21), and the build prints no JVM warnings. Each case
 * runs a quiet non-recursive {@code verify} of the parent pom only (a few seconds), not the tests again.
 */
class LauncherTestCommandTest {
    private static final Pattern MAVEN_JAVA_VERSION = Pattern.compile("(?m)^Java version: (\\d+)");

    @Test
    void testCommandSkipsAJavaHomeAndPathJavaOlderThan21(@TempDir Path dir) throws Exception {
        Path jdk17 = fakeJdk17(dir);
        Map<String, String> env = Map.of("JAVA_HOME", jdk17.toString(),
                "PATH", jdk17.resolve("bin") + ":" + System.getenv("PATH"));

        Run version = cognate(env, List.of("test", "-v"));

        assertThat(version.exitCode()).as(version.output()).isZero();
        Matcher m = MAVEN_JAVA_VERSION.matcher(version.output());
        assertThat(m.find()).as(version.output()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isGreaterThanOrEqualTo(21);
    }

    @Test
    void testCommandWorksWithJavaHomeUnsetAndPrintsNoJvmWarnings() throws Exception {
        // The JDK running this test comes first on the PATH: found without JAVA_HOME wherever it is installed.
        String path = Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH");
        Run quiet = cognate(Map.of("PATH", path), List.of("test", "-N", "-q"));

        assertThat(quiet.exitCode()).as(quiet.output()).isZero();
        assertThat(quiet.output()).as("a quiet build prints nothing, no sun.misc.Unsafe warnings").isEmpty();
    }

    /** A directory that looks like a JDK 17 to the launcher: its release file, and a java/javac that fail if run. */
    private static Path fakeJdk17(Path dir) throws IOException {
        Path home = dir.resolve("jdk-17");
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"17.0.15\"\n");
        for (String tool : List.of("java", "javac")) {
            Path script = home.resolve("bin").resolve(tool);
            Files.writeString(script, "#!/bin/sh\necho \"fake JDK 17 $0 must not run\" >&2\nexit 1\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return home;
    }

    private static Run cognate(Map<String, String> env, List<String> args) throws Exception {
        Path root = Repository.root();
        ProcessBuilder builder = new ProcessBuilder();
        builder.command().add(root.resolve("cognate").toString());
        builder.command().addAll(args);
        builder.directory(root.toFile()).redirectErrorStream(true);
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("MAVEN_OPTS");
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private record Run(int exitCode, String output) {}
}
