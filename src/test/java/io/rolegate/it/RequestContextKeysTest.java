package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

import java.net.URL;

import static io.rolegate.it.StsFixtures.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Condition keys the edge fills: aws:RequestedRegion from the SigV4 credential scope (also RoleLastUsed.Region), and
 * aws:RequestTag/K and aws:TagKeys for the IAM actions that take tags.
 */
@QuarkusTest
class RequestContextKeysTest {
    @TestHTTPResource("/")
    URL base;

    private StsClient sts(AwsBasicCredentials c, Region region) {
        return StsClient.builder().endpointOverride(Aws.endpoint(base)).region(region)
                .credentialsProvider(StaticCredentialsProvider.create(c)).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build();
    }

    @Test
    void aDenyOnTheRequestedRegionApplies() {
        AwsBasicCredentials c = StsFixtures.user(base, Aws.ALPHA_ADMIN, name("rr"), "{\"Version\":\"2012-10-17\","
                + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:GetAccessKeyInfo\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringNotEquals\":{\"aws:RequestedRegion\":[\"eu-west-1\"]}}}]}");
        String keyId = c.accessKeyId();
        assertEquals(Aws.ALPHA, sts(c, Region.EU_WEST_1).getAccessKeyInfo(b -> b.accessKeyId(keyId)).account());
        StsException e = assertThrows(StsException.class,
                () -> sts(c, Region.US_WEST_2).getAccessKeyInfo(b -> b.accessKeyId(keyId)));
        assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
        // IAM requests are signed for us-east-1 (IAM is global): the same Deny refuses them
        IamException iam = assertThrows(IamException.class, () -> Aws.iam(base, c).listUsers());
        assertEquals("AccessDenied", iam.awsErrorDetails().errorCode());
    }

    @Test
    void roleLastUsedRecordsTheRegion() {
        String user = name("rlu");
        AwsBasicCredentials c = StsFixtures.user(base, Aws.ALPHA_ADMIN, user, StsFixtures.allow("sts:AssumeRole", "*"));
        String roleName = name("rlu-role");
        String arn = StsFixtures.role(base, Aws.ALPHA_ADMIN, roleName,
                StsFixtures.trust(StsFixtures.q("arn:aws:iam::111111111111:user/" + user), null, null), null);
        sts(c, Region.AP_SOUTHEAST_2).assumeRole(b -> b.roleArn(arn).roleSessionName("s1"));
        Role r = Aws.iam(base, Aws.ALPHA_ADMIN).getRole(b -> b.roleName(roleName)).role();
        assertNotNull(r.roleLastUsed().lastUsedDate());
        assertEquals("ap-southeast-2", r.roleLastUsed().region());
    }

    @Test
    void requestTagsDecideTagUserAndUntagUser() {
        IamClient admin = Aws.iam(base, Aws.ALPHA_ADMIN);
        String target = name("rt-target");
        admin.createUser(b -> b.userName(target));
        IamClient tagger = Aws.iam(base, StsFixtures.user(base, Aws.ALPHA_ADMIN, name("rt-tagger"), "{\"Version\":\"2012-10-17\","
                + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:TagUser\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEquals\":{\"aws:RequestTag/team\":\"blue\"},"
                + "\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"team\"]}}},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iam:UntagUser\",\"Resource\":\"*\","
                + "\"Condition\":{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"team\"]}}}]}"));
        tagger.tagUser(b -> b.userName(target).tags(t -> t.key("team").value("blue")));
        assertDenied(() -> tagger.tagUser(b -> b.userName(target).tags(t -> t.key("team").value("red"))));
        assertDenied(() -> tagger.tagUser(b -> b.userName(target).tags(t -> t.key("team").value("blue"),
                t -> t.key("cost").value("7"))));
        admin.tagUser(b -> b.userName(target).tags(t -> t.key("cost").value("7")));
        assertDenied(() -> tagger.untagUser(b -> b.userName(target).tagKeys("cost")));
        tagger.untagUser(b -> b.userName(target).tagKeys("team"));
        assertEquals(1, admin.listUserTags(b -> b.userName(target)).tags().size());
    }

    @Test
    void aDenyWithoutAnOwnerTagStopsCreateRole() {
        IamClient creator = Aws.iam(base, StsFixtures.user(base, Aws.ALPHA_ADMIN, name("rt-creator"), "{\"Version\":\"2012-10-17\","
                + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:CreateRole\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"iam:CreateRole\",\"Resource\":\"*\","
                + "\"Condition\":{\"Null\":{\"aws:RequestTag/owner\":\"true\"}}}]}"));
        String trust = StsFixtures.trust(StsFixtures.q("111111111111"), null, null);
        String untagged = name("rt-untagged");
        IamException e = assertDenied(() -> creator.createRole(b -> b.roleName(untagged).assumeRolePolicyDocument(trust)));
        String message = e.awsErrorDetails().errorMessage();
        org.junit.jupiter.api.Assertions.assertTrue(message.endsWith(" is not authorized to perform: iam:CreateRole on resource: "
                + "arn:aws:iam::111111111111:role/" + untagged + " with an explicit deny in an identity-based policy"), message);
        String tagged = name("rt-tagged");
        creator.createRole(b -> b.roleName(tagged).assumeRolePolicyDocument(trust).tags(t -> t.key("owner").value("ops")));
    }

    private static IamException assertDenied(org.junit.jupiter.api.function.Executable call) {
        IamException e = assertThrows(IamException.class, call);
        assertEquals("AccessDenied", e.awsErrorDetails().errorCode(), e.awsErrorDetails().errorMessage());
        return e;
    }
}
