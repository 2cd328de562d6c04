package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rolegate.iam.SessionRevocationService;
import io.rolegate.model.SessionRevocation;
import io.rolegate.store.RevocationStore;
import io.rolegate.store.Transactions;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static io.rolegate.it.StsFixtures.allow;
import static io.rolegate.it.StsFixtures.name;
import static io.rolegate.it.StsFixtures.q;
import static io.rolegate.it.StsFixtures.role;
import static io.rolegate.it.StsFixtures.trust;
import static io.rolegate.it.StsFixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Revocation of temporary credentials: RevokeSession (by ASIA key id or session ARN), RevokeRoleSessions and
 * RevokeUserSessions through the Query API; a revoked session's next request, whatever the action (GetCallerIdentity
 * included), answers InvalidClientTokenId; other sessions and later ones keep working; bad or unauthorized requests
 * change nothing. Deleting the role or user ends its sessions the same way. AWSRevokeOlderSessions keeps working.
 */
@QuarkusTest
class SessionRevocationTest {
    static final String INVALID = "The security token included in the request is invalid.";
    static final String ROLE_RIGHTS = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":[\"iam:GetRole\",\"sts:AssumeRole\"],\"Resource\":\"*\"}]}";

    @TestHTTPResource("/")
    URL base;
    @Inject
    RevocationStore store;
    @Inject
    Transactions tx;
    @Inject
    SessionRevocationService service;

    /** A user, a role it may assume (with rights to GetRole and AssumeRole), and how to mint sessions of it. */
    record Fixture(String userName, AwsBasicCredentials user, String roleName, String roleArn) {
    }

    Fixture fixture() {
        String u = name("rv-u");
        AwsBasicCredentials creds = user(base, Aws.ALPHA_ADMIN, u, allow("sts:*", "*"));
        String r = name("rv-r");
        String arn = role(base, Aws.ALPHA_ADMIN, r, trust(q("arn:aws:iam::111111111111:user/" + u), null, null), null);
        Aws.iam(base, Aws.ALPHA_ADMIN).putRolePolicy(b -> b.roleName(r).policyName("rights").policyDocument(ROLE_RIGHTS));
        return new Fixture(u, creds, r, arn);
    }

    /** The user's own temporary credentials: a GetSessionToken session and a GetFederationToken session. */
    record UserSessions(Credentials sessionToken, software.amazon.awssdk.services.sts.model.GetFederationTokenResponse federationToken) {
    }

    UserSessions userSessions(Fixture f, String fedPrefix) {
        return new UserSessions(Aws.sts(base, f.user()).getSessionToken(b -> b.durationSeconds(900)).credentials(),
                Aws.sts(base, f.user()).getFederationToken(b -> b.name(fedPrefix + Math.abs(f.userName().hashCode() % 1000))
                        .policy(allow("sts:*", "*"))));
    }

    AssumeRoleResponse session(Fixture f, String sessionName) {
        return Aws.sts(base, f.user()).assumeRole(b -> b.roleArn(f.roleArn()).roleSessionName(sessionName));
    }

    static AwsSessionCredentials creds(AssumeRoleResponse r) {
        return Aws.session(r.credentials());
    }

    RevocationCalls admin() {
        return new RevocationCalls(base, Aws.ALPHA_ADMIN);
    }

    /** Every call of the session is refused: STS (GetCallerIdentity, never denied by policy) and IAM alike. */
    void assertRefused(AwsCredentials session) {
        assertInvalid(session);
        IamAssert.fails(403, "InvalidClientTokenId", INVALID, () -> Aws.iam(base, session).listRoles());
    }

    /** GetCallerIdentity, which no policy denies, answers InvalidClientTokenId (federation and session tokens may call nothing else). */
    void assertInvalid(AwsCredentials session) {
        StsException sts = assertThrows(StsException.class, () -> Aws.sts(base, session).getCallerIdentity());
        assertEquals("InvalidClientTokenId", sts.awsErrorDetails().errorCode());
        assertEquals(INVALID, sts.awsErrorDetails().errorMessage());
        assertEquals(403, sts.statusCode());
    }

    void assertWorks(AwsCredentials session, String arn) {
        assertEquals(arn, Aws.sts(base, session).getCallerIdentity().arn());
    }

    /** Waits for the next whole second: session issue times are whole seconds. */
    static void nextSecond() {
        Instant now = Instant.now();
        LocalProcesses.sleep(Duration.between(now, now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1)).toMillis() + 20);
    }

    static Instant issuedAt(Credentials c) {
        return c.expiration().minusSeconds(3600);
    }

    @Test
    void revokingOneSessionByAccessKeyIdRefusesItAndNoOther() {
        Fixture f = fixture();
        AssumeRoleResponse one = session(f, "one");
        AssumeRoleResponse two = session(f, "one");
        assertWorks(creds(one), one.assumedRoleUser().arn());

        RevocationCalls.Reply r = admin().revokeSession("AccessKeyId", one.credentials().accessKeyId());
        assertEquals(200, r.status(), r.toString());
        assertTrue(r.body().contains("<RevokeSessionResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"), r.body());
        assertEquals(one.credentials().accessKeyId(), r.member("AccessKeyId"));

        assertRefused(creds(one));
        StsException chained = assertThrows(StsException.class, () -> Aws.sts(base, creds(one))
                .assumeRole(b -> b.roleArn(f.roleArn()).roleSessionName("more")));
        assertEquals("InvalidClientTokenId", chained.awsErrorDetails().errorCode());
        assertWorks(creds(two), two.assumedRoleUser().arn());
        assertEquals(f.roleName(), Aws.iam(base, creds(two)).getRole(b -> b.roleName(f.roleName())).role().roleName());
    }

    @Test
    void revokingBySessionArnRefusesEverySessionOfThatNameIssuedUntilNow() {
        Fixture f = fixture();
        AssumeRoleResponse job1 = session(f, "job");
        AssumeRoleResponse job2 = session(f, "job");
        AssumeRoleResponse other = session(f, "other");

        RevocationCalls.Reply r = admin().revokeSession("SessionArn", job1.assumedRoleUser().arn());
        assertEquals(200, r.status(), r.toString());
        assertEquals(job1.assumedRoleUser().arn(), r.member("SessionArn"));
        assertRefused(creds(job1));
        assertRefused(creds(job2));
        assertWorks(creds(other), other.assumedRoleUser().arn());

        nextSecond();
        AssumeRoleResponse later = session(f, "job");
        assertWorks(creds(later), later.assumedRoleUser().arn());
    }

    @Test
    void revokingAFederatedUserArnRefusesItsFederationTokens() {
        Fixture f = fixture();
        String fedName = "fed" + f.userName().hashCode() % 1000;
        var fed = Aws.sts(base, f.user()).getFederationToken(b -> b.name(fedName).policy(allow("sts:*", "*")));
        AwsSessionCredentials fedCreds = Aws.session(fed.credentials());
        assertWorks(fedCreds, fed.federatedUser().arn());

        RevocationCalls.Reply r = admin().revokeSession("SessionArn", fed.federatedUser().arn());
        assertEquals(200, r.status(), r.toString());
        assertInvalid(fedCreds);
    }

    @Test
    void revokingRoleSessionsRefusesTheOlderOnesAndNotLaterOnesNorOtherRoles() {
        Fixture f = fixture();
        Fixture other = fixture();
        AssumeRoleResponse old1 = session(f, "aa");
        AssumeRoleResponse old2 = session(f, "bb");
        AssumeRoleResponse elsewhere = session(other, "aa");

        RevocationCalls.Reply r = admin().revokeRoleSessions(f.roleName(), null);
        assertEquals(200, r.status(), r.toString());
        assertEquals(f.roleName(), r.member("RoleName"));
        Instant mark = Instant.parse(r.member("IssuedBefore"));
        assertFalse(mark.isBefore(Instant.parse(r.member("RevokedAt"))), r.body());
        assertRefused(creds(old1));
        assertRefused(creds(old2));
        assertWorks(creds(elsewhere), elsewhere.assumedRoleUser().arn());

        nextSecond();
        AssumeRoleResponse fresh = session(f, "aa");
        assertWorks(creds(fresh), fresh.assumedRoleUser().arn());
        assertEquals(f.roleName(), Aws.iam(base, creds(fresh)).getRole(b -> b.roleName(f.roleName())).role().roleName());
    }

    @Test
    void issuedBeforeIsAWatermarkThatOnlyMovesForward() {
        Fixture f = fixture();
        AssumeRoleResponse s = session(f, "wm");
        Instant issued = issuedAt(s.credentials());
        // sessions issued before the mark are refused, not those issued at it (DateLessThan aws:TokenIssueTime)
        RevocationCalls.Reply r = admin().revokeRoleSessions(f.roleName(), issued.toString());
        assertEquals(200, r.status(), r.toString());
        assertEquals(issued.toString(), r.member("IssuedBefore"));
        assertWorks(creds(s), s.assumedRoleUser().arn());

        nextSecond(); // IssuedBefore may not be in the future
        r = admin().revokeRoleSessions(f.roleName(), issued.plusSeconds(1).toString());
        assertEquals(200, r.status(), r.toString());
        assertRefused(creds(s));
        // an earlier mark does not undo the revocation
        r = admin().revokeRoleSessions(f.roleName(), issued.minusSeconds(60).toString());
        assertEquals(200, r.status(), r.toString());
        assertEquals(issued.plusSeconds(1).toString(), r.member("IssuedBefore"));
        assertRefused(creds(s));
    }

    @Test
    void revokingUserSessionsRefusesItsSessionTokensAndFederationTokens() {
        Fixture f = fixture();
        UserSessions u = userSessions(f, "fu");
        var st = u.sessionToken();
        var fed = u.federationToken();
        AssumeRoleResponse role = session(f, "kept");
        String userArn = "arn:aws:iam::111111111111:user/" + f.userName();
        assertWorks(Aws.session(st), userArn);

        RevocationCalls.Reply r = admin().revokeUserSessions(f.userName(), null);
        assertEquals(200, r.status(), r.toString());
        assertEquals(f.userName(), r.member("UserName"));
        assertInvalid(Aws.session(st));
        assertInvalid(Aws.session(fed.credentials()));
        // the user's own key and the role sessions it minted are not the user's sessions
        assertWorks(f.user(), userArn);
        assertWorks(creds(role), role.assumedRoleUser().arn());
        nextSecond();
        assertWorks(Aws.session(Aws.sts(base, f.user()).getSessionToken(b -> b.durationSeconds(900)).credentials()), userArn);
    }

    @Test
    void malformedRequestsAreRefusedBeforeAnythingAndChangeNothing() {
        Fixture f = fixture();
        AssumeRoleResponse s = session(f, "kept");
        RevocationCalls admin = admin();
        expect(admin.send("RevokeSession", Map.of()), 400, "InvalidInput",
                "Exactly one of AccessKeyId and SessionArn must be specified.");
        expect(admin.send("RevokeSession", Map.of("AccessKeyId", s.credentials().accessKeyId(),
                "SessionArn", s.assumedRoleUser().arn())), 400, "InvalidInput",
                "Exactly one of AccessKeyId and SessionArn must be specified.");
        expect(admin.revokeSession("AccessKeyId", Aws.ALPHA_ADMIN.accessKeyId()), 400, "InvalidInput",
                "AccessKeyId " + Aws.ALPHA_ADMIN.accessKeyId() + " is not the key id of temporary credentials (ASIA...).");
        expect(admin.revokeSession("AccessKeyId", "ASIAx"), 400, "ValidationError", "1 validation error detected: "
                + "Value 'ASIAx' at 'accessKeyId' failed to satisfy constraint: Member must have length greater than or equal to 16");
        expect(admin.revokeSession("SessionArn", f.roleArn()), 400, "InvalidInput", "ARN " + f.roleArn() + " is not valid.");
        expect(admin.revokeSession("SessionArn", "arn:aws:sts::111111111111:assumed-role/" + f.roleName()), 400,
                "InvalidInput", "ARN arn:aws:sts::111111111111:assumed-role/" + f.roleName() + " is not valid.");
        expect(admin.revokeRoleSessions("a b", null), 400, "ValidationError", "1 validation error detected: Value 'a b' "
                + "at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
        expect(admin.send("RevokeRoleSessions", Map.of()), 400, "ValidationError", "1 validation error detected: "
                + "Value null at 'roleName' failed to satisfy constraint: Member must not be null");
        expect(admin.revokeRoleSessions(f.roleName(), "yesterday"), 400, "ValidationError", "1 validation error detected: "
                + "Value 'yesterday' at 'issuedBefore' failed to satisfy constraint: Member must be a timestamp in ISO 8601 format");
        String future = Instant.now().plusSeconds(3600).truncatedTo(ChronoUnit.SECONDS).toString();
        expect(admin.revokeRoleSessions(f.roleName(), future), 400, "InvalidInput",
                "IssuedBefore " + future + " must not be in the future.");
        expect(admin.revokeUserSessions(f.userName(), future), 400, "InvalidInput",
                "IssuedBefore " + future + " must not be in the future.");
        // a missing role or user (after authorization: the admin may)
        expect(admin.revokeRoleSessions("rv-missing", null), 404, "NoSuchEntity", "The role with name rv-missing cannot be found.");
        expect(admin.revokeUserSessions("rv-missing", null), 404, "NoSuchEntity", "The user with name rv-missing cannot be found.");
        expect(admin.revokeSession("SessionArn", "arn:aws:sts::111111111111:assumed-role/rv-missing/ss"), 404,
                "NoSuchEntity", "The role with name rv-missing cannot be found.");
        // shapes come before authorization: a principal allowed nothing gets the same validation errors
        RevocationCalls nobody = new RevocationCalls(base, f.user());
        expect(nobody.revokeRoleSessions(f.roleName(), future), 400, "InvalidInput",
                "IssuedBefore " + future + " must not be in the future.");
        assertWorks(creds(s), s.assumedRoleUser().arn());
        assertEquals(java.util.Optional.empty(), store.find(SessionRevocation.Kind.ROLE,
                Aws.iam(base, Aws.ALPHA_ADMIN).getRole(b -> b.roleName(f.roleName())).role().roleId()));
    }

    @Test
    void onlyPrincipalsAllowedByPolicyMayRevokeAndNeverInAnotherAccount() {
        Fixture f = fixture();
        AssumeRoleResponse s = session(f, "target");
        String userArn = "arn:aws:iam::111111111111:user/" + f.userName();
        RevocationCalls user = new RevocationCalls(base, f.user());
        expect(user.revokeRoleSessions(f.roleName(), null), 403, "AccessDenied", "User: " + userArn
                + " is not authorized to perform: iam:RevokeRoleSessions on resource: " + f.roleArn()
                + " because no identity-based policy allows the iam:RevokeRoleSessions action");
        expect(user.revokeSession("SessionArn", s.assumedRoleUser().arn()), 403, "AccessDenied", "User: " + userArn
                + " is not authorized to perform: iam:RevokeSession on resource: " + s.assumedRoleUser().arn()
                + " because no identity-based policy allows the iam:RevokeSession action");
        expect(user.revokeSession("AccessKeyId", s.credentials().accessKeyId()), 403, "AccessDenied", "User: " + userArn
                + " is not authorized to perform: iam:RevokeSession on resource: arn:aws:sts::111111111111:access-key/"
                + s.credentials().accessKeyId() + " because no identity-based policy allows the iam:RevokeSession action");
        expect(user.revokeUserSessions(f.userName(), null), 403, "AccessDenied", "User: " + userArn
                + " is not authorized to perform: iam:RevokeUserSessions on resource: " + userArn
                + " because no identity-based policy allows the iam:RevokeUserSessions action");
        // another account's administrator: the legacy message, nothing revoked
        RevocationCalls beta = new RevocationCalls(base, Aws.BETA_ADMIN);
        String betaAdmin = "arn:aws:iam::222222222222:user/admin";
        expect(beta.revokeSession("AccessKeyId", s.credentials().accessKeyId()), 403, "AccessDenied", "User: " + betaAdmin
                + " is not authorized to perform: iam:RevokeSession on resource: arn:aws:sts::111111111111:access-key/"
                + s.credentials().accessKeyId());
        expect(beta.revokeSession("SessionArn", s.assumedRoleUser().arn()), 403, "AccessDenied", "User: " + betaAdmin
                + " is not authorized to perform: iam:RevokeSession on resource: " + s.assumedRoleUser().arn());
        assertWorks(creds(s), s.assumedRoleUser().arn());

        // allowed by policy, scoped to the role and its sessions
        Aws.iam(base, Aws.ALPHA_ADMIN).putUserPolicy(b -> b.userName(f.userName()).policyName("revoker").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:RevokeSession\","
                        + "\"Resource\":\"arn:aws:sts::111111111111:assumed-role/" + f.roleName() + "/*\"}]}"));
        RevocationCalls.Reply r = user.revokeSession("SessionArn", s.assumedRoleUser().arn());
        assertEquals(200, r.status(), r.toString());
        assertRefused(creds(s));
    }

    @Test
    void deletingTheRoleEndsItsSessionsAndSessionsChainedIntoIt() {
        Fixture first = fixture();
        String chainedRole = name("rv-chain");
        String chainedArn = role(base, Aws.ALPHA_ADMIN, chainedRole, trust(q(first.roleArn()), null, null), null);
        AssumeRoleResponse s = session(first, "start");
        AssumeRoleResponse chained = Aws.sts(base, creds(s)).assumeRole(b -> b.roleArn(chainedArn).roleSessionName("hop"));
        assertWorks(creds(chained), chained.assumedRoleUser().arn());

        Aws.iam(base, Aws.ALPHA_ADMIN).deleteRole(b -> b.roleName(chainedRole));
        assertRefused(creds(chained));
        // re-created under the same name: a new unique id, the old session stays refused
        role(base, Aws.ALPHA_ADMIN, chainedRole, trust(q(first.roleArn()), null, null), null);
        assertRefused(creds(chained));

        IamClient iam = Aws.iam(base, Aws.ALPHA_ADMIN);
        iam.deleteRolePolicy(b -> b.roleName(first.roleName()).policyName("rights"));
        iam.deleteRole(b -> b.roleName(first.roleName()));
        assertRefused(creds(s));
    }

    @Test
    void deletingTheUserEndsItsSessionTokensAndFederationTokens() {
        Fixture f = fixture();
        UserSessions u = userSessions(f, "fd");
        var st = u.sessionToken();
        var fed = u.federationToken();
        assertWorks(Aws.session(fed.credentials()), fed.federatedUser().arn());

        IamClient iam = Aws.iam(base, Aws.ALPHA_ADMIN);
        iam.deleteUserPolicy(b -> b.userName(f.userName()).policyName("p"));
        iam.deleteAccessKey(b -> b.userName(f.userName()).accessKeyId(f.user().accessKeyId()));
        iam.deleteUser(b -> b.userName(f.userName()));
        assertInvalid(Aws.session(st));
        assertInvalid(Aws.session(fed.credentials()));
    }

    /**
     * AWS's own way keeps working, and shows why GetCallerIdentity is no check: that call is never denied by policy,
     * so the revoked session still answers it; a call the policy governs is denied.
     */
    @Test
    void awsRevokeOlderSessionsDeniesEverythingButGetCallerIdentity() {
        Fixture f = fixture();
        AssumeRoleResponse s = session(f, "old");
        nextSecond();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Aws.iam(base, Aws.ALPHA_ADMIN).putRolePolicy(b -> b.roleName(f.roleName()).policyName("AWSRevokeOlderSessions")
                .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":[\"*\"],"
                        + "\"Resource\":[\"*\"],\"Condition\":{\"DateLessThan\":{\"aws:TokenIssueTime\":\"" + now + "\"}}}]}"));
        assertWorks(creds(s), s.assumedRoleUser().arn());
        IamAssert.fails(403, "AccessDenied", "User: " + s.assumedRoleUser().arn() + " is not authorized to perform: "
                        + "iam:GetRole on resource: " + f.roleArn() + " with an explicit deny in an identity-based policy",
                () -> Aws.iam(base, creds(s)).getRole(b -> b.roleName(f.roleName())));
        AssumeRoleResponse fresh = session(f, "new");
        assertEquals(f.roleArn(), Aws.iam(base, creds(fresh)).getRole(b -> b.roleName(f.roleName())).role().arn());
    }

    @Test
    void rowsArePrunedOnceEverySessionTheyRefuseHasExpired() {
        Fixture f = fixture();
        RevocationCalls.Reply r = admin().revokeRoleSessions(f.roleName(), null);
        String roleId = r.member("RoleId");
        SessionRevocation stored = store.find(SessionRevocation.Kind.ROLE, roleId).orElseThrow();
        assertEquals(Instant.parse(r.member("IssuedBefore")).plus(Duration.ofHours(36)), stored.pruneAfter());

        Instant now = Instant.now();
        SessionRevocation expired = new SessionRevocation(SessionRevocation.Kind.ACCESS_KEY, "ASIAEXPIRED" + name("x"),
                Aws.ALPHA, now.minusSeconds(7200), now.minusSeconds(7200), now.minusSeconds(1));
        tx.inTransaction(() -> store.revoke(expired));
        assertFalse(store.live(now).contains(expired));
        service.prune();
        assertNull(store.find(expired.kind(), expired.subject()).orElse(null));
        assertEquals(stored, store.find(SessionRevocation.Kind.ROLE, roleId).orElseThrow());
    }

    static void expect(RevocationCalls.Reply r, int status, String code, String message) {
        assertEquals(code, r.code(), r.toString());
        assertEquals(message, r.message(), r.toString());
        assertEquals(status, r.status(), r.toString());
    }
}
