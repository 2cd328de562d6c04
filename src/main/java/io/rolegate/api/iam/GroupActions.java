package io.rolegate.api.iam;

import io.rolegate.api.ActionFamily;
import io.rolegate.api.ActionTable;
import io.rolegate.api.ApiRequest;
import io.rolegate.api.MemberShapes;
import io.rolegate.api.Result;
import io.rolegate.api.Validation;
import io.rolegate.iam.GroupService;
import io.rolegate.iam.Page;
import io.rolegate.iam.PolicyOwners;
import io.rolegate.iam.UserService;
import io.rolegate.model.Arns;
import io.rolegate.model.Group;
import io.rolegate.model.PolicyOwnerKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** CreateGroup, GetGroup, ListGroups, UpdateGroup, DeleteGroup, AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser. */
@ApplicationScoped
public class GroupActions implements ActionFamily {
    @Inject
    PolicyOwners owners;
    @Inject
    GroupService groups;
    @Inject
    UserService users;

    @Override
    public void register(ActionTable t) {
        t.iam("CreateGroup", r -> Arns.group(r.accountId(), r.param("Path") == null ? "/" : r.param("Path"),
                r.param("GroupName")), this::create);
        t.iam("GetGroup", this::groupArn, this::get);
        t.iam("ListGroups", r -> Arns.group(r.accountId(), "/", "*"), this::list);
        t.iam("UpdateGroup", this::groupArn, this::update);
        t.iam("DeleteGroup", this::groupArn, this::delete);
        t.iam("AddUserToGroup", this::groupArn, this::addUser);
        t.iam("RemoveUserFromGroup", this::groupArn, this::removeUser);
        t.iam("ListGroupsForUser", this::userArn, this::groupsForUser);
    }

    /** The group's real ARN when it exists, else the name under "/" (AccessDenied before existence is revealed). */
    private String groupArn(ApiRequest r) {
        return owners.resourceArn(r.accountId(), PolicyOwnerKind.GROUP, r.param("GroupName"));
    }

    private String userArn(ApiRequest r) {
        return owners.resourceArn(r.accountId(), PolicyOwnerKind.USER, r.param("UserName"));
    }

    static Result group(Group g) {
        return Result.of().put("Path", g.path()).put("GroupName", g.groupName()).put("GroupId", g.groupId())
                .put("Arn", g.arn()).put("CreateDate", g.created());
    }

    private static String groupName(ApiRequest r, Validation v) {
        String name = r.param("GroupName");
        v.string(name, "groupName", true, 1, 128, MemberShapes.NAME);
        return name;
    }

    private static String userName(ApiRequest r, Validation v) {
        String name = r.param("UserName");
        v.string(name, "userName", true, 1, 128, MemberShapes.NAME);
        return name;
    }

    private Result create(ApiRequest r) {
        Validation v = new Validation();
        String name = groupName(r, v);
        v.string(r.param("Path"), "path", false, 1, 512, MemberShapes.PATH);
        r.validated(v);
        return Result.of().put("Group", group(groups.create(r.accountId(), name, r.param("Path"))));
    }

    private Result get(ApiRequest r) {
        Validation v = new Validation();
        String name = groupName(r, v);
        MemberShapes.Paging paging = MemberShapes.paging(r.params(), v);
        r.validated(v);
        GroupService.GroupWithMembers g = groups.getWithMembers(r.accountId(), name, paging.marker(), paging.maxItems());
        Result out = Result.of().put("Group", group(g.group()))
                .list("Users", g.members().items().stream().map(u -> UserActions.user(u, null)).toList());
        return MemberShapes.paged(out, g.members());
    }

    private Result list(ApiRequest r) {
        Validation v = new Validation();
        v.string(r.param("PathPrefix"), "pathPrefix", false, 1, 512, MemberShapes.PATH_PREFIX);
        MemberShapes.Paging paging = MemberShapes.paging(r.params(), v);
        r.validated(v);
        Page<Group> page = groups.list(r.accountId(), r.param("PathPrefix"), paging.marker(), paging.maxItems());
        return MemberShapes.paged(Result.of().list("Groups", page.items().stream().map(GroupActions::group).toList()), page);
    }

    private Result update(ApiRequest r) {
        Validation v = new Validation();
        String name = groupName(r, v);
        v.string(r.param("NewPath"), "newPath", false, 1, 512, MemberShapes.PATH);
        v.string(r.param("NewGroupName"), "newGroupName", false, 1, 128, MemberShapes.NAME);
        r.validated(v);
        groups.update(r.accountId(), name, r.param("NewGroupName"), r.param("NewPath"));
        return null;
    }

    private Result delete(ApiRequest r) {
        Validation v = new Validation();
        String name = groupName(r, v);
        r.validated(v);
        groups.delete(r.accountId(), name);
        return null;
    }

    private Result addUser(ApiRequest r) {
        Validation v = new Validation();
        String group = groupName(r, v);
        String user = userName(r, v);
        r.validated(v);
        groups.addUser(r.accountId(), group, user);
        return null;
    }

    private Result removeUser(ApiRequest r) {
        Validation v = new Validation();
        String group = groupName(r, v);
        String user = userName(r, v);
        r.validated(v);
        groups.removeUser(r.accountId(), group, user);
        return null;
    }

    private Result groupsForUser(ApiRequest r) {
        Validation v = new Validation();
        String user = userName(r, v);
        MemberShapes.Paging paging = MemberShapes.paging(r.params(), v);
        r.validated(v);
        Page<Group> page = groups.groupsForUser(r.accountId(), user, paging.marker(), paging.maxItems());
        return MemberShapes.paged(Result.of().list("Groups", page.items().stream().map(GroupActions::group).toList()), page);
    }
}
