package io.rolegate.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JdbcSealedValueStore implements SealedValueStore {
    @Inject
    Sql sql;

    @Override
    public List<SealedRow> rowsAfter(SealedColumn c, String after, int limit) {
        String select = "SELECT " + c.keyColumn + ", " + c.sealedColumn + " FROM " + c.table + " WHERE "
                + c.sealedColumn + " IS NOT NULL"; // a device grant holds no ID token until the person approves it
        return after == null
                ? sql.list(select + " ORDER BY " + c.keyColumn + " LIMIT ?",
                        rs -> new SealedRow(rs.getString(1), rs.getString(2)), limit)
                : sql.list(select + " AND " + c.keyColumn + " > ? ORDER BY " + c.keyColumn + " LIMIT ?",
                        rs -> new SealedRow(rs.getString(1), rs.getString(2)), after, limit);
    }

    @Override
    public boolean replace(SealedColumn c, String key, String expected, String sealed) {
        return sql.update("UPDATE " + c.table + " SET " + c.sealedColumn + " = ? WHERE " + c.keyColumn + " = ? AND "
                + c.sealedColumn + " = ?", sealed, key, expected) == 1;
    }

    @Override
    public Optional<Progress> progress(SealedColumn c) {
        return sql.one("SELECT key_fingerprint, last_row, done, rows_resealed FROM master_key_rotation "
                        + "WHERE sealed_column = ?",
                rs -> new Progress(c, rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getLong(4)), c.name());
    }

    @Override
    public void saveProgress(Progress p, Instant at) {
        if (!sql.insertIfAbsent("INSERT INTO master_key_rotation (sealed_column, key_fingerprint, last_row, done, "
                        + "rows_resealed, updated_at) VALUES (?, ?, ?, ?, ?, ?)", p.column().name(), p.keyFingerprint(),
                p.lastRow(), p.done(), p.rowsResealed(), at.toEpochMilli())) {
            sql.update("UPDATE master_key_rotation SET key_fingerprint = ?, last_row = ?, done = ?, rows_resealed = ?, "
                            + "updated_at = ? WHERE sealed_column = ?", p.keyFingerprint(), p.lastRow(), p.done(),
                    p.rowsResealed(), at.toEpochMilli(), p.column().name());
        }
    }
}
