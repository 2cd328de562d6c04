package io.rolegate.store;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How {@link Sql} commits: all or nothing, and made durable before the call that wrote returns. */
class SqlTest {
    private AgroalDataSource dataSource;
    /** Row counts of table t seen (from another connection) each time a commit was made durable. */
    private final List<Long> durableCommits = new ArrayList<>();
    private Sql sql;
    private static final Change CHANGE = Change.of(Change.Kind.USER, "AIDA1");
    /** What the after-commit hook was told. */
    private final List<Change> committed = new ArrayList<>();

    @BeforeEach
    void open() throws SQLException {
        dataSource = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier().connectionPoolConfiguration(p -> p
                .maxSize(4)
                .connectionFactoryConfiguration(f -> f.jdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"))));
        sql = new Sql(dataSource, c -> durableCommits.add(rowsSeenByAnotherConnection()), (c, changes) -> {
            try (var s = c.createStatement()) {
                s.execute("INSERT INTO change_rows VALUES (" + changes.size() + ")");
            }
        }, committed::addAll);
        sql.update("CREATE TABLE t (v INT PRIMARY KEY)");
        sql.update("CREATE TABLE change_rows (n INT)");
        durableCommits.clear();
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void aTransactionWhoseCommitFailsLeavesNothingBehind() {
        sql.update("DROP TABLE change_rows"); // the change log write before COMMIT now fails with an SQLException
        assertThrows(StoreException.class, () -> sql.changing(() -> sql.update("INSERT INTO t VALUES (1)"), CHANGE));
        assertEquals(0, rows());
        assertEquals(List.of(), durableCommits);
        assertEquals(List.of(), committed, "listeners hear of committed changes only");
    }

    @Test
    void changesAreLoggedInTheWritingTransactionAndAnnouncedOnceAfterItsCommit() {
        Change other = Change.of(Change.Kind.ROLE, "AROA2");
        sql.run(() -> {
            sql.changing(() -> sql.update("INSERT INTO t VALUES (1)"), CHANGE);
            sql.changing(() -> sql.update("INSERT INTO t VALUES (2)"), CHANGE, other); // joins, recorded once
            assertEquals(List.of(), committed, "nothing is announced before the commit");
        });
        assertEquals(List.of(CHANGE, other), committed);
        assertEquals(1, sql.count("SELECT COUNT(*) FROM change_rows WHERE n = 2"), "one log write of both changes");
        committed.clear();
        sql.changing(() -> sql.update("INSERT INTO t VALUES (3)"), CHANGE); // outside a transaction: its own
        assertEquals(List.of(CHANGE), committed);
        assertThrows(IllegalStateException.class, () -> sql.changing(() -> {
            sql.update("INSERT INTO t VALUES (4)");
            throw new IllegalStateException("refused");
        }, other));
        assertEquals(List.of(CHANGE), committed, "a rolled back change is not announced");
    }

    @Test
    void aFailedTransactionLeavesNothingBehindAndIsNotReportedDurable() {
        assertThrows(IllegalStateException.class, () -> sql.run(() -> {
            sql.update("INSERT INTO t VALUES (1)");
            throw new IllegalStateException("refused");
        }));
        assertEquals(0, rows());
        assertEquals(List.of(), durableCommits);
    }

    @Test
    void everyCommittedWriteIsMadeDurableOnceAfterItsCommitAndBeforeTheCallReturns() {
        sql.run(() -> {
            sql.update("INSERT INTO t VALUES (1)");
            sql.update("INSERT INTO t VALUES (2)");
        });
        assertEquals(List.of(2L), durableCommits); // once per transaction, when both rows were committed
        sql.update("INSERT INTO t VALUES (3)"); // auto-commit write
        assertEquals(List.of(2L, 3L), durableCommits);
        sql.update("DELETE FROM t WHERE v = 42"); // changes nothing
        assertEquals(List.of(2L, 3L), durableCommits);
    }

    @Test
    void anInsertIfAbsentOutsideATransactionIsMadeDurableWhenItInserts() {
        assertTrue(sql.insertIfAbsent("INSERT INTO t VALUES (1)"));
        assertEquals(List.of(1L), durableCommits);
        assertFalse(sql.insertIfAbsent("INSERT INTO t VALUES (1)"));
        assertEquals(List.of(1L), durableCommits);
        sql.run(() -> sql.insertIfAbsent("INSERT INTO t VALUES (2)"));
        assertEquals(List.of(1L, 2L), durableCommits); // once, at the commit of the transaction
    }

    @Test
    void advisoryWritesAreCommittedButNotForcedToDisk() {
        sql.updateAdvisory("INSERT INTO t VALUES (1)");
        assertEquals(1, rows());
        assertEquals(List.of(), durableCommits);
    }

    private long rows() {
        return sql.count("SELECT COUNT(*) FROM t");
    }

    private long rowsSeenByAnotherConnection() {
        try (Connection other = dataSource.getConnection();
             ResultSet rs = other.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Work that must not wait for the database gets no connection: it stops, and nothing ran. */
    @Test
    void aMemoryOnlyAttemptTakesNoConnection() {
        assertEquals(java.util.Optional.empty(), MemoryOnly.attempt(() -> sql.update("INSERT INTO t VALUES (1)")));
        assertEquals(java.util.Optional.empty(), MemoryOnly.attempt(() -> sql.inTransaction(() -> 1)));
        assertEquals(0, rows());
        assertEquals(java.util.Optional.of(2), MemoryOnly.attempt(() -> 2));
        sql.update("INSERT INTO t VALUES (1)"); // outside an attempt, as usual
        assertEquals(1, rows());
    }
}
