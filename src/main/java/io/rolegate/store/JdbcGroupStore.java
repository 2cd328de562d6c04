package io.rolegate.store;

import io.rolegate.model.Group;
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
public class JdbcGroupStore implements GroupStore {
    @Inject
    Sql sql;

    static Group map(ResultSet rs) throws SQLException {
        return new Group(rs.getString("group_id"), rs.getString("account_id"), rs.getString("group_name"),
                rs.getString("path"), Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    @Override
    public Optional<Group> findByName(String accountId, String groupName) {
        return sql.one("SELECT * FROM iam_groups WHERE account_id = ? AND name_lc = ?", JdbcGroupStore::map, accountId,
                groupName.toLowerCase(Locale.ROOT));
    }

    @Override
    public Optional<Group> findById(String groupId) {
        return sql.one("SELECT * FROM iam_groups WHERE group_id = ?", JdbcGroupStore::map, groupId);
    }

    @Override
    public List<Group> list(String accountId, String pathPrefix, String afterNameLc, int limit) {
        return sql.list("SELECT * FROM iam_groups WHERE account_id = ? AND path LIKE ? AND name_lc > ? ORDER BY name_lc "
                        + "FETCH FIRST " + limit + " ROWS ONLY", JdbcGroupStore::map, accountId,
                LikePatterns.prefix(pathPrefix), afterNameLc == null ? "" : afterNameLc);
    }

    @Override
    public boolean insertIfAbsent(Group g) {
        return sql.changing(() -> sql.insertIfAbsent("INSERT INTO iam_groups (group_id, account_id, group_name, name_lc, path, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                g.groupId(), g.accountId(), g.groupName(), g.groupName().toLowerCase(Locale.ROOT), g.path(),
                g.created().toEpochMilli()), Change.of(Change.Kind.GROUP, g.groupId(), g.accountId()));
    }

    @Override
    public void update(Group g) {
        sql.changing(() -> sql.update("UPDATE iam_groups SET group_name = ?, name_lc = ?, path = ? WHERE group_id = ?",
                g.groupName(), g.groupName().toLowerCase(Locale.ROOT), g.path(), g.groupId()),
                Change.of(Change.Kind.GROUP, g.groupId(), g.accountId()));
    }

    @Override
    public void delete(String groupId) {
        sql.changing(() -> sql.update("DELETE FROM iam_groups WHERE group_id = ?", groupId),
                Change.of(Change.Kind.GROUP, groupId));
    }

    @Override
    public boolean addMember(String groupId, String userId, Instant at) {
        return sql.changing(() -> {
            if (sql.count("SELECT COUNT(*) FROM group_members WHERE group_id = ? AND user_id = ?", groupId, userId) > 0) {
                return false;
            }
            sql.update("INSERT INTO group_members (group_id, user_id, added_at) VALUES (?, ?, ?)", groupId, userId,
                    at.toEpochMilli());
            return true;
        }, membership(userId));
    }

    @Override
    public boolean removeMember(String groupId, String userId) {
        return sql.changing(() -> sql.update("DELETE FROM group_members WHERE group_id = ? AND user_id = ?", groupId,
                userId) > 0, membership(userId));
    }

    /** A membership change changes the user's effective policies: the user's key is what its cached values carry. */
    private static Change membership(String userId) {
        return Change.of(Change.Kind.MEMBERSHIP, userId);
    }

    @Override
    public List<User> members(String groupId, String afterNameLc, int limit) {
        return sql.list("SELECT u.* FROM users u JOIN group_members m ON m.user_id = u.user_id WHERE m.group_id = ? "
                        + "AND u.name_lc > ? ORDER BY u.name_lc FETCH FIRST " + limit + " ROWS ONLY", JdbcUserStore::map,
                groupId, afterNameLc == null ? "" : afterNameLc);
    }

    @Override
    public List<Group> groupsOf(String userId) {
        return sql.list("SELECT g.* FROM iam_groups g JOIN group_members m ON m.group_id = g.group_id WHERE m.user_id = ? "
                + "ORDER BY g.name_lc", JdbcGroupStore::map, userId);
    }
}
