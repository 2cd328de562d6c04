package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rolegate.iam.Secrets;
import io.rolegate.store.RoleStore;
import io.rolegate.store.Transactions;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.ListEntitiesForPolicyResponse;
import software.amazon.awssdk.services.iam.model.ListPoliciesResponse;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;
import software.amazon.awssdk.services.iam.model.PolicyVersion;
import software.amazon.awssdk.services.iam.model.Tag;

import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.rolegate.it.IamAssert.ALLOW_ALL;
import static io.rolegate.it.IamAssert.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ManagedPoliciesTest {
    @TestHTTPResource("/")
    URL base;
    @Inject
    RoleStore roles;
    @Inject
    Transactions tx;
    @Inject
    Secrets secrets;

    static final String READ_ONLY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:Get*\",\"Resource\":\"*\"}]}";

    IamClient iam() {
        return Aws.iam(base, Aws.ALPHA_ADMIN);
    }

    String create(String name) {
        return iam().createPolicy(b -> b.policyName(name).policyDocument(ALLOW_ALL)).policy().arn();
    }

    @Test
    void createGetAndDuplicates() {
        IamClient iam = iam();
        Policy p = iam.createPolicy(b -> b.policyName("mp-Reader").path("/team/").description("reads things")
                .policyDocument(InlinePoliciesTest.ODD_DOCUMENT).tags(Tag.builder().key("owner").value("ops").build())).policy();
        assertEquals("arn:aws:iam::111111111111:policy/team/mp-Reader", p.arn());
        assertTrue(p.policyId().startsWith("ANPA") && p.policyId().length() == 21, p.policyId());
        assertEquals("v1", p.defaultVersionId());
        assertEquals(0, p.attachmentCount());
        assertEquals(0, p.permissionsBoundaryUsageCount());
        assertTrue(p.isAttachable());
        assertEquals("/team/", p.path());
        assertEquals(p.createDate(), p.updateDate());

        Policy got = iam.getPolicy(b -> b.policyArn(p.arn())).policy();
        assertEquals("reads things", got.description());
        assertEquals(List.of(Tag.builder().key("owner").value("ops").build()), got.tags());
        assertEquals(p.policyId(), got.policyId());

        PolicyVersion v1 = iam.getPolicyVersion(b -> b.policyArn(p.arn()).versionId("v1")).policyVersion();
        assertEquals(InlinePoliciesTest.ODD_DOCUMENT, URLDecoder.decode(v1.document(), StandardCharsets.UTF_8));
        assertTrue(v1.isDefaultVersion());

        fails(409, "EntityAlreadyExists", "A policy called MP-READER already exists. Duplicate names are not allowed.",
                () -> iam.createPolicy(b -> b.policyName("MP-READER").policyDocument(ALLOW_ALL)));
        fails(404, "NoSuchEntity", "Policy arn:aws:iam::111111111111:policy/mp-none was not found.",
                () -> iam.getPolicy(b -> b.policyArn("arn:aws:iam::111111111111:policy/mp-none")));
        fails(400, "InvalidInput", "ARN arn:aws:iam::111111111111:user/mp-x is not valid.",
                () -> iam.getPolicy(b -> b.policyArn("arn:aws:iam::111111111111:user/mp-x")));
    }

    @Test
    void documentValidationAndSize() {
        IamClient iam = iam();
        fails(400, "MalformedPolicyDocument", "Policy document must be version 2012-10-17 or greater.",
                () -> iam.createPolicy(b -> b.policyName("mp-old").policyDocument(
                        "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}")));
        fails(400, "MalformedPolicyDocument", "Syntax errors in policy.",
                () -> iam.createPolicy(b -> b.policyName("mp-bad").policyDocument("{")));
        String big = InlinePoliciesTest.policyOfSize(6145);
        fails(409, "LimitExceeded", "Cannot exceed quota for PolicySize: 6144",
                () -> iam.createPolicy(b -> b.policyName("mp-big").policyDocument(big)));
        // whitespace is not counted
        String spacious = InlinePoliciesTest.policyOfSize(6144).replace(",", ",\n          ");
        iam.createPolicy(b -> b.policyName("mp-spacious").policyDocument(spacious));
        fails(400, "ValidationError", "1 validation error detected: Value 'nopath' at 'path' failed to satisfy constraint: "
                + "Member must satisfy regular expression pattern: ((/[A-Za-z0-9\\.,\\+@=_-]+)*)/",
                () -> iam.createPolicy(b -> b.policyName("mp-path").path("nopath").policyDocument(ALLOW_ALL)));
    }

    @Test
    void versionsUpToFiveAndDefaults() {
        IamClient iam = iam();
        String arn = create("mp-Versioned");
        PolicyVersion v2 = iam.createPolicyVersion(b -> b.policyArn(arn).policyDocument(READ_ONLY)).policyVersion();
        assertEquals("v2", v2.versionId());
        assertFalse(v2.isDefaultVersion());
        assertNull(v2.document()); // CreatePolicyVersion does not return the document
        PolicyVersion v3 = iam.createPolicyVersion(b -> b.policyArn(arn).policyDocument(InlinePoliciesTest.ODD_DOCUMENT)
                .setAsDefault(true)).policyVersion();
        assertTrue(v3.isDefaultVersion());
        assertEquals("v3", iam.getPolicy(b -> b.policyArn(arn)).policy().defaultVersionId());
        assertEquals(InlinePoliciesTest.ODD_DOCUMENT, URLDecoder.decode(
                iam.getPolicyVersion(b -> b.policyArn(arn).versionId("v3")).policyVersion().document(), StandardCharsets.UTF_8));
        assertEquals(READ_ONLY, URLDecoder.decode(
                iam.getPolicyVersion(b -> b.policyArn(arn).versionId("v2")).policyVersion().document(), StandardCharsets.UTF_8));

        iam.createPolicyVersion(b -> b.policyArn(arn).policyDocument(READ_ONLY));
        iam.createPolicyVersion(b -> b.policyArn(arn).policyDocument(READ_ONLY));
        fails(409, "LimitExceeded", "A managed policy can have up to 5 versions. Before you create a new version, "
                + "you must delete an existing version.", () -> iam.createPolicyVersion(b -> b.policyArn(arn).policyDocument(READ_ONLY)));

        List<PolicyVersion> versions = iam.listPolicyVersions(b -> b.policyArn(arn)).versions();
        assertEquals(List.of("v5", "v4", "v3", "v2", "v1"), versions.stream().map(PolicyVersion::versionId).toList());
        assertEquals(List.of(false, false, true, false, false), versions.stream().map(PolicyVersion::isDefaultVersion).toList());
        var firstTwo = iam.listPolicyVersions(b -> b.policyArn(arn).maxItems(2));
        assertTrue(firstTwo.isTruncated());
        assertEquals(List.of("v3", "v2", "v1"), iam.listPolicyVersions(b -> b.policyArn(arn).marker(firstTwo.marker()))
                .versions().stream().map(PolicyVersion::versionId).toList());

        fails(409, "DeleteConflict", "Cannot delete the default version of a policy.",
                () -> iam.deletePolicyVersion(b -> b.policyArn(arn).versionId("v3")));
        iam.setDefaultPolicyVersion(b -> b.policyArn(arn).versionId("v1"));
        iam.deletePolicyVersion(b -> b.policyArn(arn).versionId("v3"));
        iam.createPolicyVersion(b -> b.policyArn(arn).policyDocument(READ_ONLY)); // v6: numbers are never reused
        assertEquals(List.of("v6", "v5", "v4", "v2", "v1"),
                iam.listPolicyVersions(b -> b.policyArn(arn)).versions().stream().map(PolicyVersion::versionId).toList());

        fails(404, "NoSuchEntity", "Policy " + arn + " version v9 does not exist or is not attachable.",
                () -> iam.getPolicyVersion(b -> b.policyArn(arn).versionId("v9")));
        fails(404, "NoSuchEntity", "Policy " + arn + " version v3 does not exist or is not attachable.",
                () -> iam.setDefaultPolicyVersion(b -> b.policyArn(arn).versionId("v3")));
        fails(400, "ValidationError", "1 validation error detected: Value 'wrong_version_id' at 'versionId' failed to "
                + "satisfy constraint: Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?",
                () -> iam.setDefaultPolicyVersion(b -> b.policyArn(arn).versionId("wrong_version_id")));
        fails(400, "MalformedPolicyDocument", "Policy document must be version 2012-10-17 or greater.",
                () -> iam.createPolicyVersion(b -> b.policyArn(arn).policyDocument(
                        "{\"Version\":\"2008-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}")));
    }

    @Test
    void deletePolicyConflicts() {
        IamClient iam = iam();
        String arn = create("mp-Doomed");
        iam.createUser(b -> b.userName("mp-doomed-user"));
        iam.attachUserPolicy(b -> b.userName("mp-doomed-user").policyArn(arn));
        assertEquals(1, iam.getPolicy(b -> b.policyArn(arn)).policy().attachmentCount());
        fails(409, "DeleteConflict", "Cannot delete a policy attached to entities.", () -> iam.deletePolicy(b -> b.policyArn(arn)));
        iam.detachUserPolicy(b -> b.userName("mp-doomed-user").policyArn(arn));

        iam.putUserPermissionsBoundary(b -> b.userName("mp-doomed-user").permissionsBoundary(arn));
        assertEquals(1, iam.getPolicy(b -> b.policyArn(arn)).policy().permissionsBoundaryUsageCount());
        fails(409, "DeleteConflict", "Cannot delete a policy attached to entities.", () -> iam.deletePolicy(b -> b.policyArn(arn)));
        iam.deleteUserPermissionsBoundary(b -> b.userName("mp-doomed-user"));

        iam.createPolicyVersion(b -> b.policyArn(arn).policyDocument(READ_ONLY));
        fails(409, "DeleteConflict", "This policy has more than one version. Before you delete a policy, you must delete "
                + "the policy's versions. The default version is deleted with the policy.", () -> iam.deletePolicy(b -> b.policyArn(arn)));
        iam.deletePolicyVersion(b -> b.policyArn(arn).versionId("v2"));

        iam.deletePolicy(b -> b.policyArn(arn));
        fails(404, "NoSuchEntity", "Policy " + arn + " was not found.", () -> iam.getPolicy(b -> b.policyArn(arn)));
        fails(404, "NoSuchEntity", "Policy " + arn + " was not found.", () -> iam.deletePolicy(b -> b.policyArn(arn)));
    }

    @Test
    void attachDetachAndQuotas() {
        IamClient iam = iam();
        iam.createUser(b -> b.userName("mp-attacher"));
        iam.createGroup(b -> b.groupName("mp-attach-group"));
        TestRoles.create(roles, tx, secrets, Aws.ALPHA, "mp-attach-role");
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            arns.add(create("mp-quota-" + (char) ('a' + i)));
        }
        for (int i = 0; i < 10; i++) {
            String arn = arns.get(i);
            iam.attachUserPolicy(b -> b.userName("mp-attacher").policyArn(arn));
            iam.attachGroupPolicy(b -> b.groupName("mp-attach-group").policyArn(arn));
            iam.attachRolePolicy(b -> b.roleName("mp-attach-role").policyArn(arn));
        }
        iam.attachUserPolicy(b -> b.userName("mp-attacher").policyArn(arns.get(0))); // idempotent
        String eleventh = arns.get(10);
        fails(409, "LimitExceeded", "Cannot exceed quota for PoliciesPerUser: 10",
                () -> iam.attachUserPolicy(b -> b.userName("mp-attacher").policyArn(eleventh)));
        fails(409, "LimitExceeded", "Cannot exceed quota for PoliciesPerGroup: 10",
                () -> iam.attachGroupPolicy(b -> b.groupName("mp-attach-group").policyArn(eleventh)));
        fails(409, "LimitExceeded", "Cannot exceed quota for PoliciesPerRole: 10",
                () -> iam.attachRolePolicy(b -> b.roleName("mp-attach-role").policyArn(eleventh)));

        List<AttachedPolicy> attached = iam.listAttachedUserPolicies(b -> b.userName("mp-attacher")).attachedPolicies();
        assertEquals(10, attached.size());
        assertEquals("mp-quota-a", attached.get(0).policyName());
        assertEquals(arns.get(0), attached.get(0).policyArn());
        var page = iam.listAttachedRolePolicies(b -> b.roleName("mp-attach-role").maxItems(4));
        assertTrue(page.isTruncated());
        assertEquals(4, page.attachedPolicies().size());
        assertEquals(6, iam.listAttachedRolePolicies(b -> b.roleName("mp-attach-role").marker(page.marker())).attachedPolicies().size());
        assertEquals(3, iam.getPolicy(b -> b.policyArn(arns.get(0))).policy().attachmentCount());

        iam.detachGroupPolicy(b -> b.groupName("mp-attach-group").policyArn(arns.get(0)));
        fails(404, "NoSuchEntity", "Policy " + arns.get(0) + " was not found.",
                () -> iam.detachGroupPolicy(b -> b.groupName("mp-attach-group").policyArn(arns.get(0))));
        assertEquals(9, iam.listAttachedGroupPolicies(b -> b.groupName("mp-attach-group")).attachedPolicies().size());

        fails(404, "NoSuchEntity", "Policy arn:aws:iam::111111111111:policy/mp-missing does not exist or is not attachable.",
                () -> iam.attachUserPolicy(b -> b.userName("mp-attacher").policyArn("arn:aws:iam::111111111111:policy/mp-missing")));
        fails(404, "NoSuchEntity", "Policy arn:aws:iam::aws:policy/NoSuchAwsPolicy does not exist or is not attachable.",
                () -> iam.attachRolePolicy(b -> b.roleName("mp-attach-role").policyArn("arn:aws:iam::aws:policy/NoSuchAwsPolicy")));
        fails(400, "InvalidInput", "ARN not-an-arn-at-all-really is not valid.",
                () -> iam.attachUserPolicy(b -> b.userName("mp-attacher").policyArn("not-an-arn-at-all-really")));
        String longUser = "u".repeat(65);
        fails(400, "ValidationError", "1 validation error detected: Value '" + longUser + "' at 'userName' failed to "
                + "satisfy constraint: Member must have length less than or equal to 64",
                () -> iam.attachUserPolicy(b -> b.userName(longUser).policyArn(eleventh)));
        fails(404, "NoSuchEntity", "The user with name mp-nobody cannot be found.",
                () -> iam.attachUserPolicy(b -> b.userName("mp-nobody").policyArn(eleventh)));
        fails(404, "NoSuchEntity", "The role with name mp-norole cannot be found.",
                () -> iam.listAttachedRolePolicies(b -> b.roleName("mp-norole")));
    }

    @Test
    void concurrentWritesCannotOvershootQuotas() throws Exception {
        IamClient iam = iam();
        iam.createUser(b -> b.userName("mp-racer"));
        String versioned = create("mp-race-versions");
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            arns.add(create("mp-race-" + i));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
            for (String arn : arns) {
                results.add(pool.submit(() -> ok(() -> iam.attachUserPolicy(b -> b.userName("mp-racer").policyArn(arn)))));
            }
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> ok(() -> iam.createPolicyVersion(b -> b.policyArn(versioned).policyDocument(READ_ONLY)))));
            }
            for (var f : results) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(10, iam.listAttachedUserPolicies(b -> b.userName("mp-racer")).attachedPolicies().size());
        assertEquals(List.of("v5", "v4", "v3", "v2", "v1"), iam.listPolicyVersions(b -> b.policyArn(versioned)).versions()
                .stream().map(PolicyVersion::versionId).toList());
    }

    /** True when the call succeeded; false when it was refused with LimitExceeded. */
    private static boolean ok(Runnable call) {
        try {
            call.run();
            return true;
        } catch (software.amazon.awssdk.services.iam.model.IamException e) {
            assertEquals("LimitExceeded", e.awsErrorDetails().errorCode(), e.getMessage());
            return false;
        }
    }

    @Test
    void entitiesForPolicy() {
        IamClient iam = iam();
        String arn = create("mp-Shared");
        iam.createUser(b -> b.userName("mp-shared-user").path("/people/"));
        iam.createUser(b -> b.userName("mp-bounded-user"));
        iam.createGroup(b -> b.groupName("mp-shared-group"));
        var role = TestRoles.create(roles, tx, secrets, Aws.ALPHA, "mp-shared-role");
        iam.attachUserPolicy(b -> b.userName("mp-shared-user").policyArn(arn));
        iam.attachGroupPolicy(b -> b.groupName("mp-shared-group").policyArn(arn));
        iam.attachRolePolicy(b -> b.roleName("mp-shared-role").policyArn(arn));
        iam.putUserPermissionsBoundary(b -> b.userName("mp-bounded-user").permissionsBoundary(arn));

        ListEntitiesForPolicyResponse all = iam.listEntitiesForPolicy(b -> b.policyArn(arn));
        assertEquals(List.of("mp-shared-group"), all.policyGroups().stream().map(g -> g.groupName()).toList());
        assertEquals(List.of("mp-shared-user", "mp-bounded-user"), all.policyUsers().stream().map(u -> u.userName()).toList());
        assertEquals(List.of(role.roleId()), all.policyRoles().stream().map(r -> r.roleId()).toList());
        assertFalse(all.isTruncated());

        assertEquals(List.of("mp-shared-user"), iam.listEntitiesForPolicy(b -> b.policyArn(arn).entityFilter(EntityType.USER)
                .policyUsageFilter("PermissionsPolicy")).policyUsers().stream().map(u -> u.userName()).toList());
        assertEquals(List.of("mp-bounded-user"), iam.listEntitiesForPolicy(b -> b.policyArn(arn)
                .policyUsageFilter("PermissionsBoundary")).policyUsers().stream().map(u -> u.userName()).toList());
        assertEquals(List.of("mp-shared-user"), iam.listEntitiesForPolicy(b -> b.policyArn(arn).pathPrefix("/people/"))
                .policyUsers().stream().map(u -> u.userName()).toList());
        var first = iam.listEntitiesForPolicy(b -> b.policyArn(arn).maxItems(2));
        assertTrue(first.isTruncated());
        assertEquals(2, first.policyGroups().size() + first.policyUsers().size());
        var rest = iam.listEntitiesForPolicy(b -> b.policyArn(arn).marker(first.marker()));
        assertEquals(List.of("mp-bounded-user"), rest.policyUsers().stream().map(u -> u.userName()).toList());
        assertEquals(1, rest.policyRoles().size());
        fails(400, "ValidationError", "1 validation error detected: Value 'Users' at 'entityFilter' failed to satisfy "
                + "constraint: Member must satisfy enum value set: [User, Role, Group, LocalManagedPolicy, AWSManagedPolicy]",
                () -> iam.listEntitiesForPolicy(b -> b.policyArn(arn).entityFilter("Users")));
    }

    @Test
    void listPoliciesFiltersAndPaginates() {
        IamClient iam = iam();
        for (int i = 0; i < 5; i++) {
            int n = i;
            iam.createPolicy(b -> b.policyName("mp-list-" + n).path("/mp-listing/").policyDocument(ALLOW_ALL));
        }
        iam.createUser(b -> b.userName("mp-list-user"));
        iam.attachUserPolicy(b -> b.userName("mp-list-user").policyArn("arn:aws:iam::111111111111:policy/mp-listing/mp-list-3"));

        List<String> seen = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            String m = marker;
            ListPoliciesResponse page = iam.listPolicies(b -> b.scope(PolicyScopeType.LOCAL).pathPrefix("/mp-listing/")
                    .maxItems(2).marker(m));
            page.policies().forEach(p -> seen.add(p.policyName()));
            assertTrue(page.policies().stream().allMatch(p -> p.description() == null)); // not listed, as in AWS
            marker = page.isTruncated() ? page.marker() : null;
            pages++;
        } while (marker != null);
        assertEquals(List.of("mp-list-0", "mp-list-1", "mp-list-2", "mp-list-3", "mp-list-4"), seen);
        assertEquals(3, pages);

        assertEquals(List.of("mp-list-3"), iam.listPolicies(b -> b.pathPrefix("/mp-listing/").onlyAttached(true))
                .policies().stream().map(Policy::policyName).toList());
        assertTrue(iam.listPolicies(b -> b.scope(PolicyScopeType.AWS).pathPrefix("/mp-listing/")).policies().isEmpty());
        fails(400, "ValidationError", "1 validation error detected: Value 'Mine' at 'scope' failed to satisfy constraint: "
                + "Member must satisfy enum value set: [All, AWS, Local]", () -> iam.listPolicies(b -> b.scope("Mine")));
    }

    @Test
    void policyTags() {
        IamClient iam = iam();
        String arn = create("mp-Tagged");
        iam.tagPolicy(b -> b.policyArn(arn).tags(Tag.builder().key("a").value("1").build(), Tag.builder().key("b").value("2").build()));
        assertEquals(List.of("a", "b"), iam.listPolicyTags(b -> b.policyArn(arn)).tags().stream().map(Tag::key).toList());
        iam.untagPolicy(b -> b.policyArn(arn).tagKeys("A"));
        assertEquals(List.of("b"), iam.listPolicyTags(b -> b.policyArn(arn)).tags().stream().map(Tag::key).toList());
        fails(400, "InvalidInput", "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
                () -> iam.tagPolicy(b -> b.policyArn(arn).tags(Tag.builder().key("x").value("1").build(),
                        Tag.builder().key("X").value("2").build())));
    }

    @Test
    void policiesAreIsolatedPerAccount() {
        String arn = create("mp-alpha-only");
        IamClient beta = Aws.iam(base, Aws.BETA_ADMIN);
        fails(403, "AccessDenied", null, () -> beta.getPolicy(b -> b.policyArn(arn)));
        assertFalse(beta.listPolicies().policies().stream().anyMatch(p -> p.policyName().equals("mp-alpha-only")));
        beta.createUser(b -> b.userName("mp-beta-user"));
        fails(404, "NoSuchEntity", "Policy " + arn + " does not exist or is not attachable.",
                () -> beta.attachUserPolicy(b -> b.userName("mp-beta-user").policyArn(arn)));
        fails(404, "NoSuchEntity", "Scope ARN: " + arn + " does not exist or is not attachable.",
                () -> beta.putUserPermissionsBoundary(b -> b.userName("mp-beta-user").permissionsBoundary(arn)));
        // the same name is free in another account
        assertEquals("arn:aws:iam::222222222222:policy/mp-alpha-only",
                beta.createPolicy(b -> b.policyName("mp-alpha-only").policyDocument(ALLOW_ALL)).policy().arn());
    }
}
