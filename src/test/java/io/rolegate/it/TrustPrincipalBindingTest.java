package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.StsException;

import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import static io.rolegate.it.StsFixtures.allow;
import static io.rolegate.it.StsFixtures.name;
import static io.rolegate.it.StsFixtures.q;
import static io.rolegate.it.StsFixtures.role;
import static io.rolegate.it.StsFixtures.trust;
import static io.rolegate.it.StsFixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A trust policy naming a user or role ARN trusts that principal only: AWS binds the ARN to the principal's unique id
 * when the policy is saved, so a principal deleted and re-created under the same name is not trusted, and GetRole /
 * ListRoles show the old unique id in place of the ARN once the principal is gone.
 */
@QuarkusTest
class TrustPrincipalBindingTest {
    @TestHTTPResource("/")
    URL base;

    static void denied(Runnable call) {
        StsException e = assertThrows(StsException.class, call::run);
        assertEquals("AccessDenied", e.awsErrorDetails().errorCode(), e.getMessage());
        assertEquals(403, e.statusCode());
    }

    static String document(Role r) {
        return URLDecoder.decode(r.assumeRolePolicyDocument(), StandardCharsets.UTF_8);
    }

    Role listed(IamClient iam, String roleName) {
        return iam.listRoles().roles().stream().filter(r -> r.roleName().equals(roleName)).findFirst().orElseThrow();
    }

    static void deleteUser(IamClient iam, String userName) {
        iam.listAccessKeys(b -> b.userName(userName)).accessKeyMetadata()
                .forEach(k -> iam.deleteAccessKey(b -> b.userName(userName).accessKeyId(k.accessKeyId())));
        iam.listUserPolicies(b -> b.userName(userName)).policyNames()
                .forEach(p -> iam.deleteUserPolicy(b -> b.userName(userName).policyName(p)));
        iam.deleteUser(b -> b.userName(userName));
    }

    /** A user of alpha named by a role of beta (another account hosted here): bound too. */
    @Test
    void aUserDeletedAndRecreatedUnderTheSameNameIsNotTrusted() {
        IamClient alpha = Aws.iam(base, Aws.ALPHA_ADMIN);
        IamClient beta = Aws.iam(base, Aws.BETA_ADMIN);
        String u = name("bind-user");
        String userArn = "arn:aws:iam::111111111111:user/" + u;
        AwsBasicCredentials first = user(base, Aws.ALPHA_ADMIN, u, allow("sts:AssumeRole", "*"));
        String oldId = alpha.getUser(b -> b.userName(u)).user().userId();
        String roleName = name("bind-role");
        String written = trust("[" + q(userArn) + "," + q("arn:aws:iam::222222222222:root") + "]", null, null);
        String roleArn = role(base, Aws.BETA_ADMIN, roleName, written, null);
        Aws.sts(base, first).assumeRole(b -> b.roleArn(roleArn).roleSessionName("first"));
        assertEquals(written, document(beta.getRole(b -> b.roleName(roleName)).role()), "shown as written while the user exists");

        deleteUser(alpha, u);
        AwsBasicCredentials second = user(base, Aws.ALPHA_ADMIN, u, allow("sts:AssumeRole", "*"));
        assertFalse(oldId.equals(alpha.getUser(b -> b.userName(u)).user().userId()));
        denied(() -> Aws.sts(base, second).assumeRole(b -> b.roleArn(roleArn).roleSessionName("second")));

        // the stored policy now shows the deleted user's unique id in place of the ARN, the rest as written
        String shown = written.replace(q(userArn), q(oldId));
        assertEquals(shown, document(beta.getRole(b -> b.roleName(roleName)).role()));
        assertEquals(shown, document(listed(beta, roleName)));

        // saving the policy again binds the ARN to the new user
        beta.updateAssumeRolePolicy(b -> b.roleName(roleName).policyDocument(written));
        Aws.sts(base, second).assumeRole(b -> b.roleArn(roleArn).roleSessionName("again"));
        assertEquals(written, document(beta.getRole(b -> b.roleName(roleName)).role()));
    }

    @Test
    void aRoleDeletedAndRecreatedUnderTheSameNameIsNotTrusted() {
        IamClient alpha = Aws.iam(base, Aws.ALPHA_ADMIN);
        String u = name("bind-caller");
        AwsBasicCredentials caller = user(base, Aws.ALPHA_ADMIN, u, null);
        String hopTrust = trust(q("arn:aws:iam::111111111111:user/" + u), null, null);
        String hop = name("bind-hop");
        String hopArn = role(base, Aws.ALPHA_ADMIN, hop, hopTrust, null);
        String oldHopId = alpha.getRole(b -> b.roleName(hop)).role().roleId();
        String target = name("bind-target");
        String written = trust(q(hopArn), null, null);
        String targetArn = role(base, Aws.ALPHA_ADMIN, target, written, null);
        AssumeRoleResponse s1 = Aws.sts(base, caller).assumeRole(b -> b.roleArn(hopArn).roleSessionName("s1"));
        Aws.sts(base, Aws.session(s1.credentials())).assumeRole(b -> b.roleArn(targetArn).roleSessionName("chain"));

        alpha.deleteRole(b -> b.roleName(hop));
        role(base, Aws.ALPHA_ADMIN, hop, hopTrust, null);
        AssumeRoleResponse s2 = Aws.sts(base, caller).assumeRole(b -> b.roleArn(hopArn).roleSessionName("s2"));
        denied(() -> Aws.sts(base, Aws.session(s2.credentials())).assumeRole(b -> b.roleArn(targetArn).roleSessionName("chain")));
        // a session of the deleted role does not get in either (its role is gone: its token no longer authenticates)
        StsException old = assertThrows(StsException.class, () -> Aws.sts(base, Aws.session(s1.credentials()))
                .assumeRole(b -> b.roleArn(targetArn).roleSessionName("old")));
        assertEquals(403, old.statusCode());

        String shown = document(alpha.getRole(b -> b.roleName(target)).role());
        assertEquals(written.replace(q(hopArn), q(oldHopId)), shown);
        assertTrue(oldHopId.startsWith("AROA"), oldHopId);
        assertEquals(shown, document(listed(alpha, target)));
    }
}
