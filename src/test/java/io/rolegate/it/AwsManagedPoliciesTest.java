package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;
import software.amazon.awssdk.services.iam.model.PolicyVersion;

import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.rolegate.it.IamAssert.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AWS managed policies (arn:aws:iam::aws:policy/...): readable, listable and attachable by every account as AWS's are,
 * read-only, their counts and entities those of the caller's own account.
 */
@QuarkusTest
class AwsManagedPoliciesTest {
    static final String ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
    static final String IAM_READ = "arn:aws:iam::aws:policy/IAMReadOnlyAccess";
    static final String POWER = "arn:aws:iam::aws:policy/PowerUserAccess";

    @TestHTTPResource("/")
    URL base;

    IamClient alpha() {
        return Aws.iam(base, Aws.ALPHA_ADMIN);
    }

    @Test
    void readableAsAwsServesThem() {
        Policy p = alpha().getPolicy(b -> b.policyArn(ADMIN)).policy();
        assertEquals("AdministratorAccess", p.policyName());
        assertEquals("/", p.path());
        assertEquals("v1", p.defaultVersionId());
        assertTrue(p.isAttachable());
        assertTrue(p.policyId().startsWith("ANPA") && p.policyId().length() == 21, p.policyId());
        assertEquals("Provides full access to AWS services and resources.", p.description());
        PolicyVersion v = alpha().getPolicyVersion(b -> b.policyArn(ADMIN).versionId("v1")).policyVersion();
        assertTrue(v.isDefaultVersion());
        assertEquals("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
                URLDecoder.decode(v.document(), StandardCharsets.UTF_8));
        assertEquals(List.of("v1"), alpha().listPolicyVersions(b -> b.policyArn(ADMIN)).versions().stream()
                .map(PolicyVersion::versionId).toList());
        fails(404, "NoSuchEntity", "Policy arn:aws:iam::aws:policy/NoSuchManagedPolicy was not found.",
                () -> alpha().getPolicy(b -> b.policyArn("arn:aws:iam::aws:policy/NoSuchManagedPolicy")));
    }

    @Test
    void listedByScope() {
        List<String> aws = names(alpha(), PolicyScopeType.AWS);
        assertTrue(aws.containsAll(List.of("AdministratorAccess", "IAMFullAccess", "IAMReadOnlyAccess",
                "PowerUserAccess", "ReadOnlyAccess")), aws.toString());
        assertTrue(aws.stream().allMatch(n -> !n.startsWith("mp-")), aws.toString());
        assertFalse(names(alpha(), PolicyScopeType.LOCAL).contains("AdministratorAccess"));
        assertTrue(names(alpha(), PolicyScopeType.ALL).contains("PowerUserAccess"));
        // pages of one item walk the AWS scope in name order without losing or repeating one
        List<String> paged = new java.util.ArrayList<>();
        String marker = null;
        do {
            String m = marker;
            var page = alpha().listPolicies(b -> b.scope(PolicyScopeType.AWS).maxItems(1).marker(m));
            page.policies().forEach(x -> paged.add(x.policyName()));
            marker = page.isTruncated() ? page.marker() : null;
        } while (marker != null);
        assertEquals(aws, paged);
    }

    static List<String> names(IamClient iam, PolicyScopeType scope) {
        return iam.listPolicies(b -> b.scope(scope).maxItems(1000)).policies().stream().map(Policy::policyName).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/iam/aws-managed-policies.tsv", delimiter = '\t')
    void attachedPolicyDecides(String name, String version, String allowed, String denied) {
        String arn = "arn:aws:iam::aws:policy/" + name;
        assertEquals(version, alpha().getPolicy(b -> b.policyArn(arn)).policy().defaultVersionId());
        String user = StsFixtures.name("amp");
        alpha().createUser(b -> b.userName(user));
        alpha().attachUserPolicy(b -> b.userName(user).policyArn(arn));
        String userArn = alpha().getUser(b -> b.userName(user)).user().arn();
        assertEquals("allowed", decision(userArn, allowed));
        if (!"-".equals(denied)) {
            assertEquals("implicitDeny", decision(userArn, denied));
        }
        alpha().detachUserPolicy(b -> b.userName(user).policyArn(arn));
        alpha().deleteUser(b -> b.userName(user));
    }

    private String decision(String userArn, String action) {
        return alpha().simulatePrincipalPolicy(b -> b.policySourceArn(userArn).actionNames(action))
                .evaluationResults().get(0).evalDecisionAsString();
    }

    @Test
    void attachedPolicyGovernsRealCallsAndCountsStayInTheAccount() {
        String user = StsFixtures.name("amp-reader");
        AwsBasicCredentials keys = StsFixtures.user(base, Aws.ALPHA_ADMIN, user, null);
        IamClient reader = Aws.iam(base, keys);
        assertEquals(403, assertThrows(IamException.class, () -> reader.listUsers()).statusCode());

        alpha().attachUserPolicy(b -> b.userName(user).policyArn(IAM_READ));
        alpha().attachUserPolicy(b -> b.userName(user).policyArn(IAM_READ)); // idempotent, as in AWS
        assertTrue(reader.listUsers().users().stream().anyMatch(u -> u.userName().equals(user)));
        IamException denied = assertThrows(IamException.class, () -> reader.createUser(b -> b.userName("amp-nope")));
        assertEquals("AccessDenied", denied.awsErrorDetails().errorCode());

        assertEquals(List.of(IAM_READ), alpha().listAttachedUserPolicies(b -> b.userName(user)).attachedPolicies()
                .stream().map(a -> a.policyArn()).toList());
        assertTrue(alpha().getPolicy(b -> b.policyArn(IAM_READ)).policy().attachmentCount() >= 1);
        assertTrue(alpha().listEntitiesForPolicy(b -> b.policyArn(IAM_READ).entityFilter(EntityType.USER))
                .policyUsers().stream().anyMatch(u -> u.userName().equals(user)));
        // another account sees neither the attachment nor the user
        IamClient beta = Aws.iam(base, Aws.BETA_ADMIN);
        assertTrue(beta.listEntitiesForPolicy(b -> b.policyArn(IAM_READ)).policyUsers().stream()
                .noneMatch(u -> u.userName().equals(user)));
        assertEquals(0, beta.getPolicy(b -> b.policyArn(IAM_READ)).policy().attachmentCount());
        assertFalse(names(beta, PolicyScopeType.AWS).isEmpty());
        assertTrue(beta.listPolicies(b -> b.scope(PolicyScopeType.AWS).onlyAttached(true)).policies().stream()
                .noneMatch(p -> p.arn().equals(IAM_READ)));
        assertTrue(alpha().listPolicies(b -> b.scope(PolicyScopeType.AWS).onlyAttached(true)).policies().stream()
                .anyMatch(p -> p.arn().equals(IAM_READ)));

        alpha().detachUserPolicy(b -> b.userName(user).policyArn(IAM_READ));
        assertEquals(403, assertThrows(IamException.class, () -> reader.listUsers()).statusCode());
    }

    @Test
    void boundaryOfAwsManagedPolicyLimitsAnAdministrator() {
        String role = StsFixtures.name("amp-bounded");
        alpha().createRole(b -> b.roleName(role).permissionsBoundary(POWER).assumeRolePolicyDocument(
                StsFixtures.trust("\"111111111111\"", null, null)));
        alpha().attachRolePolicy(b -> b.roleName(role).policyArn(ADMIN));
        String roleArn = alpha().getRole(b -> b.roleName(role)).role().arn();
        assertEquals(POWER, alpha().getRole(b -> b.roleName(role)).role().permissionsBoundary().permissionsBoundaryArn());
        var results = alpha().simulatePrincipalPolicy(b -> b.policySourceArn(roleArn)
                .actionNames("iam:CreateUser", "monitron:GetProject")).evaluationResults();
        assertEquals("implicitDeny", results.get(0).evalDecisionAsString());
        assertEquals("allowed", results.get(1).evalDecisionAsString());
        assertEquals(1, alpha().getPolicy(b -> b.policyArn(POWER)).policy().permissionsBoundaryUsageCount());
        // an AWS managed policy as a session policy ARN narrows the session further
        var creds = Aws.sts(base, Aws.ALPHA_ADMIN).assumeRole(b -> b.roleArn(roleArn).roleSessionName("amp")
                .policyArns(a -> a.arn(IAM_READ))).credentials();
        IamClient session = Aws.iam(base, Aws.session(creds));
        assertTrue(session.listRoles().roles().stream().anyMatch(r -> r.roleName().equals(role)));
        assertEquals(403, assertThrows(IamException.class, () -> session.listUsers()).statusCode()); // boundary
        alpha().detachRolePolicy(b -> b.roleName(role).policyArn(ADMIN));
        alpha().deleteRolePermissionsBoundary(b -> b.roleName(role));
        alpha().deleteRole(b -> b.roleName(role));
    }

    @Test
    void readOnlyForEveryAccount() {
        IamClient iam = alpha();
        String doc = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:Get*\",\"Resource\":\"*\"}]}";
        // AWS's resources in another account: the caller's own policies cannot allow a change (legacy message, as
        // every cross-account IAM denial)
        for (var call : List.<org.junit.jupiter.api.function.Executable>of(
                () -> iam.deletePolicy(b -> b.policyArn(ADMIN)),
                () -> iam.createPolicyVersion(b -> b.policyArn(ADMIN).policyDocument(doc).setAsDefault(true)),
                () -> iam.setDefaultPolicyVersion(b -> b.policyArn(ADMIN).versionId("v1")),
                () -> iam.deletePolicyVersion(b -> b.policyArn(ADMIN).versionId("v1")),
                () -> iam.tagPolicy(b -> b.policyArn(ADMIN).tags(t -> t.key("k").value("v"))))) {
            IamException e = assertThrows(IamException.class, call);
            assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
            assertTrue(e.awsErrorDetails().errorMessage().startsWith("User: arn:aws:iam::111111111111:user/admin is not "
                    + "authorized to perform: iam:"), e.awsErrorDetails().errorMessage());
            assertTrue(e.awsErrorDetails().errorMessage().endsWith(" on resource: " + ADMIN), e.awsErrorDetails().errorMessage());
        }
        // nothing changed
        Policy p = iam.getPolicy(b -> b.policyArn(ADMIN)).policy();
        assertEquals("v1", p.defaultVersionId());
        assertTrue(p.tags().isEmpty());
        assertEquals(1, iam.listPolicyVersions(b -> b.policyArn(ADMIN)).versions().size());
    }
}
