package io.rolegate.store;

import io.rolegate.model.Tag;

import java.util.List;

/** Tags of any entity, keyed by the entity's unique id. */
public interface TagStore {
    List<Tag> list(String ownerId);

    /** Adds or overwrites (case-insensitive key) the given tags, keeping the original order of existing keys. */
    void put(String ownerId, List<Tag> tags);

    void remove(String ownerId, List<String> keys);

    void removeAll(String ownerId);
}
