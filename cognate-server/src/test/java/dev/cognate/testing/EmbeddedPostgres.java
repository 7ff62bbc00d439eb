package dev.cognate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** One real PostgreSQL per test JVM (zonky embedded binaries); a fresh database per caller. */
public final class EmbeddedPostgres {
    private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres instance;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private EmbeddedPostgres() {}

    private static synchronized io.zonky.test.db.postgres.embedded.EmbeddedPostgres instance() {
        if (instance == null) {
            try {
                instance = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    instance.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        return instance;
    }

    /** Creates an empty database and returns its JDBC URL (user and password postgres). */
    public static String newDatabase() {
        String name = "cognate_test_" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid();
        var pg = instance();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return pg.getJdbcUrl("postgres", name);
    }
}
