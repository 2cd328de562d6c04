package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;
import software.amazon.awssdk.services.sts.model.Tag;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import static io.rolegate.it.StsFixtures.allow;
import static io.rolegate.it.StsFixtures.name;
import static io.rolegate.it.StsFixtures.q;
import static io.rolegate.it.StsFixtures.role;
import static io.rolegate.it.StsFixtures.trust;
import static io.rolegate.it.StsFixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AssumeRole through the real SDK: same- and cross-account rules, every denial with AWS's message, sessions. */
@QuarkusTest
class StsAssumeRoleTest {
    @TestHTTPResource("/")
    URL base;

    StsClient sts(AwsBasicCredentials c) {
        return Aws.sts(base, c);
    }

    static void denied(String message, Executable call) {
        StsException e = assertThrows(StsException.class, call);
        assertEquals("AccessDenied", e.awsErrorDetails().errorCode(), e.getMessage());
        assertEquals(403, e.statusCode());
        assertEquals(message, e.awsErrorDetails().errorMessage());
    }

    static void error(String code, int status, String message, Executable call) {
        StsException e = assertThrows(StsException.class, call);
        assertEquals(code, e.awsErrorDetails().errorCode(), e.getMessage());
        assertEquals(status, e.statusCode());
        assertEquals(message, e.awsErrorDetails().errorMessage());
    }

    static Consumer<AssumeRoleRequest.Builder> req(String roleArn, String session) {
        return b -> b.roleArn(roleArn).roleSessionName(session);
    }

    @Test
    void sameAccountTrustNamingTheUserNeedsNoIdentityPolicy() {
        String u = name("sa-user");
        AwsBasicCredentials creds = user(base, Aws.ALPHA_ADMIN, u, null);
        String r = name("sa-role");
        String arn = role(base, Aws.ALPHA_ADMIN, r, trust(q("arn:aws:iam::111111111111:user/" + u), null, null), null);
        AssumeRoleResponse resp = sts(creds).assumeRole(req(arn, "s1"));
        assertEquals("arn:aws:sts::111111111111:assumed-role/" + r + "/s1", resp.assumedRoleUser().arn());
        assertTrue(resp.assumedRoleUser().assumedRoleId().matches("AROA[A-Z2-7]{17}:s1"), resp.assumedRoleUser().assumedRoleId());
        assertTrue(resp.credentials().accessKeyId().matches("ASIA[A-Z2-7]{16}"));
        assertEquals(40, resp.credentials().secretAccessKey().length());
        Duration d = Duration.between(Instant.now(), resp.credentials().expiration());
        assertTrue(d.toSeconds() > 3500 && d.toSeconds() <= 3600, d.toString());
        assertNull(resp.packedPolicySize());

        GetCallerIdentityResponse sid = Aws.sts(base, Aws.session(resp.credentials())).getCallerIdentity();
        assertEquals(resp.assumedRoleUser().arn(), sid.arn());
        assertEquals(resp.assumedRoleUser().assumedRoleId(), sid.userId());
        assertEquals("111111111111", sid.account());
        
    }

    @Test
    void sameAccountTrustNamingTheAccountNeedsAnIdentityPolicy() {
        String r = name("acct-role");
        String arn = role(base, Aws.ALPHA_ADMIN, r, trust(q("arn:aws:iam::111111111111:root"), null, null), null);
        String u = name("acct-user");
        AwsBasicCredentials creds = user(base, Aws.ALPHA_ADMIN, u, null);
        denied("User: arn:aws:iam::111111111111:user/" + u + " is not authorized to perform: sts:AssumeRole on resource: "
                + arn + " because no identity-based policy allows the sts:AssumeRole action",
                () -> sts(creds).assumeRole(req(arn, "ss")));
        String u2 = name("acct-user");
        AwsBasicCredentials allowed = user(base, Aws.ALPHA_ADMIN, u2, allow("sts:AssumeRole", arn));
        assertEquals("arn:aws:sts::111111111111:assumed-role/" + r + "/ss",
                sts(allowed).assumeRole(req(arn, "ss")).assumedRoleUser().arn());
    }

    @Test
    void sameAccountTrustNotNamingTheCallerIsDeniedByTheTrustPolicy() {
        String other = name("other");
        user(base, Aws.ALPHA_ADMIN, other, null);
        String r = name("other-role");
        String arn = role(base, Aws.ALPHA_ADMIN, r, trust(q("arn:aws:iam::111111111111:user/" + other), null, null), null);
        String u = name("u");
        AwsBasicCredentials creds = user(base, Aws.ALPHA_ADMIN, u, allow("sts:AssumeRole", "*"));
        denied("User: arn:aws:iam::111111111111:user/" + u + " is not authorized to perform: sts:AssumeRole on resource: "
                + arn + " because no role trust policy allows the sts:AssumeRole action",
                () -> sts(creds).assumeRole(req(arn, "ss")));
        // a missing role answers exactly like a role that does not trust the caller
        String missing = "arn:aws:iam::111111111111:role/" + name("missing");
        denied("User: arn:aws:iam::111111111111:user/" + u + " is not authorized to perform: sts:AssumeRole on resource: "
                + missing + " because no role trust policy allows the sts:AssumeRole action",
                () -> sts(creds).assumeRole(req(missing, "ss")));
    }

    @Test
    void explicitDenyInTheTrustPolicy() {
        String u = name("u");
        AwsBasicCredentials creds = user(base, Aws.ALPHA_ADMIN, u, allow("sts:AssumeRole", "*"));
        String doc = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111111111111\"},"
                + "\"Action\":\"sts:AssumeRole\"},{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:user/"
                + u + "\"},\"Action\":\"sts:AssumeRole\"}]}";
        String arn = role(base, Aws.ALPHA_ADMIN, name("deny-role"), doc, null);
        denied("User: arn:aws:iam::111111111111:user/" + u + " is not authorized to perform: sts:AssumeRole on resource: "
                + arn + " with an explicit deny in the role trust policy", () -> sts(creds).assumeRole(req(arn, "ss")));
    }

    @Test
    void crossAccountWithExternalId() {
        String r = name("partner");
        String arn = role(base, Aws.BETA_ADMIN, r, trust(q("111111111111"), null,
                "{\"StringEquals\":{\"sts:ExternalId\":\"cust-42\"}}"), null);
        String u = name("vendor");
        AwsBasicCredentials creds = user(base, Aws.ALPHA_ADMIN, u, allow("sts:AssumeRole", arn));
        String legacy = "User: arn:aws:iam::111111111111:user/" + u + " is not authorized to perform: sts:AssumeRole on resource: " + arn;
        denied(legacy, () -> sts(creds).assumeRole(req(arn, "ss")));
        denied(legacy, () -> sts(creds).assumeRole(req(arn, "ss").andThen(b -> b.externalId("cust-43"))));
        AssumeRoleResponse ok = sts(creds).assumeRole(req(arn, "ss").andThen(b -> b.externalId("cust-42")));
        assertEquals("arn:aws:sts::222222222222:assumed-role/" + r + "/ss", ok.assumedRoleUser().arn());
        assertEquals("222222222222", Aws.sts(base, Aws.session(ok.credentials())).getCallerIdentity().account());

        // cross-account the caller's identity policy is always needed, even when the trust names the user
        String u2 = name("vendor");
        AwsBasicCredentials noPolicy = user(base, Aws.ALPHA_ADMIN, u2, null);
        String arn2 = role(base, Aws.BETA_ADMIN, name("partner"),
                trust(q("arn:aws:iam::111111111111:user/" + u2), null, null), null);
        denied("User: arn:aws:iam::111111111111:user/" + u2 + " is not authorized to perform: sts:AssumeRole on resource: " + arn2,
                () -> sts(noPolicy).assumeRole(req(arn2, "ss")));
        // a missing role in the other account: the same legacy message
        String missing = "arn:aws:iam::222222222222:role/" + name("nope");
        denied("User: arn:aws:iam::111111111111:user/" + u + " is not authorized to perform: sts:AssumeRole on resource: " + missing,
                () -> sts(creds).assumeRole(req(missing, "ss").andThen(b -> b.externalId("cust-42"))));
    }

    @Test
    void crossAccountTrustNamingTheRole() {
        String r1 = name("src");
        String srcArn = role(base, Aws.ALPHA_ADMIN, r1, trust(q("111111111111"), null, null), null);
        Aws.iam(base, Aws.ALPHA_ADMIN).putRolePolicy(b -> b.roleName(r1).policyName("chain")
                .policyDocument(allow("sts:AssumeRole", "*")));
        String target = role(base, Aws.BETA_ADMIN, name("dst"), trust(q(srcArn), null, null), null);
        AwsBasicCredentials u = user(base, Aws.ALPHA_ADMIN, name("u"), allow("sts:AssumeRole", srcArn));
        AssumeRoleResponse first = sts(u).assumeRole(req(srcArn, "hop1"));
        AssumeRoleResponse second = Aws.sts(base, Aws.session(first.credentials())).assumeRole(req(target, "hop2"));
        assertTrue(second.assumedRoleUser().arn().startsWith("arn:aws:sts::222222222222:assumed-role/"));
    }

    @Test
    void durationBounds() {
        String u = name("u");
        AwsBasicCredentials creds = user(base, Aws.ALPHA_ADMIN, u, null);
        String arn = role(base, Aws.ALPHA_ADMIN, name("dur"), trust(q("arn:aws:iam::111111111111:user/" + u), null, null), 7200);
        error("ValidationError", 400, "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy "
                + "constraint: Member must have value greater than or equal to 900",
                () -> sts(creds).assumeRole(req(arn, "ss").andThen(b -> b.durationSeconds(899))));
        error("ValidationError", 400, "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy "
                + "constraint: Member must have value less than or equal to 43200",
                () -> sts(creds).assumeRole(req(arn, "ss").andThen(b -> b.durationSeconds(43201))));
        error("ValidationError", 400, "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
                () -> sts(creds).assumeRole(req(arn, "ss").andThen(b -> b.durationSeconds(7201))));
        AssumeRoleResponse ok = sts(creds).assumeRole(req(arn, "ss").andThen(b -> b.durationSeconds(7200)));
        long secs = Duration.between(Instant.now(), ok.credentials().expiration()).toSeconds();
        assertTrue(secs > 7100 && secs <= 7200, "" + secs);
    }

    @Test
    void sessionNameRules() {
        AwsBasicCredentials creds = Aws.ALPHA_ADMIN;
        String arn = "arn:aws:iam::111111111111:role/whatever";
        error("ValidationError", 400, "1 validation error detected: Value 'PowerUser/hjacobs' at 'roleSessionName' failed "
                + "to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
                () -> sts(creds).assumeRole(req(arn, "PowerUser/hjacobs")));
        error("ValidationError", 400, "1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy "
                + "constraint: Member must have length greater than or equal to 2",
                () -> sts(creds).assumeRole(req(arn, "x")));
        error("ValidationError", 400, "2 validation errors detected: Value 'x' at 'roleSessionName' failed to satisfy "
                + "constraint: Member must have length greater than or equal to 2; Value 'a' at 'externalId' failed to "
                + "satisfy constraint: Member must have length greater than or equal to 2",
                () -> sts(creds).assumeRole(req(arn, "x").andThen(b -> b.externalId("a"))));
    }

    @Test
    void chainingCapsDurationAndCarriesSourceIdentityAndTransitiveTags() {
        String u = name("u");
        AwsBasicCredentials creds = user(base, Aws.ALPHA_ADMIN, u, null);
        String r1 = name("chain1");
        String arn1 = role(base, Aws.ALPHA_ADMIN, r1, trust(q("arn:aws:iam::111111111111:user/" + u),
                "\"sts:TagSession\",\"sts:SetSourceIdentity\"", null), 7200);
        Aws.iam(base, Aws.ALPHA_ADMIN).putRolePolicy(b -> b.roleName(r1).policyName("chain")
                .policyDocument(allow("sts:*", "*")));
        // the second role requires the inherited transitive tag and source identity
        String r2 = name("chain2");
        String arn2 = role(base, Aws.ALPHA_ADMIN, r2, trust(q("111111111111"),
                "\"sts:TagSession\",\"sts:SetSourceIdentity\"",
                "{\"StringEquals\":{\"aws:PrincipalTag/team\":\"blue\",\"sts:SourceIdentity\":\"alice\"}}"), 7200);
        Aws.iam(base, Aws.ALPHA_ADMIN).putRolePolicy(b -> b.roleName(r2).policyName("chain")
                .policyDocument(allow("sts:*", "*")));
        AssumeRoleResponse first = sts(creds).assumeRole(req(arn1, "one").andThen(b -> b.sourceIdentity("alice")
                .tags(Tag.builder().key("team").value("blue").build(), Tag.builder().key("cost").value("7").build())
                .transitiveTagKeys("team")));
        assertEquals("alice", first.sourceIdentity());
        assertTrue(first.packedPolicySize() > 0 && first.packedPolicySize() <= 100);
        StsClient s1 = Aws.sts(base, Aws.session(first.credentials()));
        error("ValidationError", 400, "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
                () -> s1.assumeRole(req(arn2, "two").andThen(b -> b.durationSeconds(3601))));
        AssumeRoleResponse second = s1.assumeRole(req(arn2, "two"));
        assertEquals("alice", second.sourceIdentity());
        // a third hop still carries both (the token of hop 2 holds them)
        AssumeRoleResponse third = Aws.sts(base, Aws.session(second.credentials())).assumeRole(req(arn2, "three"));
        assertEquals("alice", third.sourceIdentity());
        // an inherited transitive tag cannot be overridden
        StsException e = assertThrows(StsException.class, () -> Aws.sts(base, Aws.session(second.credentials()))
                .assumeRole(req(arn2, "four").andThen(b -> b.tags(Tag.builder().key("Team").value("red").build()))));
        assertEquals("InvalidParameterValue", e.awsErrorDetails().errorCode());
        assertEquals("One of the specified transitive tag keys can't be set because it conflicts with a transitive tag "
                + "key from the calling session.", e.awsErrorDetails().errorMessage());
        // and the source identity cannot be changed
        e = assertThrows(StsException.class, () -> Aws.sts(base, Aws.session(second.credentials()))
                .assumeRole(req(arn2, "five").andThen(b -> b.sourceIdentity("mallory"))));
        assertEquals("InvalidParameterValue", e.awsErrorDetails().errorCode());
    }

    @Test
    void tagsNeedTagSessionAndSourceIdentityNeedsSetSourceIdentity() {
        String u = name("u");
        AwsBasicCredentials creds = user(base, Aws.ALPHA_ADMIN, u, allow("sts:*", "*"));
        String arn = role(base, Aws.ALPHA_ADMIN, name("notag"), trust(q("arn:aws:iam::111111111111:user/" + u), null, null), null);
        String prefix = "User: arn:aws:iam::111111111111:user/" + u + " is not authorized to perform: ";
        denied(prefix + "sts:TagSession on resource: " + arn + " because no role trust policy allows the sts:TagSession action",
                () -> sts(creds).assumeRole(req(arn, "ss").andThen(b -> b.tags(Tag.builder().key("k").value("v").build()))));
        denied(prefix + "sts:SetSourceIdentity on resource: " + arn
                        + " because no role trust policy allows the sts:SetSourceIdentity action",
                () -> sts(creds).assumeRole(req(arn, "ss").andThen(b -> b.sourceIdentity("bob"))));
        StsException e = assertThrows(StsException.class, () -> sts(creds).assumeRole(req(arn, "ss").andThen(b -> b.tags(
                Tag.builder().key("k").value("v").build(), Tag.builder().key("K").value("w").build()))));
        assertEquals("InvalidParameterValue", e.awsErrorDetails().errorCode());
        assertEquals("Duplicate tag keys found. Please note that Tag keys are case insensitive.", e.awsErrorDetails().errorMessage());
    }

    @Test
    void sessionPolicyOnlyNarrows() {
        String u = name("u");
        AwsBasicCredentials creds = user(base, Aws.ALPHA_ADMIN, u, null);
        String r1 = name("wide");
        String arn1 = role(base, Aws.ALPHA_ADMIN, r1, trust(q("arn:aws:iam::111111111111:user/" + u), null, null), null);
        Aws.iam(base, Aws.ALPHA_ADMIN).putRolePolicy(b -> b.roleName(r1).policyName("chain")
                .policyDocument(allow("sts:AssumeRole", "*")));
        String arn2 = role(base, Aws.ALPHA_ADMIN, name("target"), trust(q("111111111111"), null, null), null);
        // the session policy allows only GetCallerIdentity: chaining is now denied by the session policy
        AssumeRoleResponse narrow = sts(creds).assumeRole(req(arn1, "narrow")
                .andThen(b -> b.policy(allow("sts:GetCallerIdentity", "*"))));
        assertTrue(narrow.packedPolicySize() > 0);
        String sessionArn = narrow.assumedRoleUser().arn();
        denied("User: " + sessionArn + " is not authorized to perform: sts:AssumeRole on resource: " + arn2
                        + " because no session policy allows the sts:AssumeRole action",
                () -> Aws.sts(base, Aws.session(narrow.credentials())).assumeRole(req(arn2, "xx")));
        // a session policy cannot widen: allowing s3:* adds nothing, the role's own AssumeRole still works
        AssumeRoleResponse wide = sts(creds).assumeRole(req(arn1, "wide")
                .andThen(b -> b.policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"sts:AssumeRole\",\"s3:*\"],\"Resource\":\"*\"}]}")));
        Aws.sts(base, Aws.session(wide.credentials())).assumeRole(req(arn2, "xx"));
        // malformed session policy
        StsException e = assertThrows(StsException.class, () -> sts(creds).assumeRole(req(arn1, "bad").andThen(b -> b.policy("{"))));
        assertEquals("MalformedPolicyDocument", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
    }

    @Test
    void federationTokenAndSessionTokenCredentialsAreRestricted() {
        String u = name("u");
        AwsBasicCredentials creds = user(base, Aws.ALPHA_ADMIN, u, allow("sts:*", "*"));
        var st = sts(creds).getSessionToken(b -> b.durationSeconds(900)).credentials();
        StsClient session = Aws.sts(base, Aws.session(st));
        assertEquals("arn:aws:iam::111111111111:user/" + u, session.getCallerIdentity().arn());
        denied("Cannot call GetSessionToken with session credentials", () -> session.getSessionToken());
        denied("Cannot call GetFederationToken with session credentials", () -> session.getFederationToken(b -> b.name("fed")));
        var iamErr = assertThrows(software.amazon.awssdk.services.iam.model.IamException.class,
                () -> Aws.iam(base, Aws.session(st)).listUsers());
        assertEquals("InvalidClientTokenId", iamErr.awsErrorDetails().errorCode());
        assertEquals(403, iamErr.statusCode());

        var fed = sts(creds).getFederationToken(b -> b.name("fed-" + u.length()).policy(allow("sts:*", "*")));
        assertEquals("arn:aws:sts::111111111111:federated-user/fed-" + u.length(), fed.federatedUser().arn());
        assertEquals("111111111111:fed-" + u.length(), fed.federatedUser().federatedUserId());
        StsClient f = Aws.sts(base, Aws.session(fed.credentials()));
        GetCallerIdentityResponse id = f.getCallerIdentity();
        assertEquals(fed.federatedUser().arn(), id.arn());
        assertEquals(fed.federatedUser().federatedUserId(), id.userId());
        denied("User: " + fed.federatedUser().arn() + " is not authorized to perform: sts:AssumeRole",
                () -> f.assumeRole(req("arn:aws:iam::111111111111:role/any", "ss")));
        denied("Cannot call GetSessionToken with session credentials", () -> f.getSessionToken());
        // a role session cannot call them either
        String arn = role(base, Aws.ALPHA_ADMIN, name("r"), trust(q("arn:aws:iam::111111111111:user/" + u), null, null), null);
        StsClient rs = Aws.sts(base, Aws.session(sts(creds).assumeRole(req(arn, "ss")).credentials()));
        denied("Cannot call GetFederationToken with session credentials", () -> rs.getFederationToken(b -> b.name("fed")));
    }

    @Test
    void getFederationTokenNeedsPermission() {
        String u = name("u");
        AwsBasicCredentials creds = user(base, Aws.ALPHA_ADMIN, u, null);
        denied("User: arn:aws:iam::111111111111:user/" + u + " is not authorized to perform: sts:GetFederationToken on "
                        + "resource: arn:aws:sts::111111111111:federated-user/fed because no identity-based policy allows "
                        + "the sts:GetFederationToken action",
                () -> sts(creds).getFederationToken(b -> b.name("fed")));
    }

    @Test
    void getAccessKeyInfo() {
        assertEquals("111111111111", sts(Aws.ALPHA_ADMIN).getAccessKeyInfo(b -> b.accessKeyId(Aws.ALPHA_ADMIN.accessKeyId())).account());
        assertEquals("222222222222", sts(Aws.ALPHA_ADMIN).getAccessKeyInfo(b -> b.accessKeyId(Aws.BETA_ADMIN.accessKeyId())).account());
        String u = name("u");
        AwsBasicCredentials creds = user(base, Aws.ALPHA_ADMIN, u, null);
        denied("User: arn:aws:iam::111111111111:user/" + u + " is not authorized to perform: sts:GetAccessKeyInfo "
                        + "because no identity-based policy allows the sts:GetAccessKeyInfo action",
                () -> sts(creds).getAccessKeyInfo(b -> b.accessKeyId(Aws.BETA_ADMIN.accessKeyId())));
    }

    @Test
    void sessionTokenCredentialsChainWithTheOneHourCap() {
        String u = name("u");
        AwsBasicCredentials creds = user(base, Aws.ALPHA_ADMIN, u, null);
        String arn = role(base, Aws.ALPHA_ADMIN, name("gst"), trust(q("arn:aws:iam::111111111111:user/" + u), null, null), 7200);
        StsClient st = Aws.sts(base, Aws.session(sts(creds).getSessionToken().credentials()));
        error("ValidationError", 400, "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
                () -> st.assumeRole(req(arn, "ss").andThen(b -> b.durationSeconds(7200))));
        assertTrue(st.assumeRole(req(arn, "ss")).assumedRoleUser().arn().endsWith("/ss"));
        // the same user's long-term keys may ask for the role's maximum
        sts(creds).assumeRole(req(arn, "ss").andThen(b -> b.durationSeconds(7200)));
    }

    @Test
    void managedSessionPoliciesNarrowToo() {
        String u = name("u");
        AwsBasicCredentials creds = user(base, Aws.ALPHA_ADMIN, u, null);
        String r1 = name("mp");
        String arn1 = role(base, Aws.ALPHA_ADMIN, r1, trust(q("arn:aws:iam::111111111111:user/" + u), null, null), null);
        Aws.iam(base, Aws.ALPHA_ADMIN).putRolePolicy(b -> b.roleName(r1).policyName("chain")
                .policyDocument(allow("sts:AssumeRole", "*")));
        String arn2 = role(base, Aws.ALPHA_ADMIN, name("mp-target"), trust(q("111111111111"), null, null), null);
        String onlyWho = Aws.iam(base, Aws.ALPHA_ADMIN).createPolicy(b -> b.policyName(name("who"))
                .policyDocument(allow("sts:GetCallerIdentity", "*"))).policy().arn();
        String assume = Aws.iam(base, Aws.ALPHA_ADMIN).createPolicy(b -> b.policyName(name("assume"))
                .policyDocument(allow("sts:AssumeRole", "*"))).policy().arn();
        AssumeRoleResponse narrow = sts(creds).assumeRole(req(arn1, "mp").andThen(b -> b.policyArns(
                software.amazon.awssdk.services.sts.model.PolicyDescriptorType.builder().arn(onlyWho).build())));
        denied("User: " + narrow.assumedRoleUser().arn() + " is not authorized to perform: sts:AssumeRole on resource: "
                        + arn2 + " because no session policy allows the sts:AssumeRole action",
                () -> Aws.sts(base, Aws.session(narrow.credentials())).assumeRole(req(arn2, "xx")));
        AssumeRoleResponse ok = sts(creds).assumeRole(req(arn1, "mp").andThen(b -> b.policyArns(
                software.amazon.awssdk.services.sts.model.PolicyDescriptorType.builder().arn(assume).build())));
        Aws.sts(base, Aws.session(ok.credentials())).assumeRole(req(arn2, "xx"));
    }

    @Test
    void roleSessionsCallIamWithTheRolesPermissionsAndRevocationAppliesThere() throws Exception {
        String u = name("u");
        AwsBasicCredentials creds = user(base, Aws.ALPHA_ADMIN, u, null);
        String r = name("iam-reader");
        String arn = role(base, Aws.ALPHA_ADMIN, r, trust(q("arn:aws:iam::111111111111:user/" + u), null, null), null);
        Aws.iam(base, Aws.ALPHA_ADMIN).putRolePolicy(b -> b.roleName(r).policyName("read")
                .policyDocument(allow("iam:GetRole", "*")));
        AssumeRoleResponse s = sts(creds).assumeRole(req(arn, "ss"));
        var iam = Aws.iam(base, Aws.session(s.credentials()));
        assertEquals(arn, iam.getRole(b -> b.roleName(r)).role().arn());
        var e = assertThrows(software.amazon.awssdk.services.iam.model.IamException.class, () -> iam.listRoles());
        assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
        Thread.sleep(1100);
        String now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        Aws.iam(base, Aws.ALPHA_ADMIN).putRolePolicy(b -> b.roleName(r).policyName("AWSRevokeOlderSessions")
                .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":[\"*\"],"
                        + "\"Resource\":[\"*\"],\"Condition\":{\"DateLessThan\":{\"aws:TokenIssueTime\":\"" + now + "\"}}}]}"));
        e = assertThrows(software.amazon.awssdk.services.iam.model.IamException.class, () -> iam.getRole(b -> b.roleName(r)));
        assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
        assertEquals("User: " + s.assumedRoleUser().arn() + " is not authorized to perform: iam:GetRole on resource: "
                + arn + " with an explicit deny in an identity-based policy", e.awsErrorDetails().errorMessage());
        var fresh = Aws.iam(base, Aws.session(sts(creds).assumeRole(req(arn, "s2")).credentials()));
        assertEquals(arn, fresh.getRole(b -> b.roleName(r)).role().arn());
    }

    @Test
    void mfaParametersNeedBothAndACodeOfTheCallersDevice() {
        String u = name("u");
        AwsBasicCredentials creds = user(base, Aws.ALPHA_ADMIN, u, null);
        String arn = role(base, Aws.ALPHA_ADMIN, name("mfa"), trust(q("arn:aws:iam::111111111111:user/" + u), null,
                "{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}"), null);
        denied("MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.",
                () -> sts(creds).assumeRole(req(arn, "ss").andThen(b -> b.serialNumber("arn:aws:iam::111111111111:mfa/" + u))));
        // the user has no MFA device: the code cannot be valid (StsMfaTest covers enabled devices)
        denied("MultiFactorAuthentication failed with invalid MFA one time pass code.",
                () -> sts(creds).assumeRole(req(arn, "ss").andThen(b -> b.serialNumber("arn:aws:iam::111111111111:mfa/" + u)
                        .tokenCode("123456"))));
        error("ValidationError", 400, "1 validation error detected: Value '12345' at 'tokenCode' failed to satisfy "
                        + "constraint: Member must have length greater than or equal to 6",
                () -> sts(creds).assumeRole(req(arn, "ss").andThen(b -> b.serialNumber("arn:aws:iam::111111111111:mfa/" + u)
                        .tokenCode("12345"))));
    }
}
