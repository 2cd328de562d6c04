package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PolicyVersion;

import java.net.URL;

import static io.rolegate.it.IamAssert.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The IAM calls Terraform's AWS provider (v5) makes to create, refresh, update and destroy aws_iam_user (with
 * force_destroy), aws_iam_role (with force_detach_policies), aws_iam_policy, aws_iam_role_policy, the policy
 * attachments and aws_iam_access_key, in its order, with the answers it needs (an empty list where Rolegate has no
 * such entity, NoSuchEntity where the provider tolerates it). README "Terraform" lists them. Terraform itself is not
 * installable here (no Debian package, no registry access), so its calls are replayed with the SDK.
 */
@QuarkusTest
class TerraformIamCallsTest {
    @TestHTTPResource("/")
    URL base;

    static final String DOC = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:Get*\",\"Resource\":\"*\"}]}";
    static final String DOC2 = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:List*\",\"Resource\":\"*\"}]}";

    @Test
    void applyRefreshUpdateAndDestroy() {
        IamClient iam = Aws.iam(base, Aws.ALPHA_ADMIN);
        String run = StsFixtures.name("tf");
        Aws.sts(base, Aws.ALPHA_ADMIN).getCallerIdentity(); // provider configuration: the account id

        // apply: aws_iam_policy
        Policy p = iam.createPolicy(b -> b.policyName(run + "-policy").path("/tf/").description("by terraform")
                .policyDocument(DOC).tags(t -> t.key("team").value("platform"))).policy();
        iam.getPolicy(b -> b.policyArn(p.arn()));
        iam.getPolicyVersion(b -> b.policyArn(p.arn()).versionId(p.defaultVersionId()));
        iam.listPolicyTags(b -> b.policyArn(p.arn()));
        // aws_iam_role
        String role = run + "-role";
        iam.createRole(b -> b.roleName(role).path("/tf/").maxSessionDuration(3600)
                .assumeRolePolicyDocument(StsFixtures.trust("\"111111111111\"", null, null))
                .tags(t -> t.key("team").value("platform")));
        iam.getRole(b -> b.roleName(role));
        iam.listRolePolicies(b -> b.roleName(role));
        iam.listAttachedRolePolicies(b -> b.roleName(role));
        // aws_iam_user
        String user = run + "-user";
        iam.createUser(b -> b.userName(user).path("/tf/").tags(t -> t.key("team").value("platform")));
        iam.getUser(b -> b.userName(user));
        // attachments, inline role policy, access key
        iam.attachRolePolicy(b -> b.roleName(role).policyArn(p.arn()));
        iam.attachRolePolicy(b -> b.roleName(role).policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
        iam.attachUserPolicy(b -> b.userName(user).policyArn(p.arn()));
        iam.putRolePolicy(b -> b.roleName(role).policyName("inline").policyDocument(DOC));
        AccessKey key = iam.createAccessKey(b -> b.userName(user)).accessKey();

        // refresh (plan)
        assertEquals(2, iam.listAttachedRolePolicies(b -> b.roleName(role)).attachedPolicies().size());
        assertEquals(1, iam.listAttachedUserPolicies(b -> b.userName(user)).attachedPolicies().size());
        iam.getRolePolicy(b -> b.roleName(role).policyName("inline"));
        assertTrue(iam.listAccessKeys(b -> b.userName(user)).accessKeyMetadata().stream()
                .anyMatch(k -> k.accessKeyId().equals(key.accessKeyId())));

        // update aws_iam_policy: a new default version, the oldest pruned when five exist
        for (int i = 0; i < 5; i++) {
            if (iam.listPolicyVersions(b -> b.policyArn(p.arn())).versions().size() == 5) {
                String oldest = iam.listPolicyVersions(b -> b.policyArn(p.arn())).versions().stream()
                        .filter(v -> !v.isDefaultVersion()).reduce((a, b) -> b).map(PolicyVersion::versionId).orElseThrow();
                iam.deletePolicyVersion(b -> b.policyArn(p.arn()).versionId(oldest));
            }
            iam.createPolicyVersion(b -> b.policyArn(p.arn()).policyDocument(DOC2).setAsDefault(true));
        }
        assertEquals("v6", iam.getPolicy(b -> b.policyArn(p.arn())).policy().defaultVersionId());

        // destroy, in dependency order
        iam.deleteAccessKey(b -> b.userName(user).accessKeyId(key.accessKeyId()));
        iam.deleteRolePolicy(b -> b.roleName(role).policyName("inline"));
        iam.detachUserPolicy(b -> b.userName(user).policyArn(p.arn()));
        iam.detachRolePolicy(b -> b.roleName(role).policyArn(p.arn()));
        iam.detachRolePolicy(b -> b.roleName(role).policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
        // aws_iam_user with force_destroy: everything a user may own, then the user
        assertTrue(iam.listGroupsForUser(b -> b.userName(user)).groups().isEmpty());
        assertTrue(iam.listAccessKeys(b -> b.userName(user)).accessKeyMetadata().isEmpty());
        assertTrue(iam.listSSHPublicKeys(b -> b.userName(user)).sshPublicKeys().isEmpty());
        assertTrue(iam.listMFADevices(b -> b.userName(user)).mfaDevices().isEmpty());
        assertTrue(iam.listSigningCertificates(b -> b.userName(user)).certificates().isEmpty());
        assertTrue(iam.listServiceSpecificCredentials(b -> b.userName(user)).serviceSpecificCredentials().isEmpty());
        assertThrows(NoSuchEntityException.class, () -> iam.deleteLoginProfile(b -> b.userName(user)));
        assertTrue(iam.listUserPolicies(b -> b.userName(user)).policyNames().isEmpty());
        assertTrue(iam.listAttachedUserPolicies(b -> b.userName(user)).attachedPolicies().isEmpty());
        iam.deleteUser(b -> b.userName(user));
        // aws_iam_role with force_detach_policies
        assertTrue(iam.listInstanceProfilesForRole(b -> b.roleName(role)).instanceProfiles().isEmpty());
        assertTrue(iam.listRolePolicies(b -> b.roleName(role)).policyNames().isEmpty());
        assertTrue(iam.listAttachedRolePolicies(b -> b.roleName(role)).attachedPolicies().isEmpty());
        iam.deleteRole(b -> b.roleName(role));
        // aws_iam_policy: non-default versions first
        iam.listPolicyVersions(b -> b.policyArn(p.arn())).versions().stream().filter(v -> !v.isDefaultVersion())
                .forEach(v -> iam.deletePolicyVersion(b -> b.policyArn(p.arn()).versionId(v.versionId())));
        iam.deletePolicy(b -> b.policyArn(p.arn()));

        // what a second destroy (or a refresh after manual deletion) sees: NoSuchEntity, which the provider reads as gone
        fails(404, "NoSuchEntity", "The user with name " + user + " cannot be found.", () -> iam.getUser(b -> b.userName(user)));
        fails(404, "NoSuchEntity", "The role with name " + role + " cannot be found.",
                () -> iam.listInstanceProfilesForRole(b -> b.roleName(role)));
        fails(404, "NoSuchEntity", "The user with name " + user + " cannot be found.",
                () -> iam.getLoginProfile(b -> b.userName(user)));
        fails(404, "NoSuchEntity", "Policy " + p.arn() + " was not found.", () -> iam.getPolicy(b -> b.policyArn(p.arn())));
    }

    @Test
    void loginProfileOfAnExistingUserIsNotFoundAsAws() {
        IamClient iam = Aws.iam(base, Aws.ALPHA_ADMIN);
        String user = StsFixtures.name("tf-lp");
        iam.createUser(b -> b.userName(user));
        fails(404, "NoSuchEntity", "Login Profile for User " + user + " cannot be found.",
                () -> iam.getLoginProfile(b -> b.userName(user)));
        iam.deleteUser(b -> b.userName(user));
    }
}
