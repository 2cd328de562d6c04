package io.rolegate.store;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Brings the changes other replicas commit to this one (PostgreSQL only). The change log is the source of truth; a
 * NOTIFY sent by each write transaction only says "read it now". One dedicated connection LISTENs and, on a
 * notification or at the latest every {@code pollInterval} (lost notifications, a notification sent while this
 * connection was being re-opened), reads the rows it has not applied yet.
 *
 * <p>Which rows: each read runs in one REPEATABLE READ snapshot, notes the snapshot's xmin (every transaction below
 * it had ended when the snapshot was taken) and reads the rows whose writer's transaction id is at or above the
 * previous read's xmin. A row whose transaction was still running at the previous read is thus read again until it
 * is seen, however late it commits; ids already applied are skipped. After a connection loss the next read picks
 * up where the last one stopped; after an outage longer than half the retention (rows may have been pruned), or on
 * the first connection, everything is dropped instead ({@code flush}).
 */
final class ChangeFeed implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);
    static final String CHANNEL = "rolegate_changes";

    interface Connector {
        Connection open() throws SQLException;
    }

    private final Connector connector;
    private final Consumer<List<Change>> apply;
    private final Runnable flush;
    private final Clock clock;
    private final Duration pollInterval;
    private final Duration retention;
    private final Thread thread;

    private volatile boolean stopped;
    private Connection connection;
    private long xmin = -1;
    /** Ids applied whose writer's transaction id is at or above {@link #xmin} (id -> txid). */
    private final Map<Long, Long> applied = new HashMap<>();
    private long lastRead = -1;
    private long lastPrune;
    private boolean down;

    ChangeFeed(Connector connector, Consumer<List<Change>> apply, Runnable flush, Clock clock, Duration pollInterval,
               Duration retention) {
        this.connector = connector;
        this.apply = apply;
        this.flush = flush;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.retention = retention;
        this.thread = new Thread(this::run, "rolegate-change-feed");
        this.thread.setDaemon(true);
    }

    /** Connects and takes the first snapshot (so nothing committed from now on is missed), then runs in the background. */
    void start() {
        try {
            step();
        } catch (SQLException e) {
            disconnected(e);
        }
        thread.start();
    }

    private void run() {
        while (!stopped) {
            try {
                step();
            } catch (SQLException | RuntimeException e) {
                if (stopped) {
                    return;
                }
                disconnected(e);
                sleep(Math.min(500, pollInterval.toMillis()));
            }
        }
    }

    /** Connects when needed, waits for a notification (at most pollInterval) and reads what is new. */
    private void step() throws SQLException {
        if (connection == null) {
            connect();
            return;
        }
        connection.unwrap(PGConnection.class).getNotifications((int) pollInterval.toMillis());
        read();
        pruneNowAndThen();
    }

    private void connect() throws SQLException {
        Connection c = connector.open();
        try {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("LISTEN " + CHANNEL);
            }
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        } catch (SQLException e) {
            closeQuietly(c);
            throw e;
        }
        connection = c;
        boolean tooLong = lastRead >= 0 && clock.millis() - lastRead > retention.toMillis() / 2;
        if (xmin < 0 || tooLong) {
            long fresh = snapshotXmin();
            connection.commit();
            if (xmin >= 0) {
                LOG.warnf("Change feed: disconnected for longer than half the change log retention (%s): dropping"
                        + " every cache of this replica", retention);
            }
            xmin = fresh;
            applied.clear();
            lastRead = clock.millis();
            flush.run();
        } else {
            read(); // catch up on what committed while this replica was disconnected
        }
        if (down) {
            LOG.info("Change feed: reconnected to PostgreSQL");
            down = false;
        }
    }

    private void read() throws SQLException {
        List<Change> fresh = new ArrayList<>();
        long newXmin = snapshotXmin();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT id, kind, entity_key, account_id, txid FROM change_log WHERE txid >= ? ORDER BY id")) {
            ps.setLong(1, xmin);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (applied.putIfAbsent(rs.getLong(1), rs.getLong(5)) == null) {
                        Change.Kind kind = kind(rs.getString(2));
                        if (kind != null) {
                            fresh.add(Change.of(kind, rs.getString(3), rs.getString(4)));
                        }
                    }
                }
            }
        }
        connection.commit();
        applied.values().removeIf(txid -> txid < newXmin);
        xmin = newXmin;
        lastRead = clock.millis();
        if (!fresh.isEmpty()) {
            apply.accept(fresh);
        }
    }

    /** A kind this version does not know (written by a newer replica) drops everything: never ignore a change. */
    private Change.Kind kind(String name) {
        try {
            return Change.Kind.valueOf(name);
        } catch (IllegalArgumentException e) {
            flush.run();
            return null;
        }
    }

    private long snapshotXmin() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT txid_snapshot_xmin(txid_current_snapshot())")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Deletes rows older than the retention whose transactions have all ended; any replica may do it. */
    private void pruneNowAndThen() throws SQLException {
        long now = clock.millis();
        if (now - lastPrune < Math.min(60_000, retention.toMillis())) {
            return;
        }
        lastPrune = now;
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM change_log WHERE changed_at < ?"
                + " AND txid < txid_snapshot_xmin(txid_current_snapshot())")) {
            ps.setLong(1, now - retention.toMillis());
            int pruned = ps.executeUpdate();
            connection.commit();
            if (pruned > 0) {
                LOG.debugf("Change feed: pruned %d change log rows", pruned);
            }
        }
    }

    private void disconnected(Exception e) {
        if (!down) {
            LOG.warnf("Change feed: lost PostgreSQL (%s); serving from cache, retrying", e.getMessage());
            down = true;
        }
        closeQuietly(connection);
        connection = null;
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already broken
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        closeQuietly(connection);
    }
}
