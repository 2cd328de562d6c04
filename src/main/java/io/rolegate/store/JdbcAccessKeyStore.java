package io.rolegate.store;

import io.rolegate.model.AccessKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JdbcAccessKeyStore implements AccessKeyStore {
    @Inject
    Sql sql;

    private static AccessKey map(ResultSet rs) throws SQLException {
        Long used = Sql.nullableLong(rs, "last_used_at");
        return new AccessKey(rs.getString("access_key_id"), rs.getString("account_id"), rs.getString("user_id"),
                AccessKey.Status.valueOf(rs.getString("status")), Instant.ofEpochMilli(rs.getLong("created_at")),
                used == null ? null : Instant.ofEpochMilli(used), rs.getString("last_used_service"),
                rs.getString("last_used_region"));
    }

    @Override
    public Optional<AccessKey> find(String accessKeyId) {
        return sql.one("SELECT * FROM access_keys WHERE access_key_id = ?", JdbcAccessKeyStore::map, accessKeyId);
    }

    @Override
    public Optional<String> sealedSecret(String accessKeyId) {
        return sql.one("SELECT secret_sealed FROM access_keys WHERE access_key_id = ?", rs -> rs.getString(1), accessKeyId);
    }

    @Override
    public List<AccessKey> listForUser(String userId) {
        return sql.list("SELECT * FROM access_keys WHERE user_id = ? ORDER BY created_at, access_key_id",
                JdbcAccessKeyStore::map, userId);
    }

    @Override
    public void insert(AccessKey k, String sealedSecret) {
        sql.changing(() -> sql.update("INSERT INTO access_keys (access_key_id, account_id, user_id, status, secret_sealed,"
                        + " created_at) VALUES (?, ?, ?, ?, ?, ?)", k.accessKeyId(), k.accountId(), k.userId(),
                k.status().name(), sealedSecret, k.created().toEpochMilli()),
                Change.of(Change.Kind.ACCESS_KEY, k.accessKeyId(), k.accountId()));
    }

    @Override
    public void updateStatus(String accessKeyId, AccessKey.Status status) {
        sql.changing(() -> sql.update("UPDATE access_keys SET status = ? WHERE access_key_id = ?", status.name(), accessKeyId),
                Change.of(Change.Kind.ACCESS_KEY, accessKeyId));
    }

    @Override
    public void updateSecret(String accessKeyId, String sealedSecret) {
        sql.changing(() -> sql.update("UPDATE access_keys SET secret_sealed = ? WHERE access_key_id = ?", sealedSecret,
                accessKeyId), Change.of(Change.Kind.ACCESS_KEY, accessKeyId));
    }

    @Override
    public void recordUse(String accessKeyId, Instant at, String service, String region) {
        sql.updateAdvisory("UPDATE access_keys SET last_used_at = ?, last_used_service = ?, last_used_region = ? "
                + "WHERE access_key_id = ?", at.toEpochMilli(), service, region, accessKeyId);
    }

    @Override
    public void delete(String accessKeyId) {
        sql.changing(() -> sql.update("DELETE FROM access_keys WHERE access_key_id = ?", accessKeyId),
                Change.of(Change.Kind.ACCESS_KEY, accessKeyId));
    }
}
