package io.rolegate.it;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rolegate.credentials.SessionCredentialsIssuer;
import io.rolegate.credentials.SessionGrant;
import io.rolegate.credentials.SessionKind;
import io.rolegate.credentials.TemporaryCredentials;
import io.rolegate.error.ErrorCode;
import io.rolegate.federation.TestIssuer;
import io.rolegate.iam.SessionKeys;
import io.rolegate.iam.SessionTokenSettings;
import io.rolegate.it.Monitron.Answer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;

import static io.rolegate.it.StsFixtures.allow;
import static io.rolegate.it.StsFixtures.name;
import static io.rolegate.it.StsFixtures.q;
import static io.rolegate.it.StsFixtures.trust;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reference service "projects" (README "The reference service: projects") driven as a Monitron client would:
 * requests signed for service {@code monitron} by the AWS SDK v2 signer, principals and policies made through the
 * SDK's IAM and STS clients. The service asks the gateway over HTTP (POST /v1/authorize), signed with its own
 * credentials (the seed account's admin key, application.properties %test); every answer here went that way.
 */
@QuarkusTest
class ProjectsServiceTest {
    static final String ACCT = Aws.MONITRON;

    @TestHTTPResource("/")
    URL base;
    @Inject
    SessionKeys sessionKeys;
    @Inject
    SessionTokenSettings tokenSettings;

    static TestIssuer issuer;

    @BeforeAll
    static void startIssuer() throws Exception {
        issuer = new TestIssuer();
    }

    @AfterAll
    static void stopIssuer() {
        issuer.close();
    }

    static String arn(String project) {
        return "arn:aws:monitron:us-east-1:" + ACCT + ":project/" + project;
    }

    static String denied(String principalArn, String action, String resource, String reason) {
        return "User: " + principalArn + " is not authorized to perform: monitron:" + action + " on resource: "
                + resource + (reason == null ? "" : " " + reason);
    }

    static void assertDenied(String message, Answer a) {
        assertEquals(403, a.status(), a::toString);
        assertEquals("AccessDeniedException", a.errorType(), a::toString);
        assertEquals(message, a.message());
    }

    static void assertError(int status, String type, String message, Answer a) {
        assertEquals(status, a.status(), a::toString);
        assertEquals(type, a.errorType(), a::toString);
        if (message != null) {
            assertEquals(message, a.message());
        }
    }

    IamClient iam() {
        return Aws.iam(base, Aws.MONITRON_ADMIN);
    }

    Monitron admin() {
        return new Monitron(base, Aws.MONITRON_ADMIN);
    }

    Monitron as(AwsCredentialsIdentity credentials) {
        return new Monitron(base, credentials);
    }

    /** A project of the seed account, created by its administrator through the service. */
    String project(String prefix) {
        String p = name(prefix);
        Answer a = admin().createProject(p);
        assertEquals(200, a.status(), a::toString);
        return p;
    }

    /** A role of the seed account with a trust policy and one inline permissions policy; returns its ARN. */
    String role(String roleName, String trustPolicy, String permissions) {
        String roleArn = StsFixtures.role(base, Aws.MONITRON_ADMIN, roleName, trustPolicy, null);
        iam().putRolePolicy(b -> b.roleName(roleName).policyName("p").policyDocument(permissions));
        return roleArn;
    }

    /** Trust in the seed account itself (its admin assumes the role). */
    static String ownAccountTrust() {
        return trust(q("arn:aws:iam::" + ACCT + ":root"), null, null);
    }

    AwsBasicCredentials user(String userName, String inlinePolicy) {
        return StsFixtures.user(base, Aws.MONITRON_ADMIN, userName, inlinePolicy);
    }

    // ------------------------------------------------------------------ the seed's story

    @Test
    void mateoIsDeniedWithAwsTextUntilTheAdministratorGrantsGetProjectThroughAGroup() {
        String project = "DallasFulfillmentCenter";
        assertEquals(200, admin().createProject(project).status());
        AwsBasicCredentials mateo = user("mateojackson", null);

        assertDenied("User: arn:aws:iam::123456789012:user/mateojackson is not authorized to perform: "
                + "monitron:GetProject on resource: arn:aws:monitron:us-east-1:123456789012:project/"
                + "DallasFulfillmentCenter because no identity-based policy allows the monitron:GetProject action",
                as(mateo).getProject(project));

        // the administrator: a managed policy, attached to a group Mateo joins
        String policyArn = iam().createPolicy(b -> b.policyName(name("MonitronProjectViewer"))
                .policyDocument(allow("monitron:GetProject", arn(project)))).policy().arn();
        String group = name("MonitronViewers");
        iam().createGroup(b -> b.groupName(group));
        iam().attachGroupPolicy(b -> b.groupName(group).policyArn(policyArn));
        iam().addUserToGroup(b -> b.groupName(group).userName("mateojackson"));

        Answer ok = as(mateo).getProject(project);
        assertEquals(200, ok.status(), ok::toString);
        assertEquals(project, ok.body().path("project").path("projectName").asText());
        assertEquals(arn(project), ok.body().path("project").path("projectArn").asText());
        assertEquals(ACCT, ok.body().path("project").path("ownerAccountId").asText());
        // GetProject only: the rest stays denied
        assertDenied(denied("arn:aws:iam::123456789012:user/mateojackson", "DeleteProject", arn(project),
                "because no identity-based policy allows the monitron:DeleteProject action"), as(mateo).deleteProject(project));
    }

    @Test
    void aMissingProjectIsNotFoundOnlyForCallersAllowedToAsk() {
        String known = project("known");
        String missing = name("missing");
        String userName = name("viewer");
        AwsBasicCredentials viewer = user(userName, allow("monitron:GetProject", arn(known)));

        assertDenied(denied("arn:aws:iam::" + ACCT + ":user/" + userName, "GetProject", arn(missing),
                "because no identity-based policy allows the monitron:GetProject action"), as(viewer).getProject(missing));
        assertError(404, "ResourceNotFoundException", "The project " + missing + " does not exist.",
                admin().getProject(missing));
        assertError(404, "ResourceNotFoundException", null, admin().deleteProject(missing));
        assertError(404, "ResourceNotFoundException", null, admin().putProjectPolicy(missing, resourcePolicy(
                "Allow", "\"arn:aws:iam::" + ACCT + ":root\"", "monitron:GetProject", arn(missing))));
    }

    // ------------------------------------------------------------------ the operations

    @Test
    void theOwnerCreatesListsGetsSharesAndDeletesProjects() {
        String p = name("lifecycle");
        Answer created = admin().createProject(p);
        assertEquals(200, created.status(), created::toString);
        assertEquals(arn(p), created.body().path("project").path("projectArn").asText());
        assertTrue(created.body().path("project").path("createdAt").asDouble() > 1.7e9, created::toString);
        assertFalse(created.body().path("project").has("resourcePolicy"));

        assertError(409, "ConflictException", "A project named " + p + " already exists.", admin().createProject(p));
        assertTrue(Monitron.names(admin().listProjects()).contains(p));

        String policy = resourcePolicy("Allow", q("arn:aws:iam::" + Aws.BETA + ":root"), "monitron:GetProject", arn(p));
        Answer shared = admin().putProjectPolicy(p, policy);
        assertEquals(200, shared.status(), shared::toString);
        assertEquals(policy, shared.body().path("project").path("resourcePolicy").asText());
        assertEquals(policy, admin().getProject(p).body().path("project").path("resourcePolicy").asText());

        Answer deleted = admin().deleteProject(p);
        assertEquals(204, deleted.status(), deleted::toString);
        assertNull(deleted.body());
        assertError(404, "ResourceNotFoundException", null, admin().getProject(p));
        assertFalse(Monitron.names(admin().listProjects()).contains(p));
    }

    @Test
    void badInputIsAValidationErrorAndChangesNothing() {
        String tooLong = "a".repeat(65);
        String prefix = "1 validation error detected: Value '";
        assertError(400, "ValidationException", prefix + tooLong + "' at 'name' failed to satisfy constraint: "
                + "Member must have length less than or equal to 64", admin().createProject(tooLong));
        assertError(400, "ValidationException", prefix + "' at 'name' failed to satisfy constraint: "
                + "Member must have length greater than or equal to 1", admin().createProject(""));
        for (String bad : new String[] {"Dallas Center", "proj*", "-leading", "a/b", "caf\u00e9"}) {
            assertError(400, "ValidationException", prefix + bad + "' at 'name' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: ^[A-Za-z0-9][A-Za-z0-9_.-]*$",
                    admin().createProject(bad));
        }
        assertError(400, "ValidationException", "1 validation error detected: Value null at 'name' failed to satisfy "
                + "constraint: Member must not be null", admin().send(SdkHttpMethod.POST, "/projects", "{}", b -> b));
        assertError(400, "ValidationException", "The request body must be a JSON object: {\"name\": \"<project name>\"}",
                admin().send(SdkHttpMethod.POST, "/projects", "Dallas", b -> b));
        assertError(400, "ValidationException", null, admin().getProject("Dallas%20Center"));
        assertFalse(Monitron.names(admin().listProjects()).stream().anyMatch(n -> n.startsWith("proj") || n.isEmpty()));

        String p = project("policy");
        String otherProject = arn(p + "x");
        String[][] policies = {
                {"{", "The resource policy is not valid JSON."},
                {"[]", "The resource policy must be a JSON object."},
                {"{\"Version\":\"2012-10-17\"}", "The resource policy must have at least one Statement."},
                {resourcePolicy("Maybe", q("*"), "monitron:GetProject", arn(p)),
                        "Statement 1: Effect must be \"Allow\" or \"Deny\"."},
                {"{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"monitron:GetProject\",\"Resource\":\"" + arn(p) + "\"}]}",
                        "Statement 1: a resource policy must name a Principal or NotPrincipal."},
                {resourcePolicy("Allow", q("*"), "iam:GetUser", arn(p)),
                        "Statement 1: the action iam:GetUser is not a monitron action."},
                {resourcePolicy("Allow", q("*"), "monitron:GetProject", otherProject),
                        "Statement 1: the resource " + otherProject + " is not this project (" + arn(p) + ")."},
        };
        for (String[] c : policies) {
            assertError(400, "ValidationException", c[1], admin().putProjectPolicy(p, c[0]));
        }
        assertFalse(admin().getProject(p).body().path("project").has("resourcePolicy"));
    }

    @Test
    void aPolicyTheGatewayCannotParseIsRefusedToo() {
        String p = project("grammar");
        String badCondition = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                + "{\"AWS\":\"*\"},\"Action\":\"monitron:GetProject\",\"Resource\":\"" + arn(p) + "\","
                + "\"Condition\":{\"StringEqualz\":{\"aws:username\":\"x\"}}}]}";
        Answer a = admin().putProjectPolicy(p, badCondition);
        assertError(400, "ValidationException", null, a);
        assertTrue(a.message().startsWith("The resource policy is not valid: "), a::toString);
        assertFalse(admin().getProject(p).body().path("project").has("resourcePolicy"));
    }

    static String resourcePolicy(String effect, String principalAws, String action, String resource) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect + "\",\"Principal\":{\"AWS\":"
                + principalAws + "},\"Action\":\"" + action + "\",\"Resource\":\"" + resource + "\"}]}";
    }

    // ------------------------------------------------------------------ other accounts

    @Test
    void aPartnerInAnotherAccountAssumesARoleWithItsExternalId() {
        String p = project("partner");
        String roleName = name("PartnerProjects");
        String roleArn = role(roleName, trust(q("arn:aws:iam::" + Aws.BETA + ":root"),
                null, "{\"StringEquals\":{\"sts:ExternalId\":\"monitron-7\"}}"),
                allow("monitron:GetProject", arn(p)));
        AwsBasicCredentials partner = StsFixtures.user(base, Aws.BETA_ADMIN, name("partner"),
                allow("sts:AssumeRole", roleArn));

        StsException noId = assertThrows(StsException.class, () -> Aws.sts(base, partner)
                .assumeRole(b -> b.roleArn(roleArn).roleSessionName("partner")));
        assertEquals("AccessDenied", noId.awsErrorDetails().errorCode());
        Credentials c = Aws.sts(base, partner).assumeRole(b -> b.roleArn(roleArn).roleSessionName("partner")
                .externalId("monitron-7")).credentials();

        Answer ok = as(Aws.session(c)).getProject(p);
        assertEquals(200, ok.status(), ok::toString);
        assertDenied(denied("arn:aws:sts::" + ACCT + ":assumed-role/" + roleName + "/partner", "DeleteProject", arn(p),
                "because no identity-based policy allows the monitron:DeleteProject action"), as(Aws.session(c)).deleteProject(p));
    }

    @Test
    void theProjectsResourcePolicyAloneLetsAnotherAccountInOnlyWithThatAccountsOwnPermission() {
        String p = project("shared");
        String partnerName = name("reader");
        String partnerArn = "arn:aws:iam::" + Aws.BETA + ":user/" + partnerName;
        AwsBasicCredentials partner = StsFixtures.user(base, Aws.BETA_ADMIN, partnerName, null);
        assertEquals(200, admin().putProjectPolicy(p,
                resourcePolicy("Allow", q(partnerArn), "monitron:GetProject", arn(p))).status());

        // cross-account: the resource policy is not enough; the denial is AWS's legacy text, no reason given
        assertDenied(denied(partnerArn, "GetProject", arn(p), null), as(partner).getProject(p));
        Aws.iam(base, Aws.BETA_ADMIN).putUserPolicy(b -> b.userName(partnerName).policyName("monitron")
                .policyDocument(allow("monitron:GetProject", arn(p))));
        Answer ok = as(partner).getProject(p);
        assertEquals(200, ok.status(), ok::toString);

        // and the identity policy alone is not enough either: another project, without a resource policy
        String other = project("unshared");
        Aws.iam(base, Aws.BETA_ADMIN).putUserPolicy(b -> b.userName(partnerName).policyName("monitron")
                .policyDocument(allow("monitron:GetProject", arn("*"))));
        assertDenied(denied(partnerArn, "GetProject", arn(other), null), as(partner).getProject(other));
        assertEquals(200, as(partner).getProject(p).status());
    }

    // ------------------------------------------------------------------ sessions

    @Test
    void anOidcFederatedSessionActsWithItsRolesPermissions() throws Exception {
        String p = project("oidc");
        String providerArn = iam().createOpenIDConnectProvider(b -> b.url(issuer.url()).clientIDList("sts.amazonaws.com"))
                .openIDConnectProviderArn();
        String key = issuer.url().substring("http://".length());
        String sub = "repo:acme/sensors:ref:refs/heads/main";
        String roleName = name("SensorsCi");
        String roleArn = role(roleName, "{\"Version\":\"2012-10-17\",\"Statement\":"
                + "[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"" + providerArn + "\"},\"Action\":"
                + "\"sts:AssumeRoleWithWebIdentity\",\"Condition\":{\"StringEquals\":{\"" + key + ":aud\":"
                + "\"sts.amazonaws.com\",\"" + key + ":sub\":\"" + sub + "\"}}}]}",
                allow("monitron:GetProject", arn(p)));
        Instant now = Instant.now();
        String token = issuer.sign(new JWTClaimsSet.Builder().issuer(issuer.url()).audience("sts.amazonaws.com")
                .subject(sub).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600))).build(),
                JWSAlgorithm.RS256);
        Credentials c = Aws.anonymousSts(base).assumeRoleWithWebIdentity(b -> b.roleArn(roleArn)
                .roleSessionName("ci-1").webIdentityToken(token)).credentials();

        Answer ok = as(Aws.session(c)).getProject(p);
        assertEquals(200, ok.status(), ok::toString);
        assertDenied(denied("arn:aws:sts::" + ACCT + ":assumed-role/" + roleName + "/ci-1", "ListProjects", arn("*"),
                "because no identity-based policy allows the monitron:ListProjects action"), as(Aws.session(c)).listProjects());
    }

    @Test
    void aSessionPolicyNarrowsWhatTheRoleAllows() {
        String p = project("narrow");
        String userName = name("operator");
        AwsBasicCredentials operator = user(userName, null);
        String roleName = name("ProjectsAdmin");
        String roleArn = role(roleName, trust(q("arn:aws:iam::" + ACCT + ":user/" + userName), null, null),
                allow("monitron:*", arn(p)));
        Credentials c = Aws.sts(base, operator).assumeRole(b -> b.roleArn(roleArn).roleSessionName("read-only")
                .policy(allow("monitron:GetProject", "*"))).credentials();

        assertEquals(200, as(Aws.session(c)).getProject(p).status());
        assertDenied(denied("arn:aws:sts::" + ACCT + ":assumed-role/" + roleName + "/read-only", "DeleteProject", arn(p),
                "because no session policy allows the monitron:DeleteProject action"), as(Aws.session(c)).deleteProject(p));
        assertEquals(200, admin().getProject(p).status(), "still there");
    }

    @Test
    void anExplicitDenyWinsInAnIdentityOrAResourcePolicy() {
        String p = project("guarded");
        String userName = name("contractor");
        String userArn = "arn:aws:iam::" + ACCT + ":user/" + userName;
        AwsBasicCredentials contractor = user(userName, "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":\"monitron:*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"monitron:DeleteProject\",\"Resource\":\"" + arn(p) + "\"}]}");

        assertDenied(denied(userArn, "DeleteProject", arn(p), "with an explicit deny in an identity-based policy"),
                as(contractor).deleteProject(p));
        assertEquals(200, admin().getProject(p).status(), "still there");

        assertEquals(200, as(contractor).getProject(p).status());
        assertEquals(200, admin().putProjectPolicy(p, resourcePolicy("Deny", q(userArn), "monitron:GetProject", arn(p)))
                .status());
        assertDenied(denied(userArn, "GetProject", arn(p), "with an explicit deny in a resource-based policy"),
                as(contractor).getProject(p));
    }

    @Test
    void aSessionRevokedTheAwsWayIsRefusedFromItsNextRequest() throws Exception {
        String p = project("revoked");
        String roleName = name("Revocable");
        String roleArn = role(roleName, ownAccountTrust(), allow("monitron:GetProject", arn(p)));
        Credentials c = Aws.sts(base, Aws.MONITRON_ADMIN).assumeRole(b -> b.roleArn(roleArn).roleSessionName("old")
                .durationSeconds(900)).credentials();
        Monitron old = as(Aws.session(c));
        assertEquals(200, old.getProject(p).status());

        // README "Revoking sessions": deny everything to the role's sessions issued before a time after this one's
        Instant cutoff = c.expiration().minusSeconds(900).plusSeconds(1);
        iam().putRolePolicy(b -> b.roleName(roleName).policyName("AWSRevokeOlderSessions").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":[\"*\"],"
                        + "\"Resource\":[\"*\"],\"Condition\":{\"DateLessThan\":{\"aws:TokenIssueTime\":\""
                        + cutoff + "\"}}}]}"));
        assertDenied(denied("arn:aws:sts::" + ACCT + ":assumed-role/" + roleName + "/old", "GetProject", arn(p),
                "with an explicit deny in an identity-based policy"), old.getProject(p));

        // a session issued after the cutoff is not affected
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), cutoff).toMillis()) + 1000);
        Credentials fresh = Aws.sts(base, Aws.MONITRON_ADMIN).assumeRole(b -> b.roleArn(roleArn)
                .roleSessionName("new")).credentials();
        assertEquals(200, as(Aws.session(fresh)).getProject(p).status());
    }

    @Test
    void aRevokedSessionIsRefusedWithinTheRevocationBound() {
        String p = project("revoke");
        String roleName = name("Revoked");
        String roleArn = role(roleName, ownAccountTrust(), allow("monitron:GetProject", arn(p)));
        Credentials c = Aws.sts(base, Aws.MONITRON_ADMIN).assumeRole(b -> b.roleArn(roleArn).roleSessionName("gone"))
                .credentials();
        Credentials other = Aws.sts(base, Aws.MONITRON_ADMIN).assumeRole(b -> b.roleArn(roleArn)
                .roleSessionName("kept")).credentials();
        Monitron session = as(Aws.session(c));
        assertEquals(200, session.getProject(p).status());

        RevocationCalls.Reply revoked = new RevocationCalls(base, Aws.MONITRON_ADMIN)
                .revokeSession("AccessKeyId", c.accessKeyId());
        assertEquals(200, revoked.status(), revoked::toString);
        long revokedAt = System.nanoTime();
        Answer a = session.getProject(p);
        while (a.status() == 200 && System.nanoTime() - revokedAt < Duration.ofSeconds(5).toNanos()) {
            a = session.getProject(p);
        }
        assertError(403, "InvalidClientTokenId", ErrorCode.InvalidClientTokenId.defaultMessage(), a);
        assertTrue(System.nanoTime() - revokedAt < Duration.ofSeconds(5).toNanos(), "refused within 5 s");
        assertEquals(200, as(Aws.session(other)).getProject(p).status(), "only that session");
    }

    // ------------------------------------------------------------------ authentication

    @Test
    void aTamperedRequestIsRefusedWithStsCodeAndMessage() {
        String p = project("tamper");
        String other = project("tamper");
        String signatureMessage = ErrorCode.SignatureDoesNotMatch.defaultMessage();
        // signed for one project, sent for another
        assertError(403, "SignatureDoesNotMatch", signatureMessage, admin().send(SdkHttpMethod.GET, "/projects/" + p,
                null, b -> b.uri(URI.create(Aws.endpoint(base) + "/projects/" + other))));
        // signed for one policy, another in the body
        String signedPolicy = resourcePolicy("Allow", q("arn:aws:iam::" + Aws.BETA + ":root"), "monitron:GetProject", arn(p));
        String sentPolicy = signedPolicy.replace(Aws.BETA, Aws.ALPHA);
        assertError(403, "SignatureDoesNotMatch", signatureMessage, admin().send(SdkHttpMethod.PUT,
                "/projects/" + p + "/policy", signedPolicy, b -> b.method("PUT", HttpRequest.BodyPublishers.ofString(sentPolicy))));
        assertFalse(admin().getProject(p).body().path("project").has("resourcePolicy"));
        // unsigned; an unknown key
        assertError(403, "MissingAuthenticationToken", ErrorCode.MissingAuthenticationToken.defaultMessage(),
                Monitron.send(HttpRequest.newBuilder(URI.create(Aws.endpoint(base) + "/projects/" + p)).GET().build()));
        assertError(403, "InvalidClientTokenId", ErrorCode.InvalidClientTokenId.defaultMessage(),
                as(AwsBasicCredentials.create("AKIARZPUZDIKAAAAAAAA", "x".repeat(40))).getProject(p));
    }

    @Test
    void anExpiredSessionIsRefused() {
        String p = project("expired");
        String roleName = name("Expired");
        String roleArn = role(roleName, ownAccountTrust(), allow("monitron:*", "*"));
        String roleId = iam().getRole(b -> b.roleName(roleName)).role().roleId();
        // a real session of the role, minted by the gateway's own keys 20 minutes ago for 15 minutes
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofMinutes(20)), ZoneOffset.UTC);
        SessionCredentialsIssuer mint = new SessionCredentialsIssuer(tokenSettings.issuer(), tokenSettings.audience(),
                sessionKeys::ring, sessionKeys::sessionSecrets, past, new SecureRandom());
        TemporaryCredentials c = mint.issue(SessionGrant.builder(SessionKind.ASSUMED_ROLE, ACCT,
                "arn:aws:sts::" + ACCT + ":assumed-role/" + roleName + "/late", Duration.ofMinutes(15))
                .role(roleId, roleArn).sessionName("late").build()).credentials();

        assertError(403, "ExpiredToken", ErrorCode.ExpiredToken.defaultMessage(), as(AwsSessionCredentials.create(
                c.accessKeyId(), c.secretAccessKey(), c.sessionToken())).getProject(p));
    }
}
