package io.rolegate.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A real PostgreSQL: the embedded server runs with synchronous_commit=off, as many test and tuned servers do. */
class PostgresCommitSettingsTest {
    @Test
    void turnsSynchronousCommitBackOnAndLeavesTheDurableSettingsAlone() throws IOException, SQLException {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             Connection c = pg.getPostgresDatabase().getConnection()) {
            PostgresCommitSettings settings = new PostgresCommitSettings();
            assertEquals("off", synchronousCommit(c));
            settings.onConnectionCreate(c);
            assertEquals("on", synchronousCommit(c));

            for (String durable : new String[] {"local", "remote_write", "remote_apply"}) {
                c.createStatement().execute("SET synchronous_commit = " + durable);
                settings.onConnectionCreate(c);
                assertEquals(durable, synchronousCommit(c));
            }
        }
    }

    private static String synchronousCommit(Connection c) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("SHOW synchronous_commit")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
