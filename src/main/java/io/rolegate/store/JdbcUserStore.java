package io.rolegate.store;

import io.rolegate.model.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

@ApplicationScoped
public class JdbcUserStore implements UserStore {
    @Inject
    Sql sql;

    static User map(ResultSet rs) throws SQLException {
        return new User(rs.getString("user_id"), rs.getString("account_id"), rs.getString("user_name"),
                rs.getString("path"), rs.getBoolean("is_admin"), rs.getString("boundary_arn"),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    @Override
    public Optional<User> findByName(String accountId, String userName) {
        return sql.one("SELECT * FROM users WHERE account_id = ? AND name_lc = ?", JdbcUserStore::map, accountId,
                userName.toLowerCase(Locale.ROOT));
    }

    @Override
    public Optional<User> findById(String userId) {
        return sql.one("SELECT * FROM users WHERE user_id = ?", JdbcUserStore::map, userId);
    }

    @Override
    public List<User> list(String accountId, String pathPrefix, String afterNameLc, int limit) {
        return sql.list("SELECT * FROM users WHERE account_id = ? AND path LIKE ? AND name_lc > ? ORDER BY name_lc "
                        + "FETCH FIRST " + limit + " ROWS ONLY", JdbcUserStore::map, accountId,
                LikePatterns.prefix(pathPrefix), afterNameLc == null ? "" : afterNameLc);
    }

    @Override
    public boolean insertIfAbsent(User u) {
        return sql.changing(() -> sql.insertIfAbsent("INSERT INTO users (user_id, account_id, user_name, name_lc, path, is_admin, boundary_arn, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", u.userId(), u.accountId(), u.userName(),
                u.userName().toLowerCase(Locale.ROOT), u.path(), u.admin(), u.boundaryArn(), u.created().toEpochMilli()),
                Change.of(Change.Kind.USER, u.userId(), u.accountId()));
    }

    @Override
    public void update(User u) {
        sql.changing(() -> sql.update("UPDATE users SET user_name = ?, name_lc = ?, path = ?, is_admin = ?, boundary_arn = ?"
                        + " WHERE user_id = ?", u.userName(), u.userName().toLowerCase(Locale.ROOT), u.path(), u.admin(),
                u.boundaryArn(), u.userId()), Change.of(Change.Kind.USER, u.userId(), u.accountId()));
    }

    @Override
    public void delete(String userId) {
        sql.changing(() -> sql.update("DELETE FROM users WHERE user_id = ?", userId), Change.of(Change.Kind.USER, userId));
    }
}
