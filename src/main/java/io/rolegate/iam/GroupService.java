package io.rolegate.iam;

import io.rolegate.model.Group;
import io.rolegate.model.User;
import io.rolegate.credentials.UniqueIdPrefix;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.store.EntityLocks;
import io.rolegate.store.GroupStore;
import io.rolegate.store.ReferenceStore;
import io.rolegate.store.Transactions;
import io.rolegate.store.UserStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

/** IAM groups and their members. Every write is one transaction. */
@ApplicationScoped
public class GroupService {
    /** Groups one user may belong to (IAM quota, not adjustable). */
    public static final int GROUPS_PER_USER = 10;

    @Inject
    GroupStore groups;
    @Inject
    UserStore users;
    @Inject
    ReferenceStore refs;
    @Inject
    Transactions tx;
    @Inject
    EntityLocks locks;
    @Inject
    Secrets secrets;
    @Inject
    Clock clock;

    /** A group with one page of its members (GetGroup). */
    public record GroupWithMembers(Group group, Page<User> members) {
    }

    public static AwsException noSuchGroup(String name) {
        return new AwsException(ErrorCode.NoSuchEntity, "The group with name " + name + " cannot be found.");
    }

    private static AwsException alreadyExists(String name) {
        return new AwsException(ErrorCode.EntityAlreadyExists, "Group with name " + name + " already exists.");
    }

    public Group create(String accountId, String name, String path) {
        return tx.inTransaction(() -> {
            if (groups.findByName(accountId, name).isPresent()) {
                throw alreadyExists(name);
            }
            Group g = new Group(secrets.newUniqueId(UniqueIdPrefix.AGPA, accountId), accountId, name,
                    path == null ? "/" : path, clock.instant());
            if (!groups.insertIfAbsent(g)) {
                throw alreadyExists(name); // a concurrent create won the race
            }
            return g;
        });
    }

    public Group get(String accountId, String name) {
        return groups.findByName(accountId, name).orElseThrow(() -> noSuchGroup(name));
    }

    public GroupWithMembers getWithMembers(String accountId, String name, String marker, int maxItems) {
        Group g = get(accountId, name);
        List<User> rows = groups.members(g.groupId(), Markers.decode(marker), maxItems + 1);
        return new GroupWithMembers(g, Markers.page(rows, maxItems, u -> u.userName().toLowerCase(Locale.ROOT)));
    }

    public Page<Group> list(String accountId, String pathPrefix, String marker, int maxItems) {
        List<Group> rows = groups.list(accountId, pathPrefix, Markers.decode(marker), maxItems + 1);
        return Markers.page(rows, maxItems, g -> g.groupName().toLowerCase(Locale.ROOT));
    }

    public void update(String accountId, String name, String newName, String newPath) {
        tx.run(() -> {
            Group g = get(accountId, name);
            if (newName != null && !newName.equalsIgnoreCase(g.groupName()) && groups.findByName(accountId, newName).isPresent()) {
                throw alreadyExists(newName);
            }
            groups.update(new Group(g.groupId(), accountId, newName == null ? g.groupName() : newName,
                    newPath == null ? g.path() : newPath, g.created()));
        });
    }

    public void delete(String accountId, String name) {
        tx.run(() -> {
            Group g = get(accountId, name);
            if (refs.groupMembers(g.groupId()) > 0) {
                throw new AwsException(ErrorCode.DeleteConflict, "Cannot delete entity, must remove users from group first.");
            }
            DeleteConflicts.requireNoPolicies(refs, g.groupId());
            groups.delete(g.groupId());
        });
    }

    /** Idempotent, as in AWS: adding a member twice is not an error. */
    public void addUser(String accountId, String groupName, String userName) {
        tx.run(() -> {
            Group g = get(accountId, groupName);
            User u = users.findByName(accountId, userName).orElseThrow(() -> UserService.noSuchUser(userName));
            locks.lockUser(u.userId());
            List<Group> current = groups.groupsOf(u.userId());
            if (current.stream().anyMatch(x -> x.groupId().equals(g.groupId()))) {
                return;
            }
            if (current.size() >= GROUPS_PER_USER) {
                throw new AwsException(ErrorCode.LimitExceeded, "Cannot exceed quota for GroupsPerUser: " + GROUPS_PER_USER);
            }
            groups.addMember(g.groupId(), u.userId(), clock.instant());
        });
    }

    public void removeUser(String accountId, String groupName, String userName) {
        tx.run(() -> {
            Group g = get(accountId, groupName);
            User u = users.findByName(accountId, userName).orElseThrow(() -> UserService.noSuchUser(userName));
            if (!groups.removeMember(g.groupId(), u.userId())) {
                // (unverified) AWS's text for a user that is not a member; the user name is what it reports
                throw UserService.noSuchUser(userName);
            }
        });
    }

    public Page<Group> groupsForUser(String accountId, String userName, String marker, int maxItems) {
        User u = users.findByName(accountId, userName).orElseThrow(() -> UserService.noSuchUser(userName));
        return Page.byPosition(groups.groupsOf(u.userId()), marker, maxItems);
    }
}
