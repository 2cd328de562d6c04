package io.rolegate.api.iam;

import io.rolegate.api.ActionFamily;
import io.rolegate.api.ActionTable;
import io.rolegate.api.ApiRequest;
import io.rolegate.api.MemberShapes;
import io.rolegate.api.Result;
import io.rolegate.api.Validation;
import io.rolegate.iam.Page;
import io.rolegate.iam.PolicyOwners;
import io.rolegate.iam.RoleService;
import io.rolegate.model.Arns;
import io.rolegate.model.PolicyOwnerKind;
import io.rolegate.model.Role;
import io.rolegate.model.Tag;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * CreateRole, GetRole, ListRoles, UpdateRole, UpdateRoleDescription, UpdateAssumeRolePolicy, DeleteRole, TagRole,
 * UntagRole, ListRoleTags, Put/DeleteRolePermissionsBoundary (shapes: botocore's IAM model, docs/aws-behaviour.md §0).
 */
@ApplicationScoped
public class RoleActions implements ActionFamily {
    static final int MIN_SESSION = 3600;
    static final int MAX_SESSION = 43200;

    @Inject
    PolicyOwners owners;
    @Inject
    RoleService roles;

    @Override
    public void register(ActionTable t) {
        t.iam("CreateRole", r -> Arns.role(r.accountId(), pathOr(r.param("Path")), r.param("RoleName")), this::create);
        t.iam("GetRole", this::existingArn, this::get);
        t.iam("ListRoles", r -> Arns.role(r.accountId(), "/", "*"), this::list);
        t.iam("UpdateRole", this::existingArn, this::update);
        t.iam("UpdateRoleDescription", this::existingArn, this::updateDescription);
        t.iam("UpdateAssumeRolePolicy", this::existingArn, this::updateTrust);
        t.iam("DeleteRole", this::existingArn, this::delete);
        t.iam("TagRole", this::existingArn, this::tag);
        t.iam("UntagRole", this::existingArn, this::untag);
        t.iam("ListRoleTags", this::existingArn, this::listTags);
        t.iam("PutRolePermissionsBoundary", this::existingArn, this::putBoundary);
        t.iam("DeleteRolePermissionsBoundary", this::existingArn, this::deleteBoundary);
    }

    private static String pathOr(String path) {
        return path == null ? "/" : path;
    }

    /** The role's real ARN when it exists, else the name under "/" (AccessDenied comes before NoSuchEntity). */
    private String existingArn(ApiRequest r) {
        return owners.resourceArn(r.accountId(), PolicyOwnerKind.ROLE, r.param("RoleName"));
    }

    /** The Role shape. {@code full}: GetRole/CreateRole members (boundary, tags, last use) that ListRoles omits. */
    static Result role(Role x, List<Tag> tags, boolean full, boolean lastUsed) {
        Result r = Result.of().put("Path", x.path()).put("RoleName", x.roleName()).put("RoleId", x.roleId())
                .put("Arn", x.arn()).put("CreateDate", x.created())
                .put("AssumeRolePolicyDocument", PolicyText.encode(x.trustPolicy()))
                .put("Description", x.description()).put("MaxSessionDuration", x.maxSessionDuration());
        if (full && x.boundaryArn() != null) {
            r.put("PermissionsBoundary", Result.of().put("PermissionsBoundaryType", "PermissionsBoundaryPolicy")
                    .put("PermissionsBoundaryArn", x.boundaryArn()));
        }
        if (full && tags != null && !tags.isEmpty()) {
            r.list("Tags", MemberShapes.tagList(tags));
        }
        if (lastUsed) {
            r.put("RoleLastUsed", Result.of().put("LastUsedDate", x.lastUsed()).put("Region", x.lastUsedRegion()));
        }
        return r;
    }

    private static String roleName(ApiRequest r, Validation v) {
        String name = r.param("RoleName");
        v.string(name, "roleName", true, 1, 64, MemberShapes.NAME);
        return name;
    }

    private Result create(ApiRequest r) {
        Validation v = new Validation();
        v.string(r.param("Path"), "path", false, 1, 512, MemberShapes.PATH);
        String name = roleName(r, v);
        v.string(r.param("AssumeRolePolicyDocument"), "assumeRolePolicyDocument", true, 1, 131072, MemberShapes.POLICY_DOCUMENT);
        v.string(r.param("Description"), "description", false, 0, 1000, MemberShapes.DESCRIPTION);
        Integer maxSession = v.integer(r.param("MaxSessionDuration"), "maxSessionDuration", MIN_SESSION, MAX_SESSION);
        v.string(r.param("PermissionsBoundary"), "permissionsBoundary", false, 20, 2048, null);
        List<Tag> tags = MemberShapes.tags(r.params(), "Tags", "tags", v);
        PolicyShapes.policyArn(r.param("PermissionsBoundary"), v);
        r.validated(v, MemberShapes.withRequestTags(r, tags));
        Role role = roles.create(r.accountId(), name, pathOr(r.param("Path")), r.param("AssumeRolePolicyDocument"),
                r.param("Description"), maxSession, r.param("PermissionsBoundary"), tags);
        return Result.of().put("Role", role(role, tags, true, false));
    }

    private Result get(ApiRequest r) {
        Validation v = new Validation();
        String name = roleName(r, v);
        r.validated(v);
        Role role = roles.describe(r.accountId(), name);
        return Result.of().put("Role", role(role, roles.tags(r.accountId(), name), true, true));
    }

    private Result list(ApiRequest r) {
        Validation v = new Validation();
        v.string(r.param("PathPrefix"), "pathPrefix", false, 1, 512, MemberShapes.PATH_PREFIX);
        MemberShapes.Paging paging = MemberShapes.paging(r.params(), v);
        r.validated(v);
        Page<Role> page = roles.list(r.accountId(), r.param("PathPrefix"), paging.marker(), paging.maxItems());
        Result out = Result.of().list("Roles", page.items().stream().map(x -> role(x, null, false, false)).toList());
        return MemberShapes.paged(out, page);
    }

    private Result update(ApiRequest r) {
        Validation v = new Validation();
        String name = roleName(r, v);
        v.string(r.param("Description"), "description", false, 0, 1000, MemberShapes.DESCRIPTION);
        Integer maxSession = v.integer(r.param("MaxSessionDuration"), "maxSessionDuration", MIN_SESSION, MAX_SESSION);
        r.validated(v);
        roles.update(r.accountId(), name, r.param("Description"), maxSession);
        return Result.of(); // UpdateRoleResponse: an empty result element
    }

    private Result updateDescription(ApiRequest r) {
        Validation v = new Validation();
        String name = roleName(r, v);
        v.string(r.param("Description"), "description", true, 0, 1000, MemberShapes.DESCRIPTION);
        r.validated(v);
        Role role = roles.updateDescription(r.accountId(), name, r.param("Description"));
        return Result.of().put("Role", role(role, roles.tags(r.accountId(), name), true, true));
    }

    private Result updateTrust(ApiRequest r) {
        Validation v = new Validation();
        String name = roleName(r, v);
        v.string(r.param("PolicyDocument"), "policyDocument", true, 1, 131072, MemberShapes.POLICY_DOCUMENT);
        r.validated(v);
        roles.updateTrustPolicy(r.accountId(), name, r.param("PolicyDocument"));
        return null;
    }

    private Result delete(ApiRequest r) {
        Validation v = new Validation();
        String name = roleName(r, v);
        r.validated(v);
        roles.delete(r.accountId(), name);
        return null;
    }

    private Result tag(ApiRequest r) {
        Validation v = new Validation();
        String name = roleName(r, v);
        List<Tag> tags = MemberShapes.requiredTags(r.params(), v);
        r.validated(v, MemberShapes.withRequestTags(r, tags));
        roles.tag(r.accountId(), name, tags);
        return null;
    }

    private Result untag(ApiRequest r) {
        Validation v = new Validation();
        String name = roleName(r, v);
        List<String> keys = MemberShapes.requiredTagKeys(r.params(), v);
        r.validated(v, r.facts().withTagKeys(keys));
        roles.untag(r.accountId(), name, keys);
        return null;
    }

    private Result listTags(ApiRequest r) {
        Validation v = new Validation();
        String name = roleName(r, v);
        MemberShapes.Paging paging = MemberShapes.paging(r.params(), v);
        r.validated(v);
        return MemberShapes.tagPage(roles.tags(r.accountId(), name), paging);
    }

    private Result putBoundary(ApiRequest r) {
        Validation v = new Validation();
        String name = roleName(r, v);
        v.string(r.param("PermissionsBoundary"), "permissionsBoundary", true, 20, 2048, null);
        PolicyShapes.policyArn(r.param("PermissionsBoundary"), v);
        r.validated(v);
        roles.putBoundary(r.accountId(), name, r.param("PermissionsBoundary"));
        return null;
    }

    private Result deleteBoundary(ApiRequest r) {
        Validation v = new Validation();
        String name = roleName(r, v);
        r.validated(v);
        roles.putBoundary(r.accountId(), name, null);
        return null;
    }
}
