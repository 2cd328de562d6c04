package io.rolegate.store;

import io.agroal.api.AgroalDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one place that talks JDBC. Statements run on the transaction bound to this thread by {@link #inTransaction},
 * or on a short auto-commit connection outside one. A write is durable when the call that made it returns: the
 * commit is on disk (see {@link CommitDurability}) before anyone can acknowledge it, except {@link #updateAdvisory}.
 */
public final class Sql implements Transactions {

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    interface ConnectionWork<T> {
        T apply(Connection c) throws SQLException;
    }

    /** Writes a transaction's changes to the change log before it commits (PostgreSQL), or nothing (H2). */
    interface ChangeLogWriter {
        void write(Connection c, List<Change> changes) throws SQLException;
    }

    private final AgroalDataSource dataSource;
    private final CommitDurability durability;
    private final ChangeLogWriter changeLog;
    private final Consumer<List<Change>> afterCommit;
    private final ThreadLocal<Connection> current = new ThreadLocal<>();
    private final ThreadLocal<List<Change>> changes = new ThreadLocal<>();
    private final boolean postgres;

    Sql(AgroalDataSource dataSource, CommitDurability durability, ChangeLogWriter changeLog,
        Consumer<List<Change>> afterCommit) {
        this(dataSource, durability, changeLog, afterCommit, false);
    }

    Sql(AgroalDataSource dataSource, CommitDurability durability, ChangeLogWriter changeLog,
        Consumer<List<Change>> afterCommit, boolean postgres) {
        this.postgres = postgres;
        this.dataSource = dataSource;
        this.durability = durability;
        this.changeLog = changeLog;
        this.afterCommit = afterCommit;
    }

    /**
     * Runs a write of the store in a transaction (the caller's, or its own when there is none) and records what it
     * changes: the change log rows commit with the write, and after the commit the caches drop what derives from it.
     */
    public <T> T changing(Supplier<T> write, Change... changed) {
        return inTransaction(() -> {
            T result = write.get();
            List<Change> pending = changes.get();
            for (Change c : changed) {
                if (!pending.contains(c)) {
                    pending.add(c);
                }
            }
            return result;
        });
    }

    /** {@link #changing(Supplier, Change...)} for a write without a result. */
    public void changing(Runnable write, Change... changed) {
        changing(() -> {
            write.run();
            return null;
        }, changed);
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (current.get() != null) {
            return work.get(); // nested: join the outer transaction
        }
        T result;
        List<Change> changed = new ArrayList<>();
        boolean committed = false;
        changes.set(changed);
        try (Connection c = connection()) {
            result = commit(c, work, changed);
            committed = true;
            durability.committed(c);
        } catch (SQLException e) {
            throw StoreException.of(e);
        } finally {
            changes.remove();
            if (committed && !changed.isEmpty()) {
                afterCommit.accept(List.copyOf(changed));
            }
        }
        return result;
    }

    /** Runs the work in one transaction on {@code c}; rolls back on any failure, the commit's own included. */
    private <T> T commit(Connection c, Supplier<T> work, List<Change> changed) throws SQLException {
        c.setAutoCommit(false);
        current.set(c);
        try {
            T result = work.get();
            if (!changed.isEmpty()) {
                changeLog.write(c, changed);
            }
            c.commit();
            return result;
        } catch (RuntimeException | Error | SQLException e) {
            rollback(c, e);
            throw e;
        } finally {
            current.remove();
            c.setAutoCommit(true); // after the rollback above: never commits half of the work
        }
    }

    /**
     * A durable transaction on tables that no cache holds (the audit journal): it writes no change-log row and drops
     * no cache, so appending an event per request costs the other replicas nothing.
     */
    public <T> T inAppendOnlyTransaction(Supplier<T> work) {
        return inAppendOnlyTransaction(work, true);
    }

    /** forced false: the commit does not wait for the disk (PostgreSQL: synchronous_commit off; H2: no fsync). */
    public <T> T inAppendOnlyTransaction(Supplier<T> work, boolean forced) {
        if (current.get() != null) {
            throw new IllegalStateException("append-only transactions do not nest");
        }
        try (Connection c = connection()) {
            if (!forced && c.getMetaData().getDatabaseProductName().startsWith("PostgreSQL")) {
                c.setAutoCommit(false);
                try (java.sql.Statement s = c.createStatement()) {
                    s.execute("SET LOCAL synchronous_commit TO OFF"); // this transaction only
                }
            }
            T result = commit(c, work, new ArrayList<>()); // nothing cached changed: no change-log row
            if (forced) {
                durability.committed(c);
            }
            return result;
        } catch (SQLException e) {
            throw StoreException.of(e); // unreachable: ServiceUnavailable, which the audit journal spools
        }
    }

    private static void rollback(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Whether the database is PostgreSQL (statements only it understands: arrays, data-modifying WITH). */
    boolean isPostgres() {
        return postgres;
    }

    /** An array parameter of a PostgreSQL statement (many rows in one statement: {@code unnest(?::bigint[])}). */
    public record ArrayParam(String type, Object[] values) {
    }

    /**
     * Runs one write statement as a transaction of its own (auto-commit: one round trip to PostgreSQL, its durable
     * commit included) and answers false, with nothing written, when the database refused it for a conflict with
     * another writer that the caller resolves another way: a unique violation, a deadlock, a serialization failure,
     * or a division by zero that the statement raises on purpose when it finds the rows it expected have changed.
     */
    public boolean updateUnlessConflict(String sql, Object... args) {
        if (current.get() != null) {
            throw new IllegalStateException("a statement that commits alone cannot run inside a transaction");
        }
        try (Connection c = connection(); PreparedStatement ps = prepare(c, sql, args)) {
            try {
                ps.executeUpdate();
            } catch (SQLException e) {
                if (CONFLICTS.contains(e.getSQLState())) {
                    return false;
                }
                throw e;
            }
            durability.committed(c);
            return true;
        } catch (SQLException e) {
            throw StoreException.of(e);
        }
    }

    /** unique_violation, deadlock_detected, serialization_failure, division_by_zero (see updateUnlessConflict). */
    private static final Set<String> CONFLICTS = Set.of("23505", "40P01", "40001", "22012");

    public <T> List<T> list(String sql, RowMapper<T> mapper, Object... args) {
        return withConnection(c -> {
            try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        });
    }

    public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... args) {
        List<T> rows = list(sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public long count(String sql, Object... args) {
        return one(sql, rs -> rs.getLong(1), args).orElse(0L);
    }

    /** Runs a write; outside a transaction it commits at once and is durable when this returns. */
    public int update(String sql, Object... args) {
        return write(true, sql, args);
    }

    /**
     * A write of advisory data (last-used times) that no response acknowledges: outside a transaction it commits at
     * once, so it survives a crash of the process, but H2 does not force it to disk (the next durable commit does).
     */
    public int updateAdvisory(String sql, Object... args) {
        return write(false, sql, args);
    }

    private int write(boolean durable, String sql, Object... args) {
        return withConnection(c -> {
            try (PreparedStatement ps = prepare(c, sql, args)) {
                int changed = ps.executeUpdate();
                if (durable && changed > 0 && current.get() == null) {
                    durability.committed(c);
                }
                return changed;
            }
        });
    }

    /** Every connection is taken here: none for work that must not wait for the database ({@link MemoryOnly}). */
    private Connection connection() throws SQLException {
        MemoryOnly.check();
        return dataSource.getConnection();
    }

    private <T> T withConnection(ConnectionWork<T> work) {
        Connection bound = current.get();
        try {
            if (bound != null) {
                return work.apply(bound);
            }
            try (Connection c = connection()) {
                return work.apply(c);
            }
        } catch (SQLException e) {
            throw StoreException.of(e);
        }
    }

    /**
     * One statement for many rows in one JDBC batch (one round trip to PostgreSQL instead of one per row). Outside a
     * transaction it is a durable write, as {@link #update}.
     */
    public void updateBatch(String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Object[] args : rows) {
                    bind(ps, args);
                    ps.addBatch();
                }
                ps.executeBatch();
                if (current.get() == null) {
                    durability.committed(c);
                }
                return null;
            }
        });
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        bind(ps, args);
        return ps;
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                ps.setNull(i + 1, Types.VARCHAR);
            } else if (a instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (a instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else if (a instanceof Boolean b) {
                ps.setBoolean(i + 1, b);
            } else if (a instanceof ArrayParam array) {
                ps.setArray(i + 1, ps.getConnection().createArrayOf(array.type(), array.values()));
            } else {
                ps.setString(i + 1, a.toString());
            }
        }
    }

    /** Reads a nullable BIGINT column. */
    public static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    /**
     * Runs an INSERT and answers false, instead of failing, when it would break a unique constraint: the store's way
     * of saying "already exists" (a concurrent create won the race), so callers never look at SQL states. Inside a
     * transaction the INSERT runs under a savepoint, so the transaction stays usable after a false (PostgreSQL
     * would otherwise refuse every further statement).
     */
    public boolean insertIfAbsent(String sql, Object... args) {
        return withConnection(c -> {
            Savepoint savepoint = c.getAutoCommit() ? null : c.setSavepoint();
            try (PreparedStatement ps = prepare(c, sql, args)) {
                int inserted = ps.executeUpdate();
                if (savepoint != null) {
                    c.releaseSavepoint(savepoint);
                } else if (inserted > 0) {
                    durability.committed(c); // auto-commit: this INSERT is a whole write
                }
                return inserted == 1;
            } catch (SQLException e) {
                if (!isUniqueViolation(e)) {
                    throw e;
                }
                if (savepoint != null) {
                    c.rollback(savepoint);
                }
                return false;
            }
        });
    }

    /** True when the exception is a unique-constraint violation (SQLSTATE 23505 on both H2 and PostgreSQL). */
    private static boolean isUniqueViolation(SQLException e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof SQLException s && "23505".equals(s.getSQLState())) {
                return true;
            }
            t = t.getCause();
        }
        return false;
    }
}
