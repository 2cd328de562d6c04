package io.rolegate.store;

import io.rolegate.model.Project;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Single-statement writes outside a transaction: durable when they return, and they leave the store version (and so
 * the gateway's IAM caches) alone, as a separate service's database would.
 */
@ApplicationScoped
public class JdbcProjectStore implements ProjectStore {
    private static final String COLUMNS = "account_id, name, resource_policy, created_at";

    @Inject
    Sql sql;

    private static Project map(ResultSet rs) throws SQLException {
        return new Project(rs.getString("account_id"), rs.getString("name"), rs.getString("resource_policy"),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    @Override
    public boolean insertIfAbsent(Project p) {
        return sql.changing(() -> sql.insertIfAbsent("INSERT INTO projects (" + COLUMNS + ") VALUES (?, ?, ?, ?)",
                p.accountId(), p.name(), p.resourcePolicy(), p.created().toEpochMilli()), project(p.accountId(), p.name()));
    }

    @Override
    public Optional<Project> find(String accountId, String name) {
        return sql.one("SELECT " + COLUMNS + " FROM projects WHERE account_id = ? AND name = ?", JdbcProjectStore::map,
                accountId, name);
    }

    @Override
    public List<Project> list(String accountId) {
        return sql.list("SELECT " + COLUMNS + " FROM projects WHERE account_id = ? ORDER BY name", JdbcProjectStore::map,
                accountId);
    }

    @Override
    public boolean updatePolicy(String accountId, String name, String resourcePolicy) {
        return sql.changing(() -> sql.update("UPDATE projects SET resource_policy = ? WHERE account_id = ? AND name = ?",
                resourcePolicy, accountId, name) == 1, project(accountId, name));
    }

    @Override
    public boolean delete(String accountId, String name) {
        return sql.changing(() -> sql.update("DELETE FROM projects WHERE account_id = ? AND name = ?", accountId,
                name) == 1, project(accountId, name));
    }

    private static Change project(String accountId, String name) {
        return Change.of(Change.Kind.PROJECT, accountId + "/" + name, accountId);
    }
}
