package dev.cognate.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A PostgreSQL of the bench's own (zonky's embedded binaries, as the tests use), one database per call. */
final class EmbeddedDatabase {
    private static EmbeddedPostgres instance;
    private static int databases;

    private EmbeddedDatabase() {}

    static synchronized String newDatabase() throws IOException {
        if (instance == null) {
            // pg_stat_statements: where the server's time went, per statement (printed by UserImportRate)
            instance = EmbeddedPostgres.builder().setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .setServerConfig("pg_stat_statements.track", "all").start();
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

    /** Forgets the statements counted so far in database {@code name} (made by {@link #newDatabase}). */
    static synchronized void resetStatements(String name) throws SQLException {
        try (Connection c = instance.getDatabase("postgres", name).getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            s.execute("SELECT pg_stat_statements_reset()");
        }
    }

    /**
     * The statements that took most of the server's time since {@link #resetStatements}, nested ones
     * (foreign-key checks, triggers) included, and how often each index of {@code table} was read.
     */
    static synchronized List<String> statementsReport(String name, String table) throws SQLException {
        List<String> lines = new java.util.ArrayList<>();
        try (Connection c = instance.getDatabase("postgres", name).getConnection(); Statement s = c.createStatement()) {
            try (var rs = s.executeQuery("SELECT calls, round(total_exec_time::numeric) AS ms, "
                    + "left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS query FROM pg_stat_statements "
                    + "ORDER BY total_exec_time DESC LIMIT 5")) {
                while (rs.next()) {
                    lines.add(String.format(java.util.Locale.ROOT, "%,8d ms %,9d calls  %s", rs.getLong("ms"),
                            rs.getLong("calls"), rs.getString("query")));
                }
            }
            try (var rs = s.executeQuery("SELECT indexrelname, idx_scan, idx_tup_read FROM pg_stat_user_indexes "
                    + "WHERE relname = '" + table + "' ORDER BY indexrelname")) {
                while (rs.next()) {
                    lines.add(String.format(java.util.Locale.ROOT, "index %s: %,d scans, %,d entries read",
                            rs.getString(1), rs.getLong(2), rs.getLong(3)));
                }
            }
        }
        return lines;
    }

    /**
     * CPU time (user + system, milliseconds) of the bench's PostgreSQL: the postmaster, its live
     * processes and those it has reaped, from /proc (Linux); 0 when not started or not on Linux.
     * The server's cost per row is steadier than its wall clock on a machine shared with others.
     */
    static synchronized long serverCpuMillis() {
        if (instance == null) {
            return 0;
        }
        String port = Integer.toString(instance.getPort());
        try (var processes = Files.list(Path.of("/proc"))) {
            List<Path> all = processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList();
            String postmaster = null;
            for (Path p : all) {
                List<String> args = List.of(read(p.resolve("cmdline")).split("\0"));
                int at = args.indexOf("-p");
                if (!args.isEmpty() && args.get(0).endsWith("/postgres") && at >= 0 && at + 1 < args.size()
                        && args.get(at + 1).equals(port)) {
                    postmaster = p.getFileName().toString();
                }
            }
            if (postmaster == null) {
                return 0;
            }
            long ticks = 0;
            for (Path p : all) {
                String stat = read(p.resolve("stat"));
                int close = stat.lastIndexOf(')');
                if (close < 0) {
                    continue;
                }
                String[] f = stat.substring(close + 2).split(" "); // f[0] is field 3 (state)
                String pid = p.getFileName().toString();
                if (pid.equals(postmaster)) {
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
                } else if (f[1].equals(postmaster)) {
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                }
            }
            return ticks * 10; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return ""; // the process is gone
        }
    }
}
