package io.rolegate.iam;

import io.rolegate.model.Tag;
import io.rolegate.model.User;
import io.rolegate.credentials.UniqueIdPrefix;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.store.AccessKeyStore;
import io.rolegate.store.TagStore;
import io.rolegate.store.Transactions;
import io.rolegate.store.UserStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

/** IAM users: create, read, list, rename, delete, tag. Every write is one transaction. */
@ApplicationScoped
public class UserService {
    @Inject
    UserStore users;
    @Inject
    AccessKeyStore keys;
    @Inject
    TagStore tags;
    @Inject
    EntityTags entityTags;
    @Inject
    Transactions tx;
    @Inject
    Secrets secrets;
    @Inject
    Clock clock;
    @Inject
    UserDependents dependents;

    public User create(String accountId, String name, String path, String boundaryArn, List<Tag> newTags, boolean admin) {
        Tags.requireUserDefined(newTags);
        Tags.requireWithinQuota(List.of(), newTags);
        return tx.inTransaction(() -> {
            if (users.findByName(accountId, name).isPresent()) {
                throw alreadyExists(name);
            }
            if (boundaryArn != null) {
                dependents.requireAttachablePolicy(accountId, boundaryArn);
            }
            User u = new User(secrets.newUniqueId(UniqueIdPrefix.AIDA, accountId), accountId, name, path == null ? "/" : path, admin,
                    boundaryArn, clock.instant());
            if (!users.insertIfAbsent(u)) {
                throw alreadyExists(name); // a concurrent create won the race
            }
            tags.put(u.userId(), newTags);
            return u;
        });
    }

    private static AwsException alreadyExists(String name) {
        return new AwsException(ErrorCode.EntityAlreadyExists, "User with name " + name + " already exists.");
    }

    public User get(String accountId, String name) {
        return users.findByName(accountId, name).orElseThrow(() -> noSuchUser(name));
    }

    public static AwsException noSuchUser(String name) {
        return new AwsException(ErrorCode.NoSuchEntity, "The user with name " + name + " cannot be found.");
    }

    public Page<User> list(String accountId, String pathPrefix, String marker, int maxItems) {
        List<User> rows = users.list(accountId, pathPrefix, Markers.decode(marker), maxItems + 1);
        return Markers.page(rows, maxItems, u -> u.userName().toLowerCase(Locale.ROOT));
    }

    public void update(String accountId, String name, String newName, String newPath) {
        tx.run(() -> {
            User u = get(accountId, name);
            if (newName != null && !newName.equalsIgnoreCase(name) && users.findByName(accountId, newName).isPresent()) {
                throw alreadyExists(newName);
            }
            users.update(new User(u.userId(), accountId, newName == null ? u.userName() : newName,
                    newPath == null ? u.path() : newPath, u.admin(), u.boundaryArn(), u.created()));
        });
    }

    public void delete(String accountId, String name) {
        tx.run(() -> {
            User u = get(accountId, name);
            if (u.admin()) {
                throw new AwsException(ErrorCode.DeleteConflict,
                        "Cannot delete entity, the account's bootstrap administrator cannot be deleted.");
            }
            if (!keys.listForUser(u.userId()).isEmpty()) {
                throw new AwsException(ErrorCode.DeleteConflict, "Cannot delete entity, must delete access keys first.");
            }
            dependents.requireNoneBeforeDelete(u);
            tags.removeAll(u.userId());
            users.delete(u.userId());
        });
    }

    public List<Tag> tags(String accountId, String name) {
        return tags.list(get(accountId, name).userId());
    }

    public void tag(String accountId, String name, List<Tag> added) {
        entityTags.add(() -> get(accountId, name).userId(), added);
    }

    public void untag(String accountId, String name, List<String> keys) {
        entityTags.remove(() -> get(accountId, name).userId(), keys);
    }

    public void putBoundary(String accountId, String name, String boundaryArn) {
        tx.run(() -> {
            User u = get(accountId, name);
            if (boundaryArn != null) {
                dependents.requireAttachablePolicy(accountId, boundaryArn);
            }
            users.update(new User(u.userId(), accountId, u.userName(), u.path(), u.admin(), boundaryArn, u.created()));
        });
    }
}
