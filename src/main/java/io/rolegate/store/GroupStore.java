package io.rolegate.store;

import io.rolegate.model.Group;
import io.rolegate.model.User;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** IAM groups and their memberships. */
public interface GroupStore {
    Optional<Group> findByName(String accountId, String groupName);

    Optional<Group> findById(String groupId);

    /** Groups of the account whose path starts with pathPrefix, ordered by lower-cased name, after {@code afterNameLc}. */
    List<Group> list(String accountId, String pathPrefix, String afterNameLc, int limit);

    /** Inserts the new group; false, with nothing written, when a group of that name already exists. */
    boolean insertIfAbsent(Group group);

    void update(Group group);

    void delete(String groupId);

    /** Adds the membership unless it exists; true when it was added. */
    boolean addMember(String groupId, String userId, Instant at);

    /** True when a membership was removed. */
    boolean removeMember(String groupId, String userId);

    /** Members ordered by lower-cased user name, after {@code afterNameLc}. */
    List<User> members(String groupId, String afterNameLc, int limit);

    /** The groups a user belongs to, ordered by lower-cased group name. */
    List<Group> groupsOf(String userId);
}
