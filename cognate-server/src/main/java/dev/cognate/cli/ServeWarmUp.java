package dev.cognate.cli;

import dev.cognate.store.Database;
import java.util.List;

/**
 * The start-up work of {@code serve} that depends on none of its options, begun on a second
 * thread while picocli reads the options on the main one. Picocli's classes are compiled for
 * Java 5, which the JDK's ahead-of-time cache does not keep linked, so reading the options takes
 * a third of a second on one core (docs/BENCHMARKS.md, "Start-up"); meanwhile this thread loads
 * SQLite's native library and initializes the classes the node's start needs first; the start
 * waits for it to end ({@link #finish}) and then does it all again, finding it done. A failure
 * here is left to the start to meet and report.
 */
final class ServeWarmUp {
    /** Classes the node initializes first, each a root of a large tree of static state. */
    static final List<String> CLASSES = List.of(
            "org.flywaydb.core.Flyway",
            "com.zaxxer.hikari.HikariDataSource",
            "org.jdbi.v3.core.Jdbi",
            "com.fasterxml.jackson.databind.json.JsonMapper",
            "io.micrometer.prometheusmetrics.PrometheusMeterRegistry",
            "io.javalin.Javalin",
            "org.eclipse.jetty.server.Server",
            "gg.jte.TemplateEngine");

    private static volatile Thread running;

    private ServeWarmUp() {}

    /** Starts the warm-up when {@code args} run {@code serve}. */
    static void startFor(String[] args) {
        if (args.length > 0 && "serve".equals(args[0])) {
            running = Thread.ofPlatform().daemon().name("cognate-warm-up").start(ServeWarmUp::run);
        }
    }

    /**
     * Waits for the warm-up, before the node's own start: two threads that initialize classes
     * whose static initializers refer to each other can deadlock, so the two never overlap.
     */
    static void finish() throws InterruptedException {
        Thread warmUp = running;
        if (warmUp != null) {
            warmUp.join();
            running = null;
        }
    }

    static void run() {
        try {
            Database.loadSqliteDriver();
            ClassLoader loader = ServeWarmUp.class.getClassLoader();
            for (String name : CLASSES) {
                Class.forName(name, true, loader);
            }
        } catch (Exception | LinkageError e) {
            // the start does the same work and reports what fails
        }
    }
}
