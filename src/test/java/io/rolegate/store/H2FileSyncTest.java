package io.rolegate.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class H2FileSyncTest {
    /** Orders every event of a test: commits made durable and fsyncs, each a [start, end] pair of ticks. */
    private final AtomicLong clock = new AtomicLong();
    private final List<long[]> fsyncs = Collections.synchronizedList(new ArrayList<>());

    @Test
    void aLoneCommitGetsAnFsyncOfItsOwn() throws SQLException {
        H2FileSync sync = new H2FileSync();
        Connection c = connectionRecordingFsyncs();
        for (int i = 0; i < 3; i++) {
            sync.committed(c);
        }
        assertEquals(3, fsyncs.size());
    }

    @Test
    void concurrentCommitsShareFsyncsYetEachWaitsForOneThatStartedAfterIt() throws InterruptedException {
        H2FileSync sync = new H2FileSync();
        Connection c = connectionRecordingFsyncs();
        List<long[]> calls = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(new Thread(() -> {
                for (int i = 0; i < 25; i++) {
                    long start = clock.incrementAndGet(); // the commit has finished before this call
                    try {
                        sync.committed(c);
                    } catch (SQLException | RuntimeException e) {
                        failures.add(e);
                    }
                    calls.add(new long[] {start, clock.incrementAndGet()});
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(60_000);
        }
        assertEquals(List.of(), failures);
        assertEquals(200, calls.size());
        for (long[] call : calls) {
            assertTrue(fsyncs.stream().anyMatch(f -> f[0] > call[0] && f[1] < call[1]),
                    "a commit was acknowledged without an fsync that started after it");
        }
        assertTrue(fsyncs.size() < calls.size(), fsyncs.size() + " fsyncs for " + calls.size() + " commits");
    }

    @Test
    void h2AcceptsTheSyncFromTheUserThatCreatedTheDatabase(@TempDir Path dir) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("rolegate") + ";WRITE_DELAY=0",
                "rolegate", "rolegate")) {
            c.createStatement().execute("CREATE TABLE t (v INT)");
            c.createStatement().execute("INSERT INTO t VALUES (1)");
            new H2FileSync().committed(c);
        }
    }

    /** A connection whose statements only record each CHECKPOINT SYNC, which takes a few milliseconds. */
    private Connection connectionRecordingFsyncs() {
        Statement statement = (Statement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Statement.class}, (proxy, method, args) -> {
                    if (method.getName().equals("execute") && "CHECKPOINT SYNC".equals(args[0])) {
                        long start = clock.incrementAndGet();
                        Thread.sleep(3);
                        fsyncs.add(new long[] {start, clock.incrementAndGet()});
                        return false;
                    }
                    return null; // close()
                });
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> method.getName().equals("createStatement") ? statement : null);
    }
}
