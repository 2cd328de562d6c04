package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.GetGroupResponse;
import software.amazon.awssdk.services.iam.model.Group;
import software.amazon.awssdk.services.iam.model.ListGroupsResponse;
import software.amazon.awssdk.services.iam.model.User;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import static io.rolegate.it.IamAssert.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class GroupsTest {
    @TestHTTPResource("/")
    URL base;

    IamClient iam() {
        return Aws.iam(base, Aws.ALPHA_ADMIN);
    }

    @Test
    void createGetRenameDelete() {
        IamClient iam = iam();
        Group g = iam.createGroup(b -> b.groupName("grp-Dev").path("/eng/")).group();
        assertEquals("arn:aws:iam::111111111111:group/eng/grp-Dev", g.arn());
        assertTrue(g.groupId().startsWith("AGPA") && g.groupId().length() == 21, g.groupId());
        assertEquals("/eng/", g.path());
        assertTrue(g.createDate() != null);

        fails(409, "EntityAlreadyExists", "Group with name GRP-dev already exists.",
                () -> iam.createGroup(b -> b.groupName("GRP-dev")));

        GetGroupResponse got = iam.getGroup(b -> b.groupName("grp-dev")); // names are case-insensitive
        assertEquals("grp-Dev", got.group().groupName());
        assertEquals(g.groupId(), got.group().groupId());
        assertTrue(got.users().isEmpty());
        assertFalse(got.isTruncated());

        iam.updateGroup(b -> b.groupName("grp-Dev").newGroupName("grp-Ops").newPath("/ops/"));
        fails(404, "NoSuchEntity", "The group with name grp-Dev cannot be found.", () -> iam.getGroup(b -> b.groupName("grp-Dev")));
        Group renamed = iam.getGroup(b -> b.groupName("grp-Ops")).group();
        assertEquals("arn:aws:iam::111111111111:group/ops/grp-Ops", renamed.arn());
        assertEquals(g.groupId(), renamed.groupId());

        iam.createGroup(b -> b.groupName("grp-Other"));
        fails(409, "EntityAlreadyExists", "Group with name grp-other already exists.",
                () -> iam.updateGroup(b -> b.groupName("grp-Ops").newGroupName("grp-other")));

        iam.deleteGroup(b -> b.groupName("grp-Ops"));
        fails(404, "NoSuchEntity", "The group with name grp-Ops cannot be found.", () -> iam.deleteGroup(b -> b.groupName("grp-Ops")));
    }

    @Test
    void validationErrors() {
        fails(400, "ValidationError", "1 validation error detected: Value 'bad name' at 'groupName' failed to satisfy "
                + "constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
                () -> iam().createGroup(b -> b.groupName("bad name")));
        fails(400, "ValidationError", "1 validation error detected: Value 'nopath' at 'path' failed to satisfy constraint: "
                + "Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)",
                () -> iam().createGroup(b -> b.groupName("grp-badpath").path("nopath")));
        String longName = "g".repeat(129);
        fails(400, "ValidationError", "1 validation error detected: Value '" + longName + "' at 'groupName' failed to "
                + "satisfy constraint: Member must have length less than or equal to 128",
                () -> iam().createGroup(b -> b.groupName(longName)));
    }

    @Test
    void membersArePagedAndGroupsForUserListed() {
        IamClient iam = iam();
        iam.createGroup(b -> b.groupName("grp-Members"));
        iam.createGroup(b -> b.groupName("grp-Second"));
        for (int i = 0; i < 5; i++) {
            int n = i;
            iam.createUser(b -> b.userName("grp-member-" + n));
            iam.addUserToGroup(b -> b.groupName("grp-Members").userName("grp-member-" + n));
        }
        iam.addUserToGroup(b -> b.groupName("grp-Members").userName("grp-member-0")); // idempotent
        iam.addUserToGroup(b -> b.groupName("grp-Second").userName("grp-member-0"));

        List<String> seen = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            String m = marker;
            GetGroupResponse page = iam.getGroup(b -> b.groupName("grp-Members").maxItems(2).marker(m));
            assertEquals("grp-Members", page.group().groupName());
            page.users().stream().map(User::userName).forEach(seen::add);
            marker = page.isTruncated() ? page.marker() : null;
            pages++;
        } while (marker != null);
        assertEquals(List.of("grp-member-0", "grp-member-1", "grp-member-2", "grp-member-3", "grp-member-4"), seen);
        assertEquals(3, pages);

        assertEquals(List.of("grp-Members", "grp-Second"),
                iam.listGroupsForUser(b -> b.userName("grp-member-0")).groups().stream().map(Group::groupName).toList());
        var firstOnly = iam.listGroupsForUser(b -> b.userName("grp-member-0").maxItems(1));
        assertTrue(firstOnly.isTruncated());
        assertEquals(List.of("grp-Second"), iam.listGroupsForUser(b -> b.userName("grp-member-0").marker(firstOnly.marker()))
                .groups().stream().map(Group::groupName).toList());

        iam.removeUserFromGroup(b -> b.groupName("grp-Second").userName("grp-member-0"));
        assertEquals(List.of("grp-Members"),
                iam.listGroupsForUser(b -> b.userName("grp-member-0")).groups().stream().map(Group::groupName).toList());
        fails(404, "NoSuchEntity", "The user with name grp-nobody cannot be found.",
                () -> iam.addUserToGroup(b -> b.groupName("grp-Members").userName("grp-nobody")));
        fails(404, "NoSuchEntity", "The group with name grp-none cannot be found.",
                () -> iam.addUserToGroup(b -> b.groupName("grp-none").userName("grp-member-0")));
        fails(404, "NoSuchEntity", "The user with name grp-nobody cannot be found.",
                () -> iam.listGroupsForUser(b -> b.userName("grp-nobody")));
    }

    @Test
    void listGroupsPaginatesByPathPrefix() {
        IamClient iam = iam();
        for (int i = 0; i < 5; i++) {
            int n = i;
            iam.createGroup(b -> b.groupName("grp-paged-" + n).path("/grp-paging/"));
        }
        List<String> seen = new ArrayList<>();
        String marker = null;
        do {
            String m = marker;
            ListGroupsResponse page = iam.listGroups(b -> b.pathPrefix("/grp-paging/").maxItems(2).marker(m));
            assertTrue(page.groups().size() <= 2);
            page.groups().forEach(g -> seen.add(g.groupName()));
            marker = page.isTruncated() ? page.marker() : null;
        } while (marker != null);
        assertEquals(List.of("grp-paged-0", "grp-paged-1", "grp-paged-2", "grp-paged-3", "grp-paged-4"), seen);
    }

    @Test
    void deleteGroupRefusesWhileItHasMembersOrPolicies() {
        IamClient iam = iam();
        iam.createGroup(b -> b.groupName("grp-Busy"));
        iam.createUser(b -> b.userName("grp-busy-user"));
        iam.addUserToGroup(b -> b.groupName("grp-Busy").userName("grp-busy-user"));
        fails(409, "DeleteConflict", "Cannot delete entity, must remove users from group first.",
                () -> iam.deleteGroup(b -> b.groupName("grp-Busy")));
        iam.removeUserFromGroup(b -> b.groupName("grp-Busy").userName("grp-busy-user"));

        iam.putGroupPolicy(b -> b.groupName("grp-Busy").policyName("inline").policyDocument(IamAssert.ALLOW_ALL));
        fails(409, "DeleteConflict", "Cannot delete entity, must delete policies first.",
                () -> iam.deleteGroup(b -> b.groupName("grp-Busy")));
        iam.deleteGroupPolicy(b -> b.groupName("grp-Busy").policyName("inline"));

        String arn = iam.createPolicy(b -> b.policyName("grp-busy-policy").policyDocument(IamAssert.ALLOW_ALL)).policy().arn();
        iam.attachGroupPolicy(b -> b.groupName("grp-Busy").policyArn(arn));
        fails(409, "DeleteConflict", "Cannot delete entity, must detach all policies first.",
                () -> iam.deleteGroup(b -> b.groupName("grp-Busy")));
        iam.detachGroupPolicy(b -> b.groupName("grp-Busy").policyArn(arn));
        iam.deleteGroup(b -> b.groupName("grp-Busy"));
    }

    @Test
    void deleteUserRefusesWhileInAGroupOrWithPolicies() {
        IamClient iam = iam();
        iam.createUser(b -> b.userName("grp-leaver"));
        iam.createGroup(b -> b.groupName("grp-Leaving"));
        iam.addUserToGroup(b -> b.groupName("grp-Leaving").userName("grp-leaver"));
        fails(409, "DeleteConflict", "Cannot delete entity, must remove users from group first.",
                () -> iam.deleteUser(b -> b.userName("grp-leaver")));
        iam.removeUserFromGroup(b -> b.groupName("grp-Leaving").userName("grp-leaver"));

        iam.putUserPolicy(b -> b.userName("grp-leaver").policyName("p").policyDocument(IamAssert.ALLOW_ALL));
        fails(409, "DeleteConflict", "Cannot delete entity, must delete policies first.",
                () -> iam.deleteUser(b -> b.userName("grp-leaver")));
        iam.deleteUserPolicy(b -> b.userName("grp-leaver").policyName("p"));

        String arn = iam.createPolicy(b -> b.policyName("grp-leaver-policy").policyDocument(IamAssert.ALLOW_ALL)).policy().arn();
        iam.attachUserPolicy(b -> b.userName("grp-leaver").policyArn(arn));
        fails(409, "DeleteConflict", "Cannot delete entity, must detach all policies first.",
                () -> iam.deleteUser(b -> b.userName("grp-leaver")));
        iam.detachUserPolicy(b -> b.userName("grp-leaver").policyArn(arn));
        iam.deleteUser(b -> b.userName("grp-leaver"));
    }

    @Test
    void aUserBelongsToAtMostTenGroups() {
        IamClient iam = iam();
        iam.createUser(b -> b.userName("grp-joiner"));
        for (int i = 0; i < 11; i++) {
            int n = i;
            iam.createGroup(b -> b.groupName("grp-quota-" + n));
        }
        for (int i = 0; i < 10; i++) {
            int n = i;
            iam.addUserToGroup(b -> b.groupName("grp-quota-" + n).userName("grp-joiner"));
        }
        fails(409, "LimitExceeded", "Cannot exceed quota for GroupsPerUser: 10",
                () -> iam.addUserToGroup(b -> b.groupName("grp-quota-10").userName("grp-joiner")));
    }

    @Test
    void groupsAreIsolatedPerAccount() {
        iam().createGroup(b -> b.groupName("grp-alpha-only"));
        IamClient beta = Aws.iam(base, Aws.BETA_ADMIN);
        fails(404, "NoSuchEntity", "The group with name grp-alpha-only cannot be found.",
                () -> beta.getGroup(b -> b.groupName("grp-alpha-only")));
        assertFalse(beta.listGroups().groups().stream().anyMatch(g -> g.groupName().equals("grp-alpha-only")));
        beta.createGroup(b -> b.groupName("grp-alpha-only")); // the same name is free in another account
    }
}
