package dev.cognate.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** A PostgreSQL of the bench's own (zonky's embedded binaries, as the tests use), one database per call. */
final class EmbeddedDatabase {
    private static EmbeddedPostgres instance;
    private static int databases;

    private EmbeddedDatabase() {}

    static synchronized String newDatabase() throws IOException {
        if (instance == null) {
            instance = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    instance.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        String name = "cognate_scale_" + (++databases);
        try (Connection c = instance.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IOException("cannot create database " + name, e);
        }
        return instance.getJdbcUrl("postgres", name);
    }
}
