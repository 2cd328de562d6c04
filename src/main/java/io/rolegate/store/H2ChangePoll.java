package io.rolegate.store;

import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Brings to a gateway on H2 the changes written by another process: the operator's commands, which reach the running
 * gateway's database through its command server (store.H2CommandServer). Every write transaction on H2 logs its
 * changes too; this poll reads the rows it has not applied, every {@code pollInterval}. Identity values are handed
 * out at insert, not at commit, so a transaction that commits after a later one is caught by re-reading a window
 * of ids below the highest seen (the ids applied in it are remembered). The gateway's own changes were applied at
 * its commit; seeing them again only drops a few freshly loaded entries.
 */
final class H2ChangePoll implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(H2ChangePoll.class);
    /** How far below the highest id seen rows are read again: more than the writes of one poll interval. */
    static final long WINDOW = 10_000;

    private final DataSource dataSource;
    private final Consumer<List<Change>> apply;
    private final Runnable flush;
    private final Clock clock;
    private final Duration pollInterval;
    private final Duration retention;
    private final Thread thread;
    private final TreeSet<Long> applied = new TreeSet<>();
    private volatile boolean stopped;
    private long highest = -1;
    private long lastPrune;

    H2ChangePoll(DataSource dataSource, Consumer<List<Change>> apply, Runnable flush, Clock clock, Duration pollInterval,
                 Duration retention) {
        this.dataSource = dataSource;
        this.apply = apply;
        this.flush = flush;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.retention = retention;
        this.thread = new Thread(this::run, "rolegate-h2-change-poll");
        this.thread.setDaemon(true);
    }

    /** From now on: what was logged before this start is already in the store the caches will load from. */
    void start() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM change_log");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            highest = rs.getLong(1);
        } catch (SQLException e) {
            LOG.warnf("Change log not readable at start (%s): reading it from the beginning", e.getMessage());
            highest = 0;
        }
        thread.start();
    }

    private void run() {
        while (!stopped) {
            try {
                Thread.sleep(pollInterval.toMillis());
                poll();
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("Reading the change log failed: %s", e.getMessage());
            }
        }
    }

    void poll() throws SQLException {
        List<Change> changes = new ArrayList<>();
        long floor = Math.max(0, highest - WINDOW);
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, kind, entity_key, account_id FROM change_log WHERE id > ? ORDER BY id")) {
                ps.setLong(1, floor);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        if (!applied.add(id)) {
                            continue;
                        }
                        highest = Math.max(highest, id);
                        try {
                            changes.add(Change.of(Change.Kind.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4)));
                        } catch (IllegalArgumentException unknownKind) { // never ignore a change: drop everything
                            flush.run();
                        }
                    }
                }
            }
            applied.headSet(Math.max(0, highest - WINDOW), true).clear();
            long now = clock.millis();
            if (now - lastPrune > 60_000) {
                lastPrune = now;
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM change_log WHERE changed_at < ?")) {
                    ps.setLong(1, now - retention.toMillis());
                    ps.executeUpdate();
                }
            }
        }
        if (!changes.isEmpty()) {
            apply.accept(changes);
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
