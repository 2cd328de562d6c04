package io.rolegate.it;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The embedded test server runs with synchronous_commit=off (acknowledges commits before their WAL is flushed); the
 * gateway's pooled connections commit synchronously all the same (store/PostgresCommitSettings).
 */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class PostgresSynchronousCommitTest {
    @Inject
    @DataSource("postgresql")
    AgroalDataSource postgresql;

    @Test
    void everyPooledConnectionCommitsSynchronouslyThoughTheServerSaysOff() throws SQLException {
        try (Connection c = postgresql.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT reset_val, current_setting('synchronous_commit') FROM pg_settings WHERE name = 'synchronous_commit'")) {
            rs.next();
            assertEquals("off", rs.getString(1), "the server's own setting");
            assertEquals("on", rs.getString(2), "the gateway's session");
        }
    }
}
