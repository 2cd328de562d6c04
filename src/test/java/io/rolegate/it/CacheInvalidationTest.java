package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Tag;

import java.net.URL;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The invalidation matrix (issue 11): for every kind of write, "write X, then the cached read Y reflects it at once".
 * Each row warms the read (twice: the second answer comes from the caches), makes one write through the IAM API and
 * asks again; a missed invalidation answers as before the write. Reads: AssumeRole (role, trust bindings, the
 * caller's key, user and tags), an IAM call authorized by the caller's effective policies (inline, managed, groups,
 * boundary), a role session's call (the role's policies, session policy ARNs). Run on H2 here and on PostgreSQL by
 * {@link PostgresCacheInvalidationTest}.
 */
@QuarkusTest
class CacheInvalidationTest {
    private static final String ACCT = Aws.ALPHA;
    private static final String ALLOW_LIST = StsFixtures.allow("iam:ListRoles", "*");
    private static final String DENY_LIST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
            + "\"Action\":\"iam:ListRoles\",\"Resource\":\"*\"}]}";
    private static final String ALLOW_OTHER = StsFixtures.allow("iam:GetUser", "*");

    @TestHTTPResource("/")
    URL base;

    /** One row: what is set up, the read that is warmed, the write, and what the read answers after it. */
    record Row(String write, String read, Consumer<World> setup, Predicate<World> readIt, Consumer<World> writeIt,
               boolean before, boolean after) {
    }

    /** The entities of one row (fresh names per row). */
    final class World {
        final IamClient admin = Aws.iam(base, Aws.ALPHA_ADMIN);
        final String user = StsFixtures.name("ci-u");
        final String role = StsFixtures.name("ci-r");
        final String group = StsFixtures.name("ci-g");
        final String policy = StsFixtures.name("ci-p");
        String policyArn;
        AwsBasicCredentials key;
        AwsCredentials session;

        String userArn() {
            return "arn:aws:iam::" + ACCT + ":user/" + user;
        }

        String roleArn() {
            return "arn:aws:iam::" + ACCT + ":role/" + role;
        }

        World withUser(String inline) {
            key = StsFixtures.user(base, Aws.ALPHA_ADMIN, user, inline);
            return this;
        }

        World withRole(String trust) {
            admin.createRole(b -> b.roleName(role).assumeRolePolicyDocument(trust));
            return this;
        }

        World withPolicy(String document) {
            policyArn = admin.createPolicy(b -> b.policyName(policy).policyDocument(document)).policy().arn();
            return this;
        }

        boolean canAssume() {
            return succeeds(() -> Aws.sts(base, key).assumeRole(b -> b.roleArn(roleArn()).roleSessionName("ci")));
        }

        boolean canList(AwsCredentials who) {
            return succeeds(() -> Aws.iam(base, who).listRoles(b -> b.maxItems(1)));
        }

        void assumeWithSessionPolicy() {
            session = Aws.session(Aws.sts(base, key).assumeRole(b -> b.roleArn(roleArn()).roleSessionName("ci")
                    .policyArns(p -> p.arn(policyArn))).credentials());
        }
    }

    private static boolean succeeds(Runnable call) {
        try {
            call.run();
            return true;
        } catch (SdkServiceException e) {
            assertTrue(e.statusCode() == 403, "expected a refusal, got " + e.statusCode() + " " + e.getMessage());
            return false;
        }
    }

    private static String trustUser(World w) {
        return StsFixtures.trust(StsFixtures.q(w.userArn()), null, null);
    }

    private static final List<Row> MATRIX = List.of(
            new Row("DeleteAccessKey", "AssumeRole with the key",
                    w -> w.withUser(null).withRole(trustUser(w)), World::canAssume,
                    w -> w.admin.deleteAccessKey(b -> b.userName(w.user).accessKeyId(w.key.accessKeyId())), true, false),
            new Row("UpdateAccessKey Inactive", "AssumeRole with the key",
                    w -> w.withUser(null).withRole(trustUser(w)), World::canAssume,
                    w -> w.admin.updateAccessKey(b -> b.userName(w.user).accessKeyId(w.key.accessKeyId()).status("Inactive")),
                    true, false),
            new Row("UpdateAssumeRolePolicy", "AssumeRole (trust)",
                    w -> w.withUser(null).withRole(trustUser(w)), World::canAssume,
                    w -> w.admin.updateAssumeRolePolicy(b -> b.roleName(w.role).policyDocument(
                            StsFixtures.trust(StsFixtures.q("arn:aws:iam::" + Aws.BETA + ":root"), null, null))),
                    true, false),
            new Row("DeleteRole", "AssumeRole (role)",
                    w -> w.withUser(null).withRole(trustUser(w)), World::canAssume,
                    w -> w.admin.deleteRole(b -> b.roleName(w.role)), true, false),
            new Row("CreateRole", "AssumeRole of a role that did not exist (cached miss)",
                    w -> w.withUser(null), World::canAssume,
                    w -> w.withRole(trustUser(w)), false, true),
            new Row("DeleteUser + CreateUser (same name)", "AssumeRole by the new user (trust bound to the old one)",
                    w -> w.withUser(null).withRole(trustUser(w)), World::canAssume,
                    w -> {
                        w.admin.deleteAccessKey(b -> b.userName(w.user).accessKeyId(w.key.accessKeyId()));
                        w.admin.deleteUser(b -> b.userName(w.user));
                        w.withUser(null);
                    }, true, false),
            new Row("TagUser", "AssumeRole with a trust condition on aws:PrincipalTag",
                    w -> w.withUser(null).withRole(StsFixtures.trust(StsFixtures.q(w.userArn()), null,
                            "{\"StringEquals\":{\"aws:PrincipalTag/team\":\"blue\"}}")), World::canAssume,
                    w -> w.admin.tagUser(b -> b.userName(w.user).tags(Tag.builder().key("team").value("blue").build())),
                    false, true),
            new Row("PutUserPolicy (Deny)", "the user's IAM call",
                    w -> w.withUser(ALLOW_LIST), w -> w.canList(w.key),
                    w -> w.admin.putUserPolicy(b -> b.userName(w.user).policyName("deny").policyDocument(DENY_LIST)),
                    true, false),
            new Row("DeleteUserPolicy", "the user's IAM call",
                    w -> w.withUser(ALLOW_LIST), w -> w.canList(w.key),
                    w -> w.admin.deleteUserPolicy(b -> b.userName(w.user).policyName("p")), true, false),
            new Row("AttachUserPolicy (Deny)", "the user's IAM call",
                    w -> w.withUser(ALLOW_LIST).withPolicy(DENY_LIST), w -> w.canList(w.key),
                    w -> w.admin.attachUserPolicy(b -> b.userName(w.user).policyArn(w.policyArn)), true, false),
            new Row("DetachUserPolicy", "the user's IAM call",
                    w -> {
                        w.withUser(null).withPolicy(ALLOW_LIST);
                        w.admin.attachUserPolicy(b -> b.userName(w.user).policyArn(w.policyArn));
                    }, w -> w.canList(w.key),
                    w -> w.admin.detachUserPolicy(b -> b.userName(w.user).policyArn(w.policyArn)), true, false),
            new Row("CreatePolicyVersion (default)", "the IAM call of a user the policy is attached to",
                    w -> {
                        w.withUser(null).withPolicy(ALLOW_LIST);
                        w.admin.attachUserPolicy(b -> b.userName(w.user).policyArn(w.policyArn));
                    }, w -> w.canList(w.key),
                    w -> w.admin.createPolicyVersion(b -> b.policyArn(w.policyArn).policyDocument(ALLOW_OTHER)
                            .setAsDefault(true)), true, false),
            new Row("PutGroupPolicy (Deny)", "the IAM call of a member",
                    w -> {
                        w.withUser(ALLOW_LIST);
                        w.admin.createGroup(b -> b.groupName(w.group));
                        w.admin.addUserToGroup(b -> b.groupName(w.group).userName(w.user));
                    }, w -> w.canList(w.key),
                    w -> w.admin.putGroupPolicy(b -> b.groupName(w.group).policyName("deny").policyDocument(DENY_LIST)),
                    true, false),
            new Row("RemoveUserFromGroup", "the IAM call of the former member",
                    w -> {
                        w.withUser(null);
                        w.admin.createGroup(b -> b.groupName(w.group));
                        w.admin.putGroupPolicy(b -> b.groupName(w.group).policyName("allow").policyDocument(ALLOW_LIST));
                        w.admin.addUserToGroup(b -> b.groupName(w.group).userName(w.user));
                    }, w -> w.canList(w.key),
                    w -> w.admin.removeUserFromGroup(b -> b.groupName(w.group).userName(w.user)), true, false),
            new Row("AddUserToGroup (group with Deny)", "the IAM call of the new member",
                    w -> {
                        w.withUser(ALLOW_LIST);
                        w.admin.createGroup(b -> b.groupName(w.group));
                        w.admin.putGroupPolicy(b -> b.groupName(w.group).policyName("deny").policyDocument(DENY_LIST));
                    }, w -> w.canList(w.key),
                    w -> w.admin.addUserToGroup(b -> b.groupName(w.group).userName(w.user)), true, false),
            new Row("AttachGroupPolicy (Deny)", "the IAM call of a member",
                    w -> {
                        w.withUser(ALLOW_LIST).withPolicy(DENY_LIST);
                        w.admin.createGroup(b -> b.groupName(w.group));
                        w.admin.addUserToGroup(b -> b.groupName(w.group).userName(w.user));
                    }, w -> w.canList(w.key),
                    w -> w.admin.attachGroupPolicy(b -> b.groupName(w.group).policyArn(w.policyArn)), true, false),
            new Row("PutUserPermissionsBoundary", "the user's IAM call",
                    w -> w.withUser(ALLOW_LIST).withPolicy(ALLOW_OTHER), w -> w.canList(w.key),
                    w -> w.admin.putUserPermissionsBoundary(b -> b.userName(w.user).permissionsBoundary(w.policyArn)),
                    true, false),
            new Row("DeleteRolePolicy", "a role session's IAM call",
                    w -> {
                        w.withUser(null).withRole(trustUser(w)).withPolicy(ALLOW_LIST);
                        w.admin.putRolePolicy(b -> b.roleName(w.role).policyName("allow").policyDocument(ALLOW_LIST));
                        w.assumeWithSessionPolicy();
                    }, w -> w.canList(w.session),
                    w -> w.admin.deleteRolePolicy(b -> b.roleName(w.role).policyName("allow")), true, false),
            new Row("CreatePolicyVersion of a session policy ARN", "a role session's IAM call",
                    w -> {
                        w.withUser(null).withRole(trustUser(w)).withPolicy(ALLOW_LIST);
                        w.admin.putRolePolicy(b -> b.roleName(w.role).policyName("allow").policyDocument(ALLOW_LIST));
                        w.assumeWithSessionPolicy();
                    }, w -> w.canList(w.session),
                    w -> w.admin.createPolicyVersion(b -> b.policyArn(w.policyArn).policyDocument(ALLOW_OTHER)
                            .setAsDefault(true)), true, false));

    @TestFactory
    Stream<DynamicTest> aWriteIsReflectedByTheCachedReadAtOnce() {
        return MATRIX.stream().map(row -> DynamicTest.dynamicTest(row.write() + " -> " + row.read(), () -> {
            World w = new World();
            row.setup().accept(w);
            assertEquals(row.before(), row.readIt().test(w), "before the write");
            assertEquals(row.before(), row.readIt().test(w), "before the write, from the caches");
            row.writeIt().accept(w);
            assertEquals(row.after(), row.readIt().test(w), "right after " + row.write());
        }));
    }
}
