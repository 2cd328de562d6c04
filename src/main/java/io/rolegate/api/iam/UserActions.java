package io.rolegate.api.iam;

import io.rolegate.api.ActionFamily;
import io.rolegate.api.ActionTable;
import io.rolegate.api.ApiRequest;
import io.rolegate.api.MemberShapes;
import io.rolegate.api.Result;
import io.rolegate.api.Validation;
import io.rolegate.iam.Page;
import io.rolegate.iam.PolicyOwners;
import io.rolegate.iam.UserService;
import io.rolegate.model.Arns;
import io.rolegate.model.PolicyOwnerKind;
import io.rolegate.model.Tag;
import io.rolegate.model.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/** CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser, TagUser, UntagUser, ListUserTags, user boundaries. */
@ApplicationScoped
public class UserActions implements ActionFamily {
    @Inject
    PolicyOwners owners;
    @Inject
    UserService users;

    @Override
    public void register(ActionTable t) {
        t.iam("CreateUser", r -> Arns.user(r.accountId(), pathOr(r.param("Path")), r.param("UserName")), this::create);
        t.iam("GetUser", r -> existingArn(r, r.userNameOrCaller()), this::get);
        t.iam("ListUsers", r -> Arns.user(r.accountId(), "/", "*"), this::list);
        t.iam("UpdateUser", r -> existingArn(r, r.param("UserName")), this::update);
        t.iam("DeleteUser", r -> existingArn(r, r.param("UserName")), this::delete);
        t.iam("TagUser", r -> existingArn(r, r.param("UserName")), this::tag);
        t.iam("UntagUser", r -> existingArn(r, r.param("UserName")), this::untag);
        t.iam("ListUserTags", r -> existingArn(r, r.param("UserName")), this::listTags);
        t.iam("PutUserPermissionsBoundary", r -> existingArn(r, r.param("UserName")), this::putBoundary);
        t.iam("DeleteUserPermissionsBoundary", r -> existingArn(r, r.param("UserName")), this::deleteBoundary);
    }

    private static String pathOr(String path) {
        return path == null ? "/" : path;
    }

    /**
     * The ARN to authorize against: the user's real ARN (with its path) when it exists; otherwise the name under "/",
     * so a caller without rights is told AccessDenied before learning whether the user exists.
     */
    String existingArn(ApiRequest r, String name) {
        return owners.resourceArn(r.accountId(), PolicyOwnerKind.USER, name);
    }


    static Result user(User u, List<Tag> tags) {
        Result r = Result.of().put("Path", u.path()).put("UserName", u.userName()).put("UserId", u.userId())
                .put("Arn", u.arn()).put("CreateDate", u.created());
        if (u.boundaryArn() != null) {
            r.put("PermissionsBoundary", Result.of().put("PermissionsBoundaryType", "PermissionsBoundaryPolicy")
                    .put("PermissionsBoundaryArn", u.boundaryArn()));
        }
        if (tags != null && !tags.isEmpty()) {
            r.list("Tags", MemberShapes.tagList(tags));
        }
        return r;
    }

    private static String userName(ApiRequest r, Validation v) {
        String name = r.param("UserName");
        v.string(name, "userName", true, 1, 64, MemberShapes.NAME);
        return name;
    }

    private Result create(ApiRequest r) {
        Validation v = new Validation();
        String name = userName(r, v);
        v.string(r.param("Path"), "path", false, 1, 512, MemberShapes.PATH);
        v.string(r.param("PermissionsBoundary"), "permissionsBoundary", false, 20, 2048, null);
        List<Tag> tags = MemberShapes.tags(r.params(), "Tags", "tags", v);
        PolicyShapes.policyArn(r.param("PermissionsBoundary"), v);
        r.validated(v, MemberShapes.withRequestTags(r, tags));
        User u = users.create(r.accountId(), name, pathOr(r.param("Path")), r.param("PermissionsBoundary"), tags, false);
        return Result.of().put("User", user(u, tags));
    }

    private Result get(ApiRequest r) {
        Validation v = new Validation();
        v.string(r.param("UserName"), "userName", false, 1, 128, MemberShapes.NAME);
        r.validated(v);
        User u = users.get(r.accountId(), r.userNameOrCaller());
        return Result.of().put("User", user(u, users.tags(r.accountId(), u.userName())));
    }

    private Result list(ApiRequest r) {
        Validation v = new Validation();
        v.string(r.param("PathPrefix"), "pathPrefix", false, 1, 512, MemberShapes.PATH_PREFIX);
        MemberShapes.Paging paging = MemberShapes.paging(r.params(), v);
        r.validated(v);
        Page<User> page = users.list(r.accountId(), r.param("PathPrefix"), paging.marker(), paging.maxItems());
        Result out = Result.of().list("Users", page.items().stream().map(u -> user(u, null)).toList());
        return MemberShapes.paged(out, page);
    }

    private Result update(ApiRequest r) {
        Validation v = new Validation();
        String name = userName(r, v);
        v.string(r.param("NewUserName"), "newUserName", false, 1, 64, MemberShapes.NAME);
        v.string(r.param("NewPath"), "newPath", false, 1, 512, MemberShapes.PATH);
        r.validated(v);
        users.update(r.accountId(), name, r.param("NewUserName"), r.param("NewPath"));
        return null;
    }

    private Result delete(ApiRequest r) {
        Validation v = new Validation();
        String name = userName(r, v);
        r.validated(v);
        users.delete(r.accountId(), name);
        return null;
    }

    private Result tag(ApiRequest r) {
        Validation v = new Validation();
        String name = userName(r, v);
        List<Tag> tags = MemberShapes.requiredTags(r.params(), v);
        r.validated(v, MemberShapes.withRequestTags(r, tags));
        users.tag(r.accountId(), name, tags);
        return null;
    }

    private Result untag(ApiRequest r) {
        Validation v = new Validation();
        String name = userName(r, v);
        List<String> keys = MemberShapes.requiredTagKeys(r.params(), v);
        r.validated(v, r.facts().withTagKeys(keys));
        users.untag(r.accountId(), name, keys);
        return null;
    }

    private Result listTags(ApiRequest r) {
        Validation v = new Validation();
        String name = userName(r, v);
        MemberShapes.Paging paging = MemberShapes.paging(r.params(), v);
        r.validated(v);
        return MemberShapes.tagPage(users.tags(r.accountId(), name), paging);
    }

    private Result putBoundary(ApiRequest r) {
        Validation v = new Validation();
        String name = userName(r, v);
        v.string(r.param("PermissionsBoundary"), "permissionsBoundary", true, 20, 2048, null);
        PolicyShapes.policyArn(r.param("PermissionsBoundary"), v);
        r.validated(v);
        users.putBoundary(r.accountId(), name, r.param("PermissionsBoundary"));
        return null;
    }

    private Result deleteBoundary(ApiRequest r) {
        Validation v = new Validation();
        String name = userName(r, v);
        r.validated(v);
        users.putBoundary(r.accountId(), name, null);
        return null;
    }
}
