package io.rolegate.iam;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.model.Arns;
import io.rolegate.model.PolicyOwnerKind;
import io.rolegate.store.GroupStore;
import io.rolegate.store.RoleStore;
import io.rolegate.store.UserStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * Finds the user, group or role a policy call names, with AWS's NoSuchEntity message when it does not exist, and the
 * resource ARN an action on it is authorized against.
 */
@ApplicationScoped
public class PolicyOwners {
    @Inject
    UserStore users;
    @Inject
    GroupStore groups;
    @Inject
    RoleStore roles;

    public PolicyOwner find(String accountId, PolicyOwnerKind kind, String name) {
        return lookup(accountId, kind, name).orElseThrow(() -> noSuch(kind, name));
    }

    /** AWS's NoSuchEntity for a user, group or role name. */
    public static AwsException noSuch(PolicyOwnerKind kind, String name) {
        return switch (kind) {
            case USER -> UserService.noSuchUser(name);
            case GROUP -> GroupService.noSuchGroup(name);
            case ROLE -> noSuchRole(name);
        };
    }

    /** The named user, group or role, if it exists. */
    public Optional<PolicyOwner> lookup(String accountId, PolicyOwnerKind kind, String name) {
        if (name == null) {
            return Optional.empty();
        }
        return switch (kind) {
            case USER -> users.findByName(accountId, name).map(u -> new PolicyOwner(kind, u.userId(), u.userName(), u.arn()));
            case GROUP -> groups.findByName(accountId, name).map(g -> new PolicyOwner(kind, g.groupId(), g.groupName(), g.arn()));
            case ROLE -> roles.findByName(accountId, name).map(r -> new PolicyOwner(kind, r.roleId(), r.roleName(), r.arn()));
        };
    }

    /**
     * The ARN an action on the named entity is authorized against: its real ARN when it exists, else the name under
     * "/" (an absent name as ""), so a caller without rights is told AccessDenied before learning whether it exists.
     */
    public String resourceArn(String accountId, PolicyOwnerKind kind, String name) {
        return lookup(accountId, kind, name).map(PolicyOwner::arn)
                .orElseGet(() -> placeholderArn(accountId, kind, name == null ? "" : name));
    }

    static String placeholderArn(String accountId, PolicyOwnerKind kind, String name) {
        return switch (kind) {
            case USER -> Arns.user(accountId, "/", name);
            case GROUP -> Arns.group(accountId, "/", name);
            case ROLE -> Arns.role(accountId, "/", name);
        };
    }

    public static AwsException noSuchRole(String name) {
        return new AwsException(ErrorCode.NoSuchEntity, "The role with name " + name + " cannot be found.");
    }
}
