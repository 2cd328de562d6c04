package io.rolegate.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The change feed on a real PostgreSQL, with a poll interval (30 s) far beyond every wait here, so what arrives came
 * by NOTIFY or by the catch-up read after a reconnect: a change arrives within a second of its commit; a transaction
 * that commits after a later one is not skipped; after its connection is killed (as by a PostgreSQL restart) the feed
 * reconnects, reads what committed meanwhile from the change log (without dropping every cache) and LISTENs again.
 */
class ChangeFeedTest {
    private static final Duration SOON = Duration.ofSeconds(1);

    private EmbeddedPostgres pg;
    private ChangeFeed feed;
    private final List<String> applied = new CopyOnWriteArrayList<>();
    private final AtomicInteger flushes = new AtomicInteger();

    @BeforeEach
    void start() throws IOException, SQLException {
        pg = EmbeddedPostgres.builder().start();
        try (Connection c = connect("setup"); Statement s = c.createStatement()) {
            String v9 = new String(getClass().getResourceAsStream("/db/migration/V9__change_log.sql").readAllBytes(),
                    StandardCharsets.UTF_8);
            s.execute(v9.substring(0, v9.indexOf("DROP TABLE store_version")));
        }
        feed = new ChangeFeed(() -> connect("feed-under-test"), changes -> changes.forEach(c -> applied.add(c.key())),
                flushes::incrementAndGet, Clock.systemUTC(), Duration.ofSeconds(30), Duration.ofMinutes(10));
        feed.start();
    }

    @AfterEach
    void stop() throws IOException {
        feed.close();
        pg.close();
    }

    private Connection connect(String name) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", "postgres");
        p.setProperty("ApplicationName", name);
        return DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres"), p);
    }

    /** What Database does in a write transaction: the row with the writer's transaction id, and a NOTIFY. */
    private static void log(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO change_log (account_id, kind, entity_key,"
                + " changed_at, txid) VALUES ('111111111111', 'USER', ?, ?, txid_current())");
             Statement s = c.createStatement()) {
            ps.setString(1, key);
            ps.setLong(2, System.currentTimeMillis()); // recent: the feed's pruning leaves it alone
            ps.executeUpdate();
            s.execute("NOTIFY " + ChangeFeed.CHANNEL);
        }
    }

    private void write(String key) throws SQLException {
        try (Connection c = connect("writer")) {
            log(c, key);
        }
    }

    private long arrival(String key) {
        long t0 = System.nanoTime();
        while (!applied.contains(key)) {
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos(), key + " never arrived: " + applied);
            sleep(5);
        }
        return Duration.ofNanos(System.nanoTime() - t0).toMillis();
    }

    @Test
    void aCommittedChangeArrivesByNotificationWithinASecond() throws SQLException {
        write("AIDAFIRST");
        long ms = arrival("AIDAFIRST");
        System.out.printf("Change feed: a change arrived %d ms after its commit%n", ms);
        assertTrue(ms < SOON.toMillis(), ms + " ms");
        assertEquals(1, flushes.get(), "only the first connection drops everything");
    }

    @Test
    void aTransactionThatCommitsAfterALaterOneIsNotSkipped() throws SQLException {
        try (Connection slow = connect("slow-writer")) {
            slow.setAutoCommit(false);
            log(slow, "AIDASLOW"); // an older transaction id, still running
            write("AIDAFAST");
            arrival("AIDAFAST");
            slow.commit();
        }
        assertTrue(arrival("AIDASLOW") < SOON.toMillis());
        assertEquals(List.of("AIDAFAST", "AIDASLOW"), applied);
    }

    @Test
    void afterItsConnectionIsKilledTheFeedCatchesUpFromTheLogAndListensAgain() throws SQLException {
        write("AIDABEFORE");
        arrival("AIDABEFORE");
        try (Connection admin = connect("admin"); Statement s = admin.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'feed-under-test'");
            log(admin, "AIDAMISSED"); // its NOTIFY goes to nobody: only the change log has it
        }
        long caughtUp = arrival("AIDAMISSED");
        System.out.printf("Change feed: caught up %d ms after its connection was killed%n", caughtUp);
        sleep(300);
        write("AIDAAFTER");
        long ms = arrival("AIDAAFTER");
        System.out.printf("Change feed: after the reconnect a change arrived %d ms after its commit%n", ms);
        assertTrue(ms < SOON.toMillis(), "LISTEN resumed: " + ms + " ms");
        assertEquals(List.of("AIDABEFORE", "AIDAMISSED", "AIDAAFTER"), applied);
        assertEquals(1, flushes.get(), "a short disconnection catches up instead of dropping every cache");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
