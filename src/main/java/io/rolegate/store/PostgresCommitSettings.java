package io.rolegate.store;

import io.agroal.api.AgroalPoolInterceptor;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps PostgreSQL's commits durable on every connection of the gateway's pool. With {@code synchronous_commit=off}
 * (set on the server, the database or the role; embedded test servers often set it) PostgreSQL acknowledges a commit
 * before its write-ahead log is flushed, and a crash of the server loses the last acknowledged writes: the gateway's
 * sessions turn it back on. The other values (on, local, remote_write, remote_apply) flush the local WAL before COMMIT
 * returns and are left as configured. {@code fsync=off} is server-wide and cannot be undone by a session: it is
 * logged as an error once.
 */
@ApplicationScoped
@DataSource("postgresql")
public class PostgresCommitSettings implements AgroalPoolInterceptor {
    private static final Logger LOG = Logger.getLogger(PostgresCommitSettings.class);

    private final AtomicBoolean fsyncOffReported = new AtomicBoolean();

    @Override
    public void onConnectionCreate(Connection connection) {
        try (Statement s = connection.createStatement()) {
            String synchronousCommit;
            String fsync;
            try (ResultSet rs = s.executeQuery("SELECT current_setting('synchronous_commit'), current_setting('fsync')")) {
                rs.next();
                synchronousCommit = rs.getString(1);
                fsync = rs.getString(2);
            }
            if ("off".equalsIgnoreCase(synchronousCommit)) {
                s.execute("SET synchronous_commit = on");
            }
            if ("off".equalsIgnoreCase(fsync) && fsyncOffReported.compareAndSet(false, true)) {
                LOG.error("PostgreSQL runs with fsync=off: a crash of its machine can lose acknowledged writes and"
                        + " corrupt the database. Turn fsync on in postgresql.conf.");
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }
}
