package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.sts.model.StsException;

import java.net.URL;
import java.util.List;

import static io.rolegate.it.StsFixtures.allow;
import static io.rolegate.it.StsFixtures.name;
import static io.rolegate.it.StsFixtures.q;
import static io.rolegate.it.StsFixtures.role;
import static io.rolegate.it.StsFixtures.trust;
import static io.rolegate.it.StsFixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tag keys starting with the reserved {@code aws:} prefix, in any case, are refused on every taggable IAM entity
 * (CreateX with Tags and TagX) and as AssumeRole / GetFederationToken session tags; nothing is written. Web identity
 * session tags: StsWebIdentityTest.reservedSessionTagKeysInTheTokenAreRefused.
 */
@QuarkusTest
class ReservedTagKeysTest {
    static final String MESSAGE = "User-defined tag keys can't start with 'aws:'. This prefix is reserved for AWS tags.";
    static final List<String> RESERVED = List.of("aws:team", "AWS:team", "Aws:Team", "aWs:x");

    @TestHTTPResource("/")
    URL base;

    IamClient iam() {
        return Aws.iam(base, Aws.ALPHA_ADMIN);
    }

    static Tag tag(String key) {
        return Tag.builder().key(key).value("v").build();
    }

    static void refused(org.junit.jupiter.api.function.Executable call) {
        IamAssert.fails(400, "InvalidInput", MESSAGE, call);
    }

    @Test
    void users() {
        String u = name("rtk-user");
        for (String key : RESERVED) {
            refused(() -> iam().createUser(b -> b.userName(u).tags(tag("ok"), tag(key))));
        }
        assertTrue(iam().listUsers().users().stream().noneMatch(x -> x.userName().equals(u)), "nothing created");
        iam().createUser(b -> b.userName(u).tags(tag("ok")));
        for (String key : RESERVED) {
            refused(() -> iam().tagUser(b -> b.userName(u).tags(tag("other"), tag(key))));
        }
        assertEquals(List.of("ok"), iam().listUserTags(b -> b.userName(u)).tags().stream().map(Tag::key).toList());
    }

    @Test
    void roles() {
        String r = name("rtk-role");
        String trust = trust(q("arn:aws:iam::111111111111:root"), null, null);
        for (String key : RESERVED) {
            refused(() -> iam().createRole(b -> b.roleName(r).assumeRolePolicyDocument(trust).tags(tag(key))));
        }
        iam().createRole(b -> b.roleName(r).assumeRolePolicyDocument(trust));
        for (String key : RESERVED) {
            refused(() -> iam().tagRole(b -> b.roleName(r).tags(tag(key))));
        }
        assertTrue(iam().listRoleTags(b -> b.roleName(r)).tags().isEmpty());
    }

    @Test
    void managedPolicies() {
        String p = name("rtk-pol");
        for (String key : RESERVED) {
            refused(() -> iam().createPolicy(b -> b.policyName(p).policyDocument(IamAssert.ALLOW_ALL).tags(tag(key))));
        }
        String arn = iam().createPolicy(b -> b.policyName(p).policyDocument(IamAssert.ALLOW_ALL)).policy().arn();
        for (String key : RESERVED) {
            refused(() -> iam().tagPolicy(b -> b.policyArn(arn).tags(tag(key))));
        }
        assertTrue(iam().listPolicyTags(b -> b.policyArn(arn)).tags().isEmpty());
    }

    @Test
    void oidcProviders() {
        String url = "https://" + name("rtk") + ".example.com";
        for (String key : RESERVED) {
            refused(() -> iam().createOpenIDConnectProvider(b -> b.url(url).tags(tag(key))));
        }
        String arn = iam().createOpenIDConnectProvider(b -> b.url(url)).openIDConnectProviderArn();
        for (String key : RESERVED) {
            refused(() -> iam().tagOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn).tags(tag(key))));
        }
        assertTrue(iam().listOpenIDConnectProviderTags(b -> b.openIDConnectProviderArn(arn)).tags().isEmpty());
    }

    @Test
    void assumeRoleAndFederationSessionTags() {
        String u = name("rtk-caller");
        AwsBasicCredentials caller = user(base, Aws.ALPHA_ADMIN, u, allow("sts:*", "*"));
        String roleArn = role(base, Aws.ALPHA_ADMIN, name("rtk-target"),
                trust(q("arn:aws:iam::111111111111:user/" + u), "\"sts:TagSession\"", null), null);
        // the same role and tags without the prefix work: only the key is at fault
        Aws.sts(base, caller).assumeRole(b -> b.roleArn(roleArn).roleSessionName("ok")
                .tags(t -> t.key("team").value("v")));
        for (String key : RESERVED) {
            StsException e = assertThrows(StsException.class, () -> Aws.sts(base, caller).assumeRole(b -> b
                    .roleArn(roleArn).roleSessionName("s").tags(t -> t.key(key).value("v"))));
            assertEquals("InvalidParameterValue", e.awsErrorDetails().errorCode());
            assertEquals(MESSAGE, e.awsErrorDetails().errorMessage());
            assertEquals(400, e.statusCode());
            e = assertThrows(StsException.class, () -> Aws.sts(base, caller).getFederationToken(b -> b
                    .name("fed").tags(t -> t.key(key).value("v"))));
            assertEquals("InvalidParameterValue", e.awsErrorDetails().errorCode());
        }
    }
}
