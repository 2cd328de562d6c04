package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.IamException;

import java.net.URL;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** IAM calls by non-admin principals are decided by their identity policies through the policy engine. */
@QuarkusTest
class IdentityPolicyAuthorizationTest {
    @TestHTTPResource("/")
    URL base;

    private IamClient as(AccessKey k) {
        return Aws.iam(base, AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey()));
    }

    private AccessKey userWithPolicy(String name, String policy) {
        IamClient admin = Aws.iam(base, Aws.ALPHA_ADMIN);
        admin.createUser(b -> b.userName(name));
        if (policy != null) {
            admin.putUserPolicy(b -> b.userName(name).policyName("p").policyDocument(policy));
        }
        return admin.createAccessKey(b -> b.userName(name)).accessKey();
    }

    @Test
    void aUserMayReadItselfAndNobodyElse() {
        AccessKey k = userWithPolicy("ipa-self", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"iam:GetUser\",\"Resource\":\"arn:aws:iam::111111111111:user/${aws:username}\"}]}");
        IamClient self = as(k);
        assertEquals("ipa-self", self.getUser().user().userName());
        assertEquals("ipa-self", self.getUser(b -> b.userName("ipa-self")).user().userName());
        IamException e = assertThrows(IamException.class, () -> self.getUser(b -> b.userName("admin")));
        assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
        assertEquals(403, e.statusCode());
        assertEquals("User: arn:aws:iam::111111111111:user/ipa-self is not authorized to perform: iam:GetUser on resource: "
                + "arn:aws:iam::111111111111:user/admin because no identity-based policy allows the iam:GetUser action",
                e.awsErrorDetails().errorMessage());
        // the denial carries an encoded authorization message that the account's admin can decode
        String body = e.awsErrorDetails().rawResponse().asUtf8String();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("<EncodedAuthorizationMessage>([^<]+)</EncodedAuthorizationMessage>").matcher(body);
        org.junit.jupiter.api.Assertions.assertTrue(m.find(), body);
        String decoded = Aws.sts(base, Aws.ALPHA_ADMIN).decodeAuthorizationMessage(b -> b.encodedMessage(m.group(1)))
                .decodedMessage();
        org.junit.jupiter.api.Assertions.assertTrue(decoded.contains("\"allowed\":false"), decoded);
        org.junit.jupiter.api.Assertions.assertTrue(decoded.contains("\"action\":\"iam:GetUser\""), decoded);
        org.junit.jupiter.api.Assertions.assertTrue(decoded.contains("arn:aws:iam::111111111111:user/admin"), decoded);
        // ...and the denied user itself may not (no sts:DecodeAuthorizationMessage permission)
        software.amazon.awssdk.services.sts.model.StsException no = assertThrows(
                software.amazon.awssdk.services.sts.model.StsException.class, () -> Aws.sts(base,
                        AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey()))
                        .decodeAuthorizationMessage(b -> b.encodedMessage(m.group(1))));
        assertEquals("AccessDenied", no.awsErrorDetails().errorCode());
        IamException create = assertThrows(IamException.class, () -> self.createUser(b -> b.userName("ipa-sneaky")));
        assertEquals("AccessDenied", create.awsErrorDetails().errorCode());
        assertThrows(IamException.class, () -> Aws.iam(base, Aws.ALPHA_ADMIN).getUser(b -> b.userName("ipa-sneaky")));
    }

    @Test
    void anExplicitDenyWinsAndIsNamed() {
        AccessKey k = userWithPolicy("ipa-deny", "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":\"iam:*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"iam:DeleteUser\",\"Resource\":\"*\"}]}");
        IamClient u = as(k);
        u.createUser(b -> b.userName("ipa-victim"));
        IamException e = assertThrows(IamException.class, () -> u.deleteUser(b -> b.userName("ipa-victim")));
        assertEquals("User: arn:aws:iam::111111111111:user/ipa-deny is not authorized to perform: iam:DeleteUser on resource: "
                + "arn:aws:iam::111111111111:user/ipa-victim with an explicit deny in an identity-based policy",
                e.awsErrorDetails().errorMessage());
    }

    @Test
    void groupPoliciesCount() {
        IamClient admin = Aws.iam(base, Aws.ALPHA_ADMIN);
        AccessKey k = userWithPolicy("ipa-member", null);
        IamException before = assertThrows(IamException.class, () -> as(k).listUsers());
        assertEquals("AccessDenied", before.awsErrorDetails().errorCode());
        admin.createGroup(b -> b.groupName("ipa-readers"));
        admin.putGroupPolicy(b -> b.groupName("ipa-readers").policyName("read").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":[\"iam:List*\",\"iam:Get*\"],\"Resource\":\"*\"}}"));
        admin.addUserToGroup(b -> b.groupName("ipa-readers").userName("ipa-member"));
        as(k).listUsers();
    }
}
