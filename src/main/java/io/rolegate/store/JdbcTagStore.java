package io.rolegate.store;

import io.rolegate.model.Tag;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Locale;

@ApplicationScoped
public class JdbcTagStore implements TagStore {
    @Inject
    Sql sql;

    @Override
    public List<Tag> list(String ownerId) {
        return sql.list("SELECT tag_key, tag_value FROM tags WHERE owner_id = ? ORDER BY position",
                rs -> new Tag(rs.getString(1), rs.getString(2)), ownerId);
    }

    @Override
    public void put(String ownerId, List<Tag> tags) {
        sql.changing(() -> {
            long next = sql.count("SELECT COALESCE(MAX(position), 0) FROM tags WHERE owner_id = ?", ownerId);
            for (Tag t : tags) {
                String lc = t.key().toLowerCase(Locale.ROOT);
                int updated = sql.update("UPDATE tags SET tag_key = ?, tag_value = ? WHERE owner_id = ? AND tag_key_lc = ?",
                        t.key(), t.value(), ownerId, lc);
                if (updated == 0) {
                    sql.update("INSERT INTO tags (owner_id, tag_key_lc, tag_key, tag_value, position) VALUES (?, ?, ?, ?, ?)",
                            ownerId, lc, t.key(), t.value(), (int) ++next);
                }
            }
        }, Change.of(Change.Kind.TAGS, ownerId));
    }

    @Override
    public void remove(String ownerId, List<String> keys) {
        sql.changing(() -> {
            for (String k : keys) {
                sql.update("DELETE FROM tags WHERE owner_id = ? AND tag_key_lc = ?", ownerId, k.toLowerCase(Locale.ROOT));
            }
        }, Change.of(Change.Kind.TAGS, ownerId));
    }

    @Override
    public void removeAll(String ownerId) {
        sql.changing(() -> sql.update("DELETE FROM tags WHERE owner_id = ?", ownerId), Change.of(Change.Kind.TAGS, ownerId));
    }
}
