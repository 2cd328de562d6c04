package io.rolegate.iam;

import io.rolegate.model.Role;
import io.rolegate.model.Tag;
import io.rolegate.credentials.UniqueIdPrefix;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.store.ReferenceStore;
import io.rolegate.store.RoleStore;
import io.rolegate.store.TagStore;
import io.rolegate.store.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

/** IAM roles: create, read, list, update, delete, tag, boundaries. Every write is one transaction. */
@ApplicationScoped
public class RoleService {
    public static final int DEFAULT_MAX_SESSION_DURATION = 3600;

    @Inject
    RoleStore roles;
    @Inject
    TagStore tags;
    @Inject
    EntityTags entityTags;
    @Inject
    ReferenceStore refs;
    @Inject
    Transactions tx;
    @Inject
    Secrets secrets;
    @Inject
    Clock clock;
    @Inject
    TrustPolicies trust;
    @Inject
    UserDependents policies;
    @Inject
    RoleUsage usage;
    @Inject
    PrincipalBindings bindings;

    /**
     * @param maxSessionDuration null for the default (3600 s)
     */
    public Role create(String accountId, String name, String path, String trustPolicy, String description,
                       Integer maxSessionDuration, String boundaryArn, List<Tag> newTags) {
        Tags.requireUserDefined(newTags);
        Tags.requireWithinQuota(List.of(), newTags);
        trust.validate(trustPolicy, "assumeRolePolicyDocument");
        return tx.inTransaction(() -> {
            if (roles.findByName(accountId, name).isPresent()) {
                throw alreadyExists(name);
            }
            if (boundaryArn != null) {
                policies.requireAttachablePolicy(accountId, boundaryArn);
            }
            Role r = new Role(secrets.newUniqueId(UniqueIdPrefix.AROA, accountId), accountId, name,
                    path == null ? "/" : path, trustPolicy, description,
                    maxSessionDuration == null ? DEFAULT_MAX_SESSION_DURATION : maxSessionDuration, boundaryArn,
                    clock.instant(), null, null);
            if (!roles.insertIfAbsent(r)) {
                throw alreadyExists(name); // a concurrent create won the race
            }
            tags.put(r.roleId(), newTags);
            bindings.bind(r.roleId(), trustPolicy);
            return r;
        });
    }

    private static AwsException alreadyExists(String name) {
        return new AwsException(ErrorCode.EntityAlreadyExists, "Role with name " + name + " already exists.");
    }

    public static AwsException noSuchRole(String name) {
        return new AwsException(ErrorCode.NoSuchEntity, "The role with name " + name + " cannot be found.");
    }

    /** The role, with RoleLastUsed including uses not yet written to the store. */
    public Role get(String accountId, String name) {
        Role r = roles.findByName(accountId, name).orElseThrow(() -> noSuchRole(name));
        RoleUsage.Use use = usage.pending(r.roleId());
        if (use != null && (r.lastUsed() == null || use.at().isAfter(r.lastUsed()))) {
            r = new Role(r.roleId(), r.accountId(), r.roleName(), r.path(), r.trustPolicy(), r.description(),
                    r.maxSessionDuration(), r.boundaryArn(), r.created(), use.at(), use.region());
        }
        return r;
    }

    /** GetRole: the role as AWS shows it (trust policy principals that are gone appear as their unique ids). */
    public Role describe(String accountId, String name) {
        return bindings.resolve(get(accountId, name));
    }

    /** ListRoles, each role as AWS shows it. */
    public Page<Role> list(String accountId, String pathPrefix, String marker, int maxItems) {
        List<Role> rows = bindings.resolve(roles.list(accountId, pathPrefix, Markers.decode(marker), maxItems + 1));
        return Markers.page(rows, maxItems, r -> r.roleName().toLowerCase(Locale.ROOT));
    }

    /** UpdateRole: a null argument leaves that attribute unchanged. */
    public void update(String accountId, String name, String description, Integer maxSessionDuration) {
        tx.run(() -> {
            Role r = get(accountId, name);
            roles.update(with(r, r.trustPolicy(), description == null ? r.description() : description,
                    maxSessionDuration == null ? r.maxSessionDuration() : maxSessionDuration, r.boundaryArn()));
        });
    }

    public Role updateDescription(String accountId, String name, String description) {
        return tx.inTransaction(() -> {
            Role r = get(accountId, name);
            Role updated = with(r, r.trustPolicy(), description, r.maxSessionDuration(), r.boundaryArn());
            roles.update(updated);
            return updated;
        });
    }

    public void updateTrustPolicy(String accountId, String name, String document) {
        tx.run(() -> {
            Role r = get(accountId, name);
            trust.validate(document, "policyDocument");
            roles.update(with(r, document, r.description(), r.maxSessionDuration(), r.boundaryArn()));
            bindings.bind(r.roleId(), document);
        });
    }

    public void delete(String accountId, String name) {
        tx.run(() -> {
            Role r = get(accountId, name);
            DeleteConflicts.requireNoPolicies(refs, r.roleId());
            tags.removeAll(r.roleId());
            bindings.unbind(r.roleId());
            roles.delete(r.roleId());
        });
    }

    public List<Tag> tags(String accountId, String name) {
        return tags.list(get(accountId, name).roleId());
    }

    public void tag(String accountId, String name, List<Tag> added) {
        entityTags.add(() -> get(accountId, name).roleId(), added);
    }

    public void untag(String accountId, String name, List<String> keys) {
        entityTags.remove(() -> get(accountId, name).roleId(), keys);
    }

    /** Sets (or with null, removes) the permissions boundary. */
    public void putBoundary(String accountId, String name, String boundaryArn) {
        tx.run(() -> {
            Role r = get(accountId, name);
            if (boundaryArn != null) {
                policies.requireAttachablePolicy(accountId, boundaryArn);
            }
            roles.update(with(r, r.trustPolicy(), r.description(), r.maxSessionDuration(), boundaryArn));
        });
    }

    private static Role with(Role r, String trustPolicy, String description, int maxSessionDuration, String boundaryArn) {
        return new Role(r.roleId(), r.accountId(), r.roleName(), r.path(), trustPolicy, description, maxSessionDuration,
                boundaryArn, r.created(), r.lastUsed(), r.lastUsedRegion());
    }
}
