package io.rolegate.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Online backup of the embedded H2 store (operator command {@code backup}): H2's {@code BACKUP TO} writes a
 * consistent copy of the database file into a zip while the gateway keeps serving. PostgreSQL is backed up with its
 * own tools (pg_dump), which this refuses to stand in for.
 */
@ApplicationScoped
public class DatabaseBackup {
    @Inject
    Sql sql;

    @ConfigProperty(name = "quarkus.datasource.postgresql.jdbc.url")
    Optional<String> postgresqlUrl;

    public boolean isEmbedded() {
        return postgresqlUrl.isEmpty();
    }

    /** Writes the backup zip; refuses to overwrite a file. */
    public void backupTo(Path zip) {
        if (!isEmbedded()) {
            throw new IllegalStateException("the store is PostgreSQL: back it up with pg_dump (README \"Backup and restore\")");
        }
        if (Files.exists(zip)) {
            throw new IllegalStateException(zip + " exists already");
        }
        sql.update("BACKUP TO '" + zip.toAbsolutePath().toString().replace("'", "''") + "'");
    }
}
