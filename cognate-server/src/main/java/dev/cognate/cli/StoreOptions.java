package dev.cognate.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the state lives: shared by every command that opens the store. */
public final class StoreOptions {
    @Option(names = "--data", defaultValue = "${env:COGNATE_DATA:-./data}",
            description = "Directory of the embedded SQLite store and generated secrets (env COGNATE_DATA, default ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--db-url", defaultValue = "${env:COGNATE_DB_URL}",
            description = "jdbc:postgresql://... to use PostgreSQL instead of the embedded store (env COGNATE_DB_URL).")
    String dbUrl;

    @Option(names = "--db-user", defaultValue = "${env:COGNATE_DB_USER}", description = "PostgreSQL user (env COGNATE_DB_USER).")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "${env:COGNATE_DB_PASSWORD}",
            description = "PostgreSQL password (env COGNATE_DB_PASSWORD).")
    String dbPassword;
}
