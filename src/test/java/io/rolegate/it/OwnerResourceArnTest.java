package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;

import java.net.URL;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The resource ARN an IAM action on a user, group or role is authorized against (iam.PolicyOwners.resourceArn): the
 * entity's real ARN, path included, when it exists; its name under "/" when it does not, so a caller without rights
 * hears AccessDenied before learning whether it exists.
 */
@QuarkusTest
class OwnerResourceArnTest {
    @TestHTTPResource("/")
    URL base;

    @Test
    void existingEntitiesByTheirRealArnMissingOnesUnderTheRootPath() {
        IamClient admin = Aws.iam(base, Aws.ALPHA_ADMIN);
        String secureUser = StsFixtures.name("own-u");
        String secureRole = StsFixtures.name("own-r");
        admin.createUser(b -> b.userName(secureUser).path("/secure/"));
        StsFixtures.role(base, Aws.ALPHA_ADMIN, secureRole, StsFixtures.trust("\"" + Aws.ALPHA + "\"", null, null), null);
        String plainUser = StsFixtures.name("own-p");
        admin.createUser(b -> b.userName(plainUser));
        AwsBasicCredentials c = StsFixtures.user(base, Aws.ALPHA_ADMIN, StsFixtures.name("own-caller"),
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"iam:GetUser\","
                        + "\"iam:GetRole\"],\"Resource\":[\"arn:aws:iam::" + Aws.ALPHA + ":user/secure/*\","
                        + "\"arn:aws:iam::" + Aws.ALPHA + ":role/" + secureRole + "\",\"arn:aws:iam::" + Aws.ALPHA
                        + ":user/ghost-*\"]}]}");
        IamClient iam = Aws.iam(base, c);

        assertEquals("/secure/", iam.getUser(b -> b.userName(secureUser)).user().path(), "matched with its path");
        assertEquals(secureRole, iam.getRole(b -> b.roleName(secureRole)).role().roleName());
        assertEquals("AccessDenied", code(() -> iam.getUser(b -> b.userName(plainUser))));
        assertEquals("AccessDenied", code(() -> iam.getUser(b -> b.userName("nobody-" + secureUser))),
                "a missing user is authorized as user/<name>: denied before NoSuchEntity");
        assertEquals("NoSuchEntity", code(() -> iam.getUser(b -> b.userName("ghost-" + secureUser))),
                "allowed on the placeholder ARN, then not found");
        assertEquals("NoSuchEntity", code(() -> admin.getRole(b -> b.roleName("nobody-" + secureRole))));
    }

    static String code(Runnable call) {
        return assertThrows(IamException.class, call::run).awsErrorDetails().errorCode();
    }
}
