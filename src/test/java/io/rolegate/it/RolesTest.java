package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rolegate.iam.RoleDirectory;
import io.rolegate.iam.RoleUsage;
import io.rolegate.store.Sql;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.ListRoleTagsResponse;
import software.amazon.awssdk.services.iam.model.ListRolesResponse;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IAM roles through the real AWS SDK v2. Every role name starts with "rt-" (shared app and database). */
@QuarkusTest
class RolesTest {
    static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},\"Action\":\"sts:AssumeRole\"}]}";

    @TestHTTPResource("/")
    URL base;
    @Inject
    Sql sql;
    @Inject
    RoleDirectory directory;
    @Inject
    RoleUsage usage;

    IamClient alpha() {
        return Aws.iam(base, Aws.ALPHA_ADMIN);
    }

    IamClient beta() {
        return Aws.iam(base, Aws.BETA_ADMIN);
    }

    static IamException fails(String code, int status, String message, Executable call) {
        IamException e = assertThrows(IamException.class, call);
        assertEquals(code, e.awsErrorDetails().errorCode(), e.awsErrorDetails().errorMessage());
        assertEquals(status, e.statusCode());
        if (message != null) {
            assertEquals(message, e.awsErrorDetails().errorMessage());
        }
        return e;
    }

    static String decoded(String encoded) {
        return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    }

    @Test
    void createAndGetRoundTripTheTrustPolicyByteForByte() {
        String doc = "{\n  \"Version\" : \"2012-10-17\",\r\n\t\"Statement\": [ {\"Sid\": \"RoundTrip1\","
                + "\n    \"Effect\": \"Allow\", \"Principal\": {\"AWS\": [\"arn:aws:iam::111111111111:user/admin\", \"999999999999\"]},"
                + "\n    \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"],"
                + "\n    \"Condition\": {\"StringEquals\": {\"sts:ExternalId\": \"with space & 'quote' \\\" + %20 = ?\"}} } ]\n}\n";
        IamClient iam = alpha();
        Role created = iam.createRole(b -> b.roleName("rt-Round").path("/rt/team/").assumeRolePolicyDocument(doc)
                .description("A role: with \"quotes\" & symbols").maxSessionDuration(7200)
                .tags(Tag.builder().key("env").value("test").build())).role();
        assertEquals("arn:aws:iam::111111111111:role/rt/team/rt-Round", created.arn());
        assertEquals("/rt/team/", created.path());
        assertEquals("rt-Round", created.roleName());
        assertTrue(created.roleId().startsWith("AROA") && created.roleId().length() == 21, created.roleId());
        assertEquals(7200, created.maxSessionDuration());
        assertEquals("A role: with \"quotes\" & symbols", created.description());
        assertEquals(doc, decoded(created.assumeRolePolicyDocument()));
        assertEquals(List.of(Tag.builder().key("env").value("test").build()), created.tags());
        assertNotNull(created.createDate());

        Role got = iam.getRole(b -> b.roleName("rt-round")).role();
        assertEquals(doc, decoded(got.assumeRolePolicyDocument()));
        assertFalse(got.assumeRolePolicyDocument().contains("+"), "spaces are %20, not +");
        assertEquals(created.roleId(), got.roleId());
        assertEquals("rt-Round", got.roleName());
        assertEquals(created.arn(), got.arn());
        assertEquals(1, got.tags().size());
        assertNotNull(got.roleLastUsed());
        assertNull(got.roleLastUsed().lastUsedDate());
    }

    @Test
    void defaultsAreRootPathAndOneHour() {
        Role r = alpha().createRole(b -> b.roleName("rt-defaults").assumeRolePolicyDocument(TRUST)).role();
        assertEquals("/", r.path());
        assertEquals(3600, r.maxSessionDuration());
        assertNull(r.description());
        assertEquals("arn:aws:iam::111111111111:role/rt-defaults", r.arn());
        assertTrue(r.tags().isEmpty());
    }

    @Test
    void namesAreUniqueCaseInsensitively() {
        IamClient iam = alpha();
        iam.createRole(b -> b.roleName("RT-Dup").assumeRolePolicyDocument(TRUST));
        fails("EntityAlreadyExists", 409, "Role with name rt-dup already exists.",
                () -> iam.createRole(b -> b.roleName("rt-dup").assumeRolePolicyDocument(TRUST)));
        assertEquals("RT-Dup", iam.getRole(b -> b.roleName("rt-DUP")).role().roleName());
        // another account may use the same name
        assertEquals("arn:aws:iam::222222222222:role/RT-Dup",
                beta().createRole(b -> b.roleName("RT-Dup").assumeRolePolicyDocument(TRUST)).role().arn());
    }

    @Test
    void missingRolesAreNoSuchEntity() {
        IamClient iam = alpha();
        String msg = "The role with name rt-nobody cannot be found.";
        fails("NoSuchEntity", 404, msg, () -> iam.getRole(b -> b.roleName("rt-nobody")));
        fails("NoSuchEntity", 404, msg, () -> iam.deleteRole(b -> b.roleName("rt-nobody")));
        fails("NoSuchEntity", 404, msg, () -> iam.updateRole(b -> b.roleName("rt-nobody").description("x")));
        fails("NoSuchEntity", 404, msg, () -> iam.updateRoleDescription(b -> b.roleName("rt-nobody").description("x")));
        fails("NoSuchEntity", 404, msg, () -> iam.updateAssumeRolePolicy(b -> b.roleName("rt-nobody").policyDocument(TRUST)));
        fails("NoSuchEntity", 404, msg, () -> iam.listRoleTags(b -> b.roleName("rt-nobody")));
        fails("NoSuchEntity", 404, msg, () -> iam.tagRole(b -> b.roleName("rt-nobody").tags(Tag.builder().key("k").value("v").build())));
        fails("NoSuchEntity", 404, msg, () -> iam.untagRole(b -> b.roleName("rt-nobody").tagKeys("k")));
        fails("NoSuchEntity", 404, msg, () -> iam.deleteRolePermissionsBoundary(b -> b.roleName("rt-nobody")));
    }

    @Test
    void shapeValidationErrors() {
        IamClient iam = alpha();
        fails("ValidationError", 400, "1 validation error detected: Value 'rt bad' at 'roleName' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: [\\w+=,.@-]+",
                () -> iam.createRole(b -> b.roleName("rt bad").assumeRolePolicyDocument(TRUST)));
        String longName = "rt-" + "x".repeat(62);
        fails("ValidationError", 400, "1 validation error detected: Value '" + longName + "' at 'roleName' failed to satisfy "
                        + "constraint: Member must have length less than or equal to 64",
                () -> iam.createRole(b -> b.roleName(longName).assumeRolePolicyDocument(TRUST)));
        fails("ValidationError", 400, "1 validation error detected: Value '100' at 'maxSessionDuration' failed to satisfy "
                        + "constraint: Member must have value greater than or equal to 3600",
                () -> iam.createRole(b -> b.roleName("rt-v1").assumeRolePolicyDocument(TRUST).maxSessionDuration(100)));
        fails("ValidationError", 400, "1 validation error detected: Value '43201' at 'maxSessionDuration' failed to satisfy "
                        + "constraint: Member must have value less than or equal to 43200",
                () -> iam.createRole(b -> b.roleName("rt-v2").assumeRolePolicyDocument(TRUST).maxSessionDuration(43201)));
        String longDescription = "d".repeat(1001);
        fails("ValidationError", 400, "1 validation error detected: Value '" + longDescription + "' at 'description' failed to "
                        + "satisfy constraint: Member must have length less than or equal to 1000",
                () -> iam.createRole(b -> b.roleName("rt-v3").assumeRolePolicyDocument(TRUST).description(longDescription)));
        fails("ValidationError", 400, "1 validation error detected: Value 'rt/' at 'path' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)",
                () -> iam.createRole(b -> b.roleName("rt-v4").path("rt/").assumeRolePolicyDocument(TRUST)));
        fails("ValidationError", 400, "1 validation error detected: Value null at 'assumeRolePolicyDocument' failed to "
                        + "satisfy constraint: Member must not be null",
                () -> iam.createRole(b -> b.roleName("rt-v5")));
        fails("ValidationError", 400, "2 validation errors detected: Value 'rt bad' at 'roleName' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: [\\w+=,.@-]+; Value '1' at 'maxSessionDuration' "
                        + "failed to satisfy constraint: Member must have value greater than or equal to 3600",
                () -> iam.createRole(b -> b.roleName("rt bad").assumeRolePolicyDocument(TRUST).maxSessionDuration(1)));
        fails("ValidationError", 400, null,
                () -> iam.updateRole(b -> b.roleName("rt-defaults-x").maxSessionDuration(50000)));
        // nothing was created by the failed calls
        fails("NoSuchEntity", 404, null, () -> iam.getRole(b -> b.roleName("rt-v1")));
    }

    @Test
    void malformedTrustPolicies() {
        IamClient iam = alpha();
        fails("MalformedPolicyDocument", 400, "This policy contains invalid Json",
                () -> iam.createRole(b -> b.roleName("rt-m1").assumeRolePolicyDocument("{not json")));
        fails("MalformedPolicyDocument", 400, "Has prohibited field Resource.",
                () -> iam.createRole(b -> b.roleName("rt-m2").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":"
                        + "[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111111111111\"},\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}")));
        fails("MalformedPolicyDocument", 400, "Trust Policy statement actions can only be sts:AssumeRole, "
                        + "sts:AssumeRoleWithSAML,  and sts:AssumeRoleWithWebIdentity",
                () -> iam.createRole(b -> b.roleName("rt-m3").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":"
                        + "[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111111111111\"},\"Action\":\"s3:GetObject\"}]}")));
        fails("MalformedPolicyDocument", 400, "Invalid principal in policy: \"AWS\":\"arn:aws:iam::111111111111:role/rt-nobody\"",
                () -> iam.createRole(b -> b.roleName("rt-m4").assumeRolePolicyDocument(principal("arn:aws:iam::111111111111:role/rt-nobody"))));
        fails("MalformedPolicyDocument", 400, "Invalid principal in policy: \"AWS\":\"arn:aws:iam::111111111111:user/team/admin\"",
                () -> iam.createRole(b -> b.roleName("rt-m5").assumeRolePolicyDocument(principal("arn:aws:iam::111111111111:user/team/admin"))));
        fails("MalformedPolicyDocument", 400, "Invalid principal in policy: \"AWS\":\"arn:aws:iam::111111111111:role/*\"",
                () -> iam.createRole(b -> b.roleName("rt-m6").assumeRolePolicyDocument(principal("arn:aws:iam::111111111111:role/*"))));
        // 2049 non-whitespace characters: over the ACLSizePerRole quota
        String big = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"" + "s".repeat(2049) + "\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"111111111111\"},\"Action\":\"sts:AssumeRole\"}]}";
        fails("LimitExceeded", 409, "Cannot exceed quota for ACLSizePerRole: 2048",
                () -> iam.createRole(b -> b.roleName("rt-m7").assumeRolePolicyDocument(big)));
        // existing principals, and principals of accounts this gateway does not host, are accepted
        iam.createRole(b -> b.roleName("rt-target").path("/rt/").assumeRolePolicyDocument(TRUST));
        iam.createRole(b -> b.roleName("rt-m8").assumeRolePolicyDocument(principal("arn:aws:iam::111111111111:user/admin")));
        iam.createRole(b -> b.roleName("rt-m9").assumeRolePolicyDocument(principal("arn:aws:iam::111111111111:role/rt/rt-target")));
        iam.createRole(b -> b.roleName("rt-m10").assumeRolePolicyDocument(principal("arn:aws:iam::999999999999:role/anything")));
        // but the path must be the role's own
        fails("MalformedPolicyDocument", 400, "Invalid principal in policy: \"AWS\":\"arn:aws:iam::111111111111:role/rt-target\"",
                () -> iam.createRole(b -> b.roleName("rt-m11").assumeRolePolicyDocument(principal("arn:aws:iam::111111111111:role/rt-target"))));
        fails("NoSuchEntity", 404, null, () -> iam.getRole(b -> b.roleName("rt-m1")));
    }

    static String principal(String arn) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + arn
                + "\"},\"Action\":\"sts:AssumeRole\"}]}";
    }

    @Test
    void listRolesPagesByNameCaseInsensitively() {
        IamClient iam = alpha();
        for (String n : List.of("rt-p-c", "RT-P-a", "rt-p-E", "rt-p-b", "rt-P-d")) {
            iam.createRole(b -> b.roleName(n).path("/rt-page/").assumeRolePolicyDocument(TRUST));
        }
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String marker = null;
        do {
            String m = marker;
            ListRolesResponse page = iam.listRoles(b -> b.pathPrefix("/rt-page/").maxItems(2).marker(m));
            page.roles().forEach(r -> seen.add(r.roleName()));
            sizes.add(page.roles().size());
            assertEquals(page.marker() != null, page.isTruncated());
            marker = page.marker();
        } while (marker != null);
        assertEquals(List.of("RT-P-a", "rt-p-b", "rt-p-c", "rt-P-d", "rt-p-E"), seen);
        assertEquals(List.of(2, 2, 1), sizes);
        ListRolesResponse all = iam.listRoles(b -> b.pathPrefix("/rt-page/"));
        assertFalse(all.isTruncated());
        assertEquals(5, all.roles().size());
        Role first = all.roles().get(0);
        assertEquals(TRUST, decoded(first.assumeRolePolicyDocument()));
        assertEquals(3600, first.maxSessionDuration());
        assertNull(first.roleLastUsed(), "ListRoles does not return RoleLastUsed");
        fails("ValidationError", 400, "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: "
                + "Member must have value greater than or equal to 1", () -> iam.listRoles(b -> b.maxItems(0)));
        fails("ValidationError", 400, null, () -> iam.listRoles(b -> b.pathPrefix("rt")));
    }

    @Test
    void updatesChangeDescriptionDurationAndTrust() {
        IamClient iam = alpha();
        iam.createRole(b -> b.roleName("rt-upd").assumeRolePolicyDocument(TRUST).description("first"));
        iam.updateRole(b -> b.roleName("rt-upd").maxSessionDuration(43200));
        Role r = iam.getRole(b -> b.roleName("rt-upd")).role();
        assertEquals(43200, r.maxSessionDuration());
        assertEquals("first", r.description(), "UpdateRole without Description keeps it");
        iam.updateRole(b -> b.roleName("rt-upd").description("second"));
        assertEquals("second", iam.getRole(b -> b.roleName("rt-upd")).role().description());
        Role viaDescription = iam.updateRoleDescription(b -> b.roleName("RT-UPD").description("third")).role();
        assertEquals("third", viaDescription.description());
        assertEquals(43200, viaDescription.maxSessionDuration());

        String newTrust = "{\"Version\": \"2012-10-17\",\n \"Statement\": {\"Effect\": \"Allow\", \"Principal\": {\"Service\": "
                + "\"ec2.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}}";
        iam.updateAssumeRolePolicy(b -> b.roleName("rt-upd").policyDocument(newTrust));
        assertEquals(newTrust, decoded(iam.getRole(b -> b.roleName("rt-upd")).role().assumeRolePolicyDocument()));
        fails("MalformedPolicyDocument", 400, "Syntax errors in policy.",
                () -> iam.updateAssumeRolePolicy(b -> b.roleName("rt-upd").policyDocument("[]")));
        fails("ValidationError", 400, "1 validation error detected: Value null at 'policyDocument' failed to satisfy "
                + "constraint: Member must not be null", () -> iam.updateAssumeRolePolicy(b -> b.roleName("rt-upd")));
        assertEquals(newTrust, decoded(iam.getRole(b -> b.roleName("rt-upd")).role().assumeRolePolicyDocument()));
    }

    @Test
    void deleteRefusesWhilePoliciesRemain() {
        IamClient iam = alpha();
        String roleId = iam.createRole(b -> b.roleName("rt-del").assumeRolePolicyDocument(TRUST)
                .tags(Tag.builder().key("a").value("b").build())).role().roleId();
        sql.update("INSERT INTO inline_policies (owner_id, policy_name, document) VALUES (?, ?, ?)", roleId, "inline", "{}");
        fails("DeleteConflict", 409, "Cannot delete entity, must delete policies first.", () -> iam.deleteRole(b -> b.roleName("rt-del")));
        sql.update("DELETE FROM inline_policies WHERE owner_id = ?", roleId);

        String policyId = managedPolicy("rt-del-policy");
        sql.update("INSERT INTO policy_attachments (owner_id, policy_id, attached_at) VALUES (?, ?, ?)", roleId, policyId, 0L);
        fails("DeleteConflict", 409, "Cannot delete entity, must detach all policies first.", () -> iam.deleteRole(b -> b.roleName("rt-del")));
        sql.update("DELETE FROM policy_attachments WHERE owner_id = ?", roleId);

        iam.deleteRole(b -> b.roleName("RT-DEL"));
        fails("NoSuchEntity", 404, "The role with name rt-del cannot be found.", () -> iam.getRole(b -> b.roleName("rt-del")));
        assertEquals(0, sql.count("SELECT COUNT(*) FROM tags WHERE owner_id = ?", roleId), "tags go with the role");
        // the name is free again
        iam.createRole(b -> b.roleName("rt-del").assumeRolePolicyDocument(TRUST));
    }

    /** A managed policy row for boundary and attachment tests (the policy API is another family). */
    String managedPolicy(String name) {
        String id = "ANPA" + name.toUpperCase().replaceAll("[^A-Z0-9]", "X") + "00000000000000";
        id = id.substring(0, 21);
        sql.update("INSERT INTO managed_policies (policy_id, account_id, arn, policy_name, path, description, default_version, "
                        + "next_version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", id, Aws.ALPHA,
                "arn:aws:iam::111111111111:policy/" + name, name, "/", null, "v1", 2, 0L, 0L);
        return id;
    }

    @Test
    void tagsAddOverwriteRemoveAndPage() {
        IamClient iam = alpha();
        iam.createRole(b -> b.roleName("rt-tags").assumeRolePolicyDocument(TRUST));
        iam.tagRole(b -> b.roleName("rt-tags").tags(Tag.builder().key("Env").value("dev").build(),
                Tag.builder().key("team").value("core").build()));
        iam.tagRole(b -> b.roleName("rt-tags").tags(Tag.builder().key("env").value("prod").build()));
        ListRoleTagsResponse tags = iam.listRoleTags(b -> b.roleName("rt-tags"));
        assertEquals(List.of(Tag.builder().key("env").value("prod").build(), Tag.builder().key("team").value("core").build()),
                tags.tags());
        assertFalse(tags.isTruncated());
        ListRoleTagsResponse page1 = iam.listRoleTags(b -> b.roleName("rt-tags").maxItems(1));
        assertTrue(page1.isTruncated());
        assertEquals(1, page1.tags().size());
        ListRoleTagsResponse page2 = iam.listRoleTags(b -> b.roleName("rt-tags").maxItems(1).marker(page1.marker()));
        assertFalse(page2.isTruncated());
        assertEquals("team", page2.tags().get(0).key());

        fails("InvalidInput", 400, "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
                () -> iam.tagRole(b -> b.roleName("rt-tags").tags(Tag.builder().key("x").value("1").build(),
                        Tag.builder().key("X").value("2").build())));
        iam.untagRole(b -> b.roleName("rt-tags").tagKeys("ENV", "absent"));
        assertEquals(List.of(Tag.builder().key("team").value("core").build()), iam.listRoleTags(b -> b.roleName("rt-tags")).tags());

        List<Tag> fifty = new ArrayList<>();
        for (int i = 0; i < 49; i++) {
            fifty.add(Tag.builder().key("k" + i).value("v").build());
        }
        iam.tagRole(b -> b.roleName("rt-tags").tags(fifty));
        fails("LimitExceeded", 409, "The number of tags has reached the maximum limit.",
                () -> iam.tagRole(b -> b.roleName("rt-tags").tags(Tag.builder().key("one-more").value("v").build())));
        assertEquals(50, iam.getRole(b -> b.roleName("rt-tags")).role().tags().size());
    }

    @Test
    void permissionsBoundaries() {
        IamClient iam = alpha();
        iam.createRole(b -> b.roleName("rt-bound").assumeRolePolicyDocument(TRUST));
        String missing = "arn:aws:iam::111111111111:policy/rt-missing";
        fails("NoSuchEntity", 404, "Scope ARN: " + missing + " does not exist or is not attachable.",
                () -> iam.putRolePermissionsBoundary(b -> b.roleName("rt-bound").permissionsBoundary(missing)));
        fails("NoSuchEntity", 404, null, () -> iam.createRole(b -> b.roleName("rt-bound2").assumeRolePolicyDocument(TRUST)
                .permissionsBoundary(missing)));
        managedPolicy("rt-boundary");
        String arn = "arn:aws:iam::111111111111:policy/rt-boundary";
        iam.putRolePermissionsBoundary(b -> b.roleName("rt-bound").permissionsBoundary(arn));
        Role r = iam.getRole(b -> b.roleName("rt-bound")).role();
        assertEquals(arn, r.permissionsBoundary().permissionsBoundaryArn());
        assertEquals("PermissionsBoundaryPolicy", r.permissionsBoundary().permissionsBoundaryTypeAsString());
        iam.deleteRolePermissionsBoundary(b -> b.roleName("rt-bound"));
        assertNull(iam.getRole(b -> b.roleName("rt-bound")).role().permissionsBoundary());
        Role withBoundary = iam.createRole(b -> b.roleName("rt-bound3").assumeRolePolicyDocument(TRUST).permissionsBoundary(arn)).role();
        assertEquals(arn, withBoundary.permissionsBoundary().permissionsBoundaryArn());
    }

    @Test
    void accountsAreIsolated() {
        alpha().createRole(b -> b.roleName("rt-alpha-only").assumeRolePolicyDocument(TRUST));
        IamClient beta = beta();
        fails("NoSuchEntity", 404, "The role with name rt-alpha-only cannot be found.",
                () -> beta.getRole(b -> b.roleName("rt-alpha-only")));
        fails("NoSuchEntity", 404, null, () -> beta.deleteRole(b -> b.roleName("rt-alpha-only")));
        assertTrue(beta.listRoles().roles().stream().noneMatch(r -> r.roleName().equals("rt-alpha-only")));
        assertTrue(beta.listRoles().roles().stream().allMatch(r -> r.arn().startsWith("arn:aws:iam::222222222222:")));
        assertEquals("rt-alpha-only", alpha().getRole(b -> b.roleName("rt-alpha-only")).role().roleName());
    }

    @Test
    void directoryServesRolesByArnAndSeesChanges() {
        IamClient iam = alpha();
        iam.createRole(b -> b.roleName("rt-dir").path("/rt/dir/").assumeRolePolicyDocument(TRUST)
                .tags(Tag.builder().key("team").value("core").build()));
        Optional<RoleDirectory.RoleEntry> e = directory.byArn("arn:aws:iam::111111111111:role/rt/dir/rt-dir");
        assertTrue(e.isPresent());
        assertEquals("core", e.get().tags().get("team"));
        assertEquals(TRUST, e.get().role().trustPolicy());
        assertNotNull(e.get().trustPolicy(), "the trust policy comes compiled");
        assertEquals(TRUST, e.get().trustPolicy().document());
        assertTrue(directory.byArn("arn:aws:iam::111111111111:role/rt-dir").isEmpty(), "the path must match");
        assertTrue(directory.byArn("arn:aws:iam::111111111111:role/rt/dir/RT-DIR").isEmpty(), "the name as written");
        assertTrue(directory.byArn("arn:aws:iam::222222222222:role/rt/dir/rt-dir").isEmpty(), "another account");
        assertTrue(directory.byArn("arn:aws:iam::111111111111:user/rt/dir/rt-dir").isEmpty());
        assertTrue(directory.byArn("not an arn").isEmpty());
        iam.updateRole(b -> b.roleName("rt-dir").maxSessionDuration(9000));
        assertEquals(9000, directory.byArn("arn:aws:iam::111111111111:role/rt/dir/rt-dir").orElseThrow().role().maxSessionDuration());
        iam.deleteRole(b -> b.roleName("rt-dir"));
        assertTrue(directory.byArn("arn:aws:iam::111111111111:role/rt/dir/rt-dir").isEmpty());
    }

    @Test
    void roleLastUsedShowsRecordedUse() {
        String id = alpha().createRole(b -> b.roleName("rt-used").assumeRolePolicyDocument(TRUST)).role().roleId();
        Instant at = Instant.parse("2026-11-25T10:15:30Z");
        usage.record(id, at, "eu-west-1");
        Role r = alpha().getRole(b -> b.roleName("rt-used")).role();
        assertEquals(at, r.roleLastUsed().lastUsedDate());
        assertEquals("eu-west-1", r.roleLastUsed().region());
    }
}
