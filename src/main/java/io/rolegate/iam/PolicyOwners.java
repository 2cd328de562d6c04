package io.rolegate.iam;

import io.rolegate.model.PolicyOwnerKind;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.store.GroupStore;
import io.rolegate.store.RoleStore;
import io.rolegate.store.UserStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Finds the user, group or role a policy call names, with AWS's NoSuchEntity message when it does not exist. */
@ApplicationScoped
public class PolicyOwners {
    @Inject
    UserStore users;
    @Inject
    GroupStore groups;
    @Inject
    RoleStore roles;

    public PolicyOwner find(String accountId, PolicyOwnerKind kind, String name) {
        return switch (kind) {
            case USER -> users.findByName(accountId, name).map(u -> new PolicyOwner(kind, u.userId(), u.userName(), u.arn()))
                    .orElseThrow(() -> UserService.noSuchUser(name));
            case GROUP -> groups.findByName(accountId, name)
                    .map(g -> new PolicyOwner(kind, g.groupId(), g.groupName(), g.arn()))
                    .orElseThrow(() -> GroupService.noSuchGroup(name));
            case ROLE -> roles.findByName(accountId, name).map(r -> new PolicyOwner(kind, r.roleId(), r.roleName(), r.arn()))
                    .orElseThrow(() -> noSuchRole(name));
        };
    }

    public static AwsException noSuchRole(String name) {
        return new AwsException(ErrorCode.NoSuchEntity, "The role with name " + name + " cannot be found.");
    }
}
