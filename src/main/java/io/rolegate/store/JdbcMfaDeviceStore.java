package io.rolegate.store;

import io.rolegate.model.MfaDevice;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

@ApplicationScoped
public class JdbcMfaDeviceStore implements MfaDeviceStore {
    private static final String COLUMNS = "serial_number, account_id, device_name, path, user_id, enabled_at, "
            + "drift_steps, last_step, created_at";

    @Inject
    Sql sql;

    private static MfaDevice map(ResultSet rs) throws SQLException {
        Long enabled = Sql.nullableLong(rs, "enabled_at");
        return new MfaDevice(rs.getString("serial_number"), rs.getString("account_id"), rs.getString("device_name"),
                rs.getString("path"), rs.getString("user_id"), enabled == null ? null : Instant.ofEpochMilli(enabled),
                rs.getInt("drift_steps"), Sql.nullableLong(rs, "last_step"), Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    @Override
    public boolean insert(MfaDevice d, String sealedSeed) {
        return sql.changing(() -> sql.insertIfAbsent("INSERT INTO mfa_devices (serial_number, serial_lc, account_id, device_name, path, "
                        + "seed_sealed, drift_steps, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", d.serialNumber(),
                lower(d.serialNumber()), d.accountId(), d.name(), d.path(), sealedSeed, d.driftSteps(),
                d.created().toEpochMilli()), Change.of(Change.Kind.MFA_DEVICE, d.serialNumber(), d.accountId()));
    }

    @Override
    public Optional<MfaDevice> find(String serialNumber) {
        return sql.one("SELECT " + COLUMNS + " FROM mfa_devices WHERE serial_number = ?", JdbcMfaDeviceStore::map,
                serialNumber);
    }

    @Override
    public Optional<MfaDevice> findForUpdate(String serialNumber) {
        return sql.one("SELECT " + COLUMNS + " FROM mfa_devices WHERE serial_number = ? FOR UPDATE",
                JdbcMfaDeviceStore::map, serialNumber);
    }

    @Override
    public Optional<String> sealedSeed(String serialNumber) {
        return sql.one("SELECT seed_sealed FROM mfa_devices WHERE serial_number = ?", rs -> rs.getString(1), serialNumber);
    }

    @Override
    public List<MfaDevice> listForUser(String userId) {
        return sql.list("SELECT " + COLUMNS + " FROM mfa_devices WHERE user_id = ? ORDER BY enabled_at, serial_lc",
                JdbcMfaDeviceStore::map, userId);
    }

    @Override
    public long countForAccount(String accountId) {
        return sql.count("SELECT COUNT(*) FROM mfa_devices WHERE account_id = ?", accountId);
    }

    @Override
    public List<MfaDevice> list(String accountId, Boolean assigned, String afterSerialLc, int limit) {
        String filter = assigned == null ? "" : assigned ? " AND user_id IS NOT NULL" : " AND user_id IS NULL";
        return sql.list("SELECT " + COLUMNS + " FROM mfa_devices WHERE account_id = ? AND serial_lc > ?" + filter
                        + " ORDER BY serial_lc FETCH FIRST " + limit + " ROWS ONLY", JdbcMfaDeviceStore::map,
                accountId, afterSerialLc == null ? "" : afterSerialLc);
    }

    @Override
    public void assign(String serialNumber, String userId, Instant enabledAt, long lastStep) {
        sql.changing(() -> sql.update("UPDATE mfa_devices SET user_id = ?, enabled_at = ?, last_step = ?, drift_steps = 0"
                + " WHERE serial_number = ?", userId, enabledAt.toEpochMilli(), lastStep, serialNumber), mfa(serialNumber));
    }

    @Override
    public void unassign(String serialNumber) {
        sql.changing(() -> sql.update("UPDATE mfa_devices SET user_id = NULL, enabled_at = NULL, drift_steps = 0"
                + " WHERE serial_number = ?", serialNumber), mfa(serialNumber));
    }

    @Override
    public void resync(String serialNumber, long lastStep, int driftSteps) {
        sql.update("UPDATE mfa_devices SET last_step = ?, drift_steps = ? WHERE serial_number = ?", lastStep, driftSteps,
                serialNumber);
    }

    @Override
    public boolean acceptStep(String serialNumber, String userId, long step) {
        return sql.update("UPDATE mfa_devices SET last_step = ? WHERE serial_number = ? AND user_id = ? "
                + "AND (last_step IS NULL OR last_step < ?)", step, serialNumber, userId, step) == 1;
    }

    @Override
    public void delete(String serialNumber) {
        sql.changing(() -> sql.update("DELETE FROM mfa_devices WHERE serial_number = ?", serialNumber), mfa(serialNumber));
    }

    /**
     * Assignment and existence of a device. The replay counters (acceptStep, resync) are not recorded: nothing caches
     * them, every check reads and updates the row itself.
     */
    private static Change mfa(String serialNumber) {
        return Change.of(Change.Kind.MFA_DEVICE, serialNumber);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
