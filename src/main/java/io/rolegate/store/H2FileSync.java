package io.rolegate.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Forces the embedded H2 database file to disk after commits: H2 2.x writes a commit to its file (with WRITE_DELAY=0)
 * but calls fsync only when it closes or compacts the file, so a crash of the machine would lose the commits still in
 * the operating system's cache. {@code CHECKPOINT SYNC} (admin rights: the gateway's H2 user created the database)
 * stores anything pending and fsyncs the file.
 *
 * <p>Group commit: one fsync covers every commit that had finished when it started, so concurrent writers share
 * fsyncs instead of queueing one each behind H2's lock.
 */
final class H2FileSync implements CommitDurability {
    /** Commits that have finished, numbered in the order they asked to be made durable. */
    private final AtomicLong finished = new AtomicLong();
    private final ReentrantLock syncing = new ReentrantLock();
    /** The highest commit number known to be on disk; guarded by {@link #syncing}. */
    private long durable;

    @Override
    public void committed(Connection c) throws SQLException {
        long mine = finished.incrementAndGet();
        syncing.lock();
        try {
            if (durable >= mine) {
                return; // an fsync that started after this commit finished has covered it
            }
            long covered = finished.get();
            try (Statement s = c.createStatement()) {
                s.execute("CHECKPOINT SYNC");
            }
            durable = covered;
        } finally {
            syncing.unlock();
        }
    }
}
