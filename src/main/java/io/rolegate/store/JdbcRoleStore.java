package io.rolegate.store;

import io.rolegate.model.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

@ApplicationScoped
public class JdbcRoleStore implements RoleStore {
    @Inject
    Sql sql;

    static Role map(ResultSet rs) throws SQLException {
        Long used = Sql.nullableLong(rs, "last_used_at");
        return new Role(rs.getString("role_id"), rs.getString("account_id"), rs.getString("role_name"),
                rs.getString("path"), rs.getString("trust_policy"), rs.getString("description"),
                rs.getInt("max_session_duration"), rs.getString("boundary_arn"),
                Instant.ofEpochMilli(rs.getLong("created_at")), used == null ? null : Instant.ofEpochMilli(used),
                rs.getString("last_used_region"));
    }

    @Override
    public Optional<Role> findByName(String accountId, String roleName) {
        return sql.one("SELECT * FROM roles WHERE account_id = ? AND name_lc = ?", JdbcRoleStore::map, accountId,
                roleName.toLowerCase(Locale.ROOT));
    }

    @Override
    public Optional<Role> findById(String roleId) {
        return sql.one("SELECT * FROM roles WHERE role_id = ?", JdbcRoleStore::map, roleId);
    }

    @Override
    public List<Role> list(String accountId, String pathPrefix, String afterNameLc, int limit) {
        return sql.list("SELECT * FROM roles WHERE account_id = ? AND path LIKE ? AND name_lc > ? ORDER BY name_lc "
                        + "FETCH FIRST " + limit + " ROWS ONLY", JdbcRoleStore::map, accountId,
                LikePatterns.prefix(pathPrefix), afterNameLc == null ? "" : afterNameLc);
    }

    @Override
    public boolean insertIfAbsent(Role r) {
        return sql.changing(() -> sql.insertIfAbsent("INSERT INTO roles (role_id, account_id, role_name, name_lc, path, trust_policy, description, "
                        + "max_session_duration, boundary_arn, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.roleId(), r.accountId(), r.roleName(), r.roleName().toLowerCase(Locale.ROOT), r.path(),
                r.trustPolicy(), r.description(), r.maxSessionDuration(), r.boundaryArn(), r.created().toEpochMilli()),
                Change.of(Change.Kind.ROLE, r.roleId(), r.accountId()),
                Change.of(Change.Kind.ROLE_NAME, Change.roleName(r.accountId(), r.roleName()), r.accountId()));
    }

    @Override
    public void update(Role r) {
        sql.changing(() -> sql.update("UPDATE roles SET trust_policy = ?, description = ?, max_session_duration = ?,"
                        + " boundary_arn = ? WHERE role_id = ?", r.trustPolicy(), r.description(), r.maxSessionDuration(),
                r.boundaryArn(), r.roleId()), Change.of(Change.Kind.ROLE, r.roleId(), r.accountId()));
    }

    @Override
    public void recordUse(String roleId, Instant at, String region) {
        sql.updateAdvisory("UPDATE roles SET last_used_at = ?, last_used_region = ? WHERE role_id = ?", at.toEpochMilli(), region, roleId);
    }

    @Override
    public void delete(String roleId) {
        sql.changing(() -> sql.update("DELETE FROM roles WHERE role_id = ?", roleId), Change.of(Change.Kind.ROLE, roleId));
    }
}
