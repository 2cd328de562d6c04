package io.rolegate.api.iam;

import io.rolegate.api.ActionFamily;
import io.rolegate.api.ActionTable;
import io.rolegate.api.ApiRequest;
import io.rolegate.api.MemberShapes;
import io.rolegate.api.Result;
import io.rolegate.api.Validation;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.iam.PolicyOwners;
import io.rolegate.iam.RoleService;
import io.rolegate.iam.UserService;
import io.rolegate.model.PolicyOwnerKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * IAM entities Rolegate has none of (instance profiles, console passwords, SSH keys, signing certificates,
 * service-specific credentials), answered as AWS answers for an account without them, after the same validation and
 * authorization: the calls deployment tools make around users and roles (Terraform's AWS provider lists a role's
 * instance profiles before DeleteRole, and a user's keys, certificates and login profile before DeleteUser with
 * force_destroy). The user or role must exist.
 */
@ApplicationScoped
public class AbsentEntityActions implements ActionFamily {
    @Inject
    PolicyOwners owners;
    @Inject
    UserService users;
    @Inject
    RoleService roles;

    @Override
    public void register(ActionTable t) {
        t.iam("ListInstanceProfilesForRole", this::roleArn, this::instanceProfilesForRole);
        t.iam("GetLoginProfile", this::userArn, r -> loginProfile(r));
        t.iam("DeleteLoginProfile", this::userArn, r -> loginProfile(r));
        t.iam("ListSSHPublicKeys", this::userArn, r -> emptyUserList(r, "SSHPublicKeys", true));
        t.iam("ListSigningCertificates", this::userArn, r -> emptyUserList(r, "Certificates", true));
        t.iam("ListServiceSpecificCredentials", this::userArn, r -> emptyUserList(r, "ServiceSpecificCredentials", false));
    }

    private String roleArn(ApiRequest r) {
        return owners.resourceArn(r.accountId(), PolicyOwnerKind.ROLE, r.param("RoleName"));
    }

    private String userArn(ApiRequest r) {
        return owners.resourceArn(r.accountId(), PolicyOwnerKind.USER, r.userNameOrCaller());
    }

    private Result instanceProfilesForRole(ApiRequest r) {
        Validation v = new Validation();
        v.string(r.param("RoleName"), "roleName", true, 1, 64, MemberShapes.NAME);
        MemberShapes.paging(r.params(), v);
        r.validated(v);
        roles.get(r.accountId(), r.param("RoleName"));
        return Result.of().list("InstanceProfiles", List.of()).put("IsTruncated", false);
    }

    /** No user has a console password here: GetLoginProfile and DeleteLoginProfile find none. */
    private Result loginProfile(ApiRequest r) {
        Validation v = new Validation();
        v.string(r.param("UserName"), "userName", false, 1, 64, MemberShapes.NAME);
        r.validated(v);
        String name = users.get(r.accountId(), r.userNameOrCaller()).userName();
        throw new AwsException(ErrorCode.NoSuchEntity, "Login Profile for User " + name + " cannot be found.");
    }

    private Result emptyUserList(ApiRequest r, String member, boolean paged) {
        Validation v = new Validation();
        v.string(r.param("UserName"), "userName", false, 1, 64, MemberShapes.NAME);
        if (paged) {
            MemberShapes.paging(r.params(), v);
        } else {
            v.string(r.param("ServiceName"), "serviceName", false, 0, 1000, null);
        }
        r.validated(v);
        users.get(r.accountId(), r.userNameOrCaller());
        Result out = Result.of().list(member, List.of());
        return paged ? out.put("IsTruncated", false) : out;
    }
}
