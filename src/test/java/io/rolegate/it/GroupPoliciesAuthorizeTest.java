package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

import java.net.URL;

import static io.rolegate.it.IamAssert.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The stored policies decide for non-admin callers: a group's inline policy, an attached policy, a boundary. */
@QuarkusTest
class GroupPoliciesAuthorizeTest {
    @TestHTTPResource("/")
    URL base;

    @Test
    void aGroupPolicyAllowsAndABoundaryCaps() {
        IamClient admin = Aws.iam(base, Aws.ALPHA_ADMIN);
        admin.createUser(b -> b.userName("gpa-worker"));
        AccessKey key = admin.createAccessKey(b -> b.userName("gpa-worker")).accessKey();
        IamClient worker = Aws.iam(base, AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
        admin.createGroup(b -> b.groupName("gpa-readers"));

        fails(403, "AccessDenied", null, () -> worker.getGroup(b -> b.groupName("gpa-readers")));

        admin.addUserToGroup(b -> b.groupName("gpa-readers").userName("gpa-worker"));
        admin.putGroupPolicy(b -> b.groupName("gpa-readers").policyName("read-groups").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"iam:GetGroup\",\"iam:ListPolicies\"],"
                        + "\"Resource\":\"*\"}]}"));
        assertEquals("gpa-readers", worker.getGroup(b -> b.groupName("gpa-readers")).group().groupName());

        // a boundary that allows only ListPolicies caps what the group grants
        String boundary = admin.createPolicy(b -> b.policyName("gpa-boundary").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:ListPolicies\",\"Resource\":\"*\"}]}"))
                .policy().arn();
        admin.putUserPermissionsBoundary(b -> b.userName("gpa-worker").permissionsBoundary(boundary));
        fails(403, "AccessDenied", null, () -> worker.getGroup(b -> b.groupName("gpa-readers")));
        worker.listPolicies();

        // an attached managed policy with an explicit deny wins
        admin.deleteUserPermissionsBoundary(b -> b.userName("gpa-worker"));
        String deny = admin.createPolicy(b -> b.policyName("gpa-deny").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"iam:GetGroup\",\"Resource\":\"*\"}]}"))
                .policy().arn();
        admin.attachUserPolicy(b -> b.userName("gpa-worker").policyArn(deny));
        var e = fails(403, "AccessDenied", null, () -> worker.getGroup(b -> b.groupName("gpa-readers")));
        assertEquals(true, e.awsErrorDetails().errorMessage().contains("explicit deny"), e.awsErrorDetails().errorMessage());
    }
}
