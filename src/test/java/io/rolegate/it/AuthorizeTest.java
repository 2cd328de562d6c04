package io.rolegate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rolegate.credentials.IssuedSession;
import io.rolegate.credentials.SessionGrant;
import io.rolegate.credentials.SessionKind;
import io.rolegate.iam.SessionKeys;
import io.rolegate.sigv4.HttpRequestParts;
import io.rolegate.sigv4.SigV4;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.Tag;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import static io.rolegate.it.Downstream.forwarded;
import static io.rolegate.it.Downstream.getProject;
import static io.rolegate.it.Downstream.question;
import static io.rolegate.it.StsFixtures.allow;
import static io.rolegate.it.StsFixtures.name;
import static io.rolegate.it.StsFixtures.q;
import static io.rolegate.it.StsFixtures.trust;
import static io.rolegate.it.StsFixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * POST /v1/authorize driven as a downstream service does: the client's request is signed by the AWS SDK v2 signer for
 * service monitron, the service's own call is signed for service rolegate, everything goes over HTTP as JSON.
 */
@QuarkusTest
class AuthorizeTest {
    static final String ALPHA = Aws.ALPHA;
    static final String PROJECT = "arn:aws:monitron:us-east-1:" + ALPHA + ":project/dallas";
    static final String SERVICE_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":[\"rolegate:AuthorizeRequest\",\"rolegate:GetDerivedSigningKey\"],"
            + "\"Resource\":[\"arn:aws:monitron:*:" + ALPHA + ":*\",\"*\"]}]}";

    @TestHTTPResource("/")
    URL base;
    @Inject
    SessionKeys sessionKeys;

    /** The monitron service's own credentials (alpha): may ask about alpha's monitron resources. */
    AwsBasicCredentials service;

    @BeforeEach
    void service() {
        service = user(base, Aws.ALPHA_ADMIN, name("monitron-svc"), SERVICE_POLICY);
    }

    IamClient alpha() {
        return Aws.iam(base, Aws.ALPHA_ADMIN);
    }

    Downstream.Reply ask(AwsCredentials client, String action, String resource) {
        return Downstream.authorize(base, service, question(forwarded(getProject(client), null), action, resource));
    }

    static String userArn(String name) {
        return "arn:aws:iam::" + ALPHA + ":user/" + name;
    }

    static void assertDecision(Downstream.Reply r, String decision, String message) {
        assertEquals(200, r.status(), r.toString());
        assertTrue(r.body().path("authenticated").asBoolean(), r.toString());
        assertEquals(decision, r.decision(), r.toString());
        assertEquals(message, r.message(), r.toString());
    }

    static void assertUnauthenticated(Downstream.Reply r, String code, String message) {
        assertEquals(200, r.status(), r.toString());
        assertFalse(r.body().path("authenticated").asBoolean(), r.toString());
        assertEquals(code, r.body().path("error").path("code").asText(), r.toString());
        assertEquals(message, r.body().path("error").path("message").asText(), r.toString());
        assertEquals(0, r.body().path("cacheTtlSeconds").asInt(-1));
        assertTrue(r.body().path("principal").isMissingNode() && r.body().path("decision").isMissingNode());
    }

    static void assertError(Downstream.Reply r, int status, String code, String message) {
        assertEquals(status, r.status(), r.toString());
        assertEquals(code, r.errorType(), r.toString());
        assertEquals(code, r.body().path("__type").asText(), r.toString());
        if (message != null) {
            assertEquals(message, r.body().path("message").asText(), r.toString());
        }
    }

    // ---- the seed's story ----

    @Test
    void mateojacksonIsDeniedUntilAGroupPolicyAllowsThenAnExplicitDenyWins() {
        String u = name("mateojackson");
        AwsBasicCredentials mateo = user(base, Aws.ALPHA_ADMIN, u, null);
        assertDecision(ask(mateo, "monitron:GetProject", PROJECT), "ImplicitDeny", "User: " + userArn(u)
                + " is not authorized to perform: monitron:GetProject on resource: " + PROJECT
                + " because no identity-based policy allows the monitron:GetProject action");

        String g = name("operators");
        alpha().createGroup(b -> b.groupName(g));
        alpha().addUserToGroup(b -> b.groupName(g).userName(u));
        alpha().putGroupPolicy(b -> b.groupName(g).policyName("ReadProjects").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Read\",\"Effect\":\"Allow\","
                        + "\"Action\":\"monitron:Get*\",\"Resource\":\"arn:aws:monitron:*:*:project/*\"}]}"));
        Downstream.Reply allowed = ask(mateo, "monitron:GetProject", PROJECT);
        assertDecision(allowed, "Allow", null);
        JsonNode m = allowed.body().path("matchedStatements");
        assertEquals(1, m.size(), m.toString());
        assertEquals("identity", m.get(0).path("policyType").asText());
        assertEquals("ReadProjects", m.get(0).path("policyName").asText());
        assertEquals("Read", m.get(0).path("sid").asText());
        JsonNode p = allowed.body().path("principal");
        assertEquals(userArn(u), p.path("arn").asText());
        assertEquals(ALPHA, p.path("accountId").asText());
        assertEquals("User", p.path("type").asText());
        assertTrue(p.path("userId").asText().startsWith("AIDA"), p.toString());
        assertEquals(mateo.accessKeyId(), p.path("accessKeyId").asText());
        assertFalse(p.path("mfa").asBoolean());
        assertEquals(3, allowed.body().path("cacheTtlSeconds").asInt(), "the configured TTL for long-term keys");

        String denyArn = alpha().createPolicy(b -> b.policyName(name("NoDallas")).policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"NoDallas\",\"Effect\":\"Deny\","
                        + "\"Action\":\"monitron:*\",\"Resource\":\"" + PROJECT + "\"}]}")).policy().arn();
        alpha().attachUserPolicy(b -> b.userName(u).policyArn(denyArn));
        Downstream.Reply denied = ask(mateo, "monitron:GetProject", PROJECT);
        assertDecision(denied, "ExplicitDeny", "User: " + userArn(u) + " is not authorized to perform: "
                + "monitron:GetProject on resource: " + PROJECT + " with an explicit deny in an identity-based policy");
        JsonNode d = denied.body().path("matchedStatements").get(0);
        assertEquals(denyArn, d.path("policyArn").asText(), "a managed policy is named by its ARN");
        assertTrue(d.path("policyName").isMissingNode());
        assertEquals("NoDallas", d.path("sid").asText());
        assertEquals(3, denied.body().path("cacheTtlSeconds").asInt(), "denials are cacheable too");
    }

    @Test
    void resourceNameIsShownInsteadOfTheArnAndActionsWithoutResourceNameNone() {
        String u = name("reader");
        AwsBasicCredentials c = user(base, Aws.ALPHA_ADMIN, u, null);
        ObjectNode body = question(forwarded(getProject(c), null), "monitron:GetProject", PROJECT);
        body.put("resourceName", "Dallas Fulfillment Center");
        assertDecision(Downstream.authorize(base, service, body), "ImplicitDeny", "User: " + userArn(u)
                + " is not authorized to perform: monitron:GetProject on resource: Dallas Fulfillment Center"
                + " because no identity-based policy allows the monitron:GetProject action");
        assertDecision(ask(c, "monitron:ListProjects", null), "ImplicitDeny", "User: " + userArn(u)
                + " is not authorized to perform: monitron:ListProjects because no identity-based policy allows"
                + " the monitron:ListProjects action");
    }

    // ---- every kind of credentials ----

    /** A role in alpha that {@code user} may assume, with {@code rolePolicy} inline; returns the role ARN. */
    String roleFor(String roleName, String userName, String rolePolicy) {
        String arn = StsFixtures.role(base, Aws.ALPHA_ADMIN, roleName,
                trust(q(userArn(userName)), "\"sts:TagSession\",\"sts:SetSourceIdentity\"", null), null);
        if (rolePolicy != null) {
            alpha().putRolePolicy(b -> b.roleName(roleName).policyName("RolePolicy").policyDocument(rolePolicy));
        }
        return arn;
    }

    /** A user allowed sts:*, the role {@code roleName} it may assume with {@code rolePolicy}, and a session of it. */
    Credentials session(String roleName, String rolePolicy,
                        java.util.function.Consumer<software.amazon.awssdk.services.sts.model.AssumeRoleRequest.Builder> options) {
        String u = name("caller");
        AwsBasicCredentials c = user(base, Aws.ALPHA_ADMIN, u, allow("sts:*", "*"));
        String roleArn = roleFor(roleName, u, rolePolicy);
        return Aws.sts(base, c).assumeRole(b -> options.accept(b.roleArn(roleArn))).credentials();
    }

    @Test
    void assumedRoleSessionIsNamedByItsSessionArnAndCarriesItsSessionFacts() {
        String r = name("Operator");
        Credentials s = session(r, allow("monitron:ListProjects", "*"), b -> b.roleSessionName("ops-7")
                .sourceIdentity("alice@corp.example")
                .tags(Tag.builder().key("team").value("blue").build()));
        String roleArn = "arn:aws:iam::" + ALPHA + ":role/" + r;
        AwsSessionCredentials session = Aws.session(s);
        String sessionArn = "arn:aws:sts::" + ALPHA + ":assumed-role/" + r + "/ops-7";
        Downstream.Reply denied = ask(session, "monitron:GetProject", PROJECT);
        assertDecision(denied, "ImplicitDeny", "User: " + sessionArn + " is not authorized to perform: "
                + "monitron:GetProject on resource: " + PROJECT
                + " because no identity-based policy allows the monitron:GetProject action");
        JsonNode p = denied.body().path("principal");
        assertEquals(sessionArn, p.path("arn").asText());
        assertEquals("AssumedRole", p.path("type").asText());
        assertEquals("ops-7", p.path("sessionName").asText());
        assertEquals(roleArn, p.path("roleArn").asText());
        assertEquals("blue", p.path("tags").path("team").asText());
        assertEquals("alice@corp.example", p.path("sourceIdentity").asText());
        assertFalse(p.path("mfa").asBoolean(), "no MFA code was given to AssumeRole");
        assertEquals(s.expiration().getEpochSecond(), Instant.parse(p.path("expiresAt").asText()).getEpochSecond());
        assertTrue(p.path("userId").asText().endsWith(":ops-7"));
        assertTrue(p.has("issuedAt"));
        assertDecision(ask(session, "monitron:ListProjects", null), "Allow", null);
    }

    @Test
    void sessionPolicyNarrowsTheRole() {
        String r = name("Wide");
        AwsSessionCredentials narrowed = Aws.session(session(r, allow("monitron:*", "*"), b -> b
                .roleSessionName("narrow").policy(allow("monitron:ListProjects", "*"))));
        assertDecision(ask(narrowed, "monitron:GetProject", PROJECT), "ImplicitDeny", "User: arn:aws:sts::" + ALPHA
                + ":assumed-role/" + r + "/narrow is not authorized to perform: monitron:GetProject on resource: "
                + PROJECT + " because no session policy allows the monitron:GetProject action");
        assertDecision(ask(narrowed, "monitron:ListProjects", null), "Allow", null);
    }

    @Test
    void permissionsBoundaryLimitsTheUser() {
        String u = name("bounded");
        AwsBasicCredentials c = user(base, Aws.ALPHA_ADMIN, u, allow("monitron:*", "*"));
        String boundary = alpha().createPolicy(b -> b.policyName(name("ListOnly"))
                .policyDocument(allow("monitron:List*", "*"))).policy().arn();
        alpha().putUserPermissionsBoundary(b -> b.userName(u).permissionsBoundary(boundary));
        assertDecision(ask(c, "monitron:GetProject", PROJECT), "ImplicitDeny", "User: " + userArn(u)
                + " is not authorized to perform: monitron:GetProject on resource: " + PROJECT
                + " because no permissions boundary allows the monitron:GetProject action");
        assertDecision(ask(c, "monitron:ListProjects", null), "Allow", null);
    }

    @Test
    void getSessionTokenAndFederationTokenCredentials() {
        String u = name("fed");
        AwsBasicCredentials c = user(base, Aws.ALPHA_ADMIN, u, "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":[\"sts:*\",\"monitron:*\"],\"Resource\":\"*\"}]}");
        AwsSessionCredentials st = Aws.session(Aws.sts(base, c).getSessionToken().credentials());
        Downstream.Reply r = ask(st, "monitron:GetProject", PROJECT);
        assertDecision(r, "Allow", null);
        assertEquals(userArn(u), r.body().path("principal").path("arn").asText());
        assertEquals("User", r.body().path("principal").path("type").asText());
        assertTrue(r.body().path("principal").has("expiresAt"));

        AwsSessionCredentials fed = Aws.session(Aws.sts(base, c).getFederationToken(b -> b.name("bob")
                .policy(allow("monitron:List*", "*"))).credentials());
        String fedArn = "arn:aws:sts::" + ALPHA + ":federated-user/bob";
        Downstream.Reply f = ask(fed, "monitron:GetProject", PROJECT);
        assertDecision(f, "ImplicitDeny", "User: " + fedArn + " is not authorized to perform: monitron:GetProject"
                + " on resource: " + PROJECT + " because no session policy allows the monitron:GetProject action");
        assertEquals("FederatedUser", f.body().path("principal").path("type").asText());
        assertEquals("bob", f.body().path("principal").path("sessionName").asText());
        assertDecision(ask(fed, "monitron:ListProjects", null), "Allow", null);
    }

    // ---- resource policies: same account and across accounts ----

    @Test
    void sameAccountResourcePolicyAloneAllows() {
        String u = name("nopolicy");
        AwsBasicCredentials c = user(base, Aws.ALPHA_ADMIN, u, null);
        ObjectNode body = question(forwarded(getProject(c), null), "monitron:GetProject", PROJECT);
        body.put("resourcePolicy", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Mateo\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"" + userArn(u) + "\"},\"Action\":\"monitron:GetProject\",\"Resource\":\""
                + PROJECT + "\"}]}");
        Downstream.Reply r = Downstream.authorize(base, service, body);
        assertDecision(r, "Allow", null);
        JsonNode m = r.body().path("matchedStatements").get(0);
        assertEquals("resource", m.path("policyType").asText());
        assertEquals("Mateo", m.path("sid").asText());

        body.put("resourcePolicy", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\","
                + "\"Action\":\"monitron:*\",\"Resource\":\"*\"}]}");
        assertDecision(Downstream.authorize(base, service, body), "ExplicitDeny", "User: " + userArn(u)
                + " is not authorized to perform: monitron:GetProject on resource: " + PROJECT
                + " with an explicit deny in a resource-based policy");
    }

    @Test
    void crossAccountNeedsBothIdentityAndResourcePolicyAndAnswersTheLegacyMessage() {
        String u = name("partner");
        String partnerArn = "arn:aws:iam::" + Aws.BETA + ":user/" + u;
        AwsBasicCredentials partner = user(base, Aws.BETA_ADMIN, u, allow("monitron:GetProject", "*"));
        String legacy = "User: " + partnerArn + " is not authorized to perform: monitron:GetProject on resource: "
                + PROJECT;
        ObjectNode body = question(forwarded(getProject(partner), null), "monitron:GetProject", PROJECT);
        assertDecision(Downstream.authorize(base, service, body), "ImplicitDeny", legacy);

        String grantsBeta = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"" + Aws.BETA + "\"},\"Action\":\"monitron:GetProject\",\"Resource\":\"*\"}]}";
        body.put("resourcePolicy", grantsBeta);
        assertDecision(Downstream.authorize(base, service, body), "Allow", null);

        String u2 = name("partner-nopolicy");
        AwsBasicCredentials bare = user(base, Aws.BETA_ADMIN, u2, null);
        ObjectNode onlyResource = question(forwarded(getProject(bare), null), "monitron:GetProject", PROJECT);
        onlyResource.put("resourcePolicy", grantsBeta);
        assertDecision(Downstream.authorize(base, service, onlyResource), "ImplicitDeny", "User: arn:aws:iam::"
                + Aws.BETA + ":user/" + u2 + " is not authorized to perform: monitron:GetProject on resource: " + PROJECT);
    }

    @Test
    void aMalformedResourcePolicyIsA400() {
        AwsBasicCredentials c = user(base, Aws.ALPHA_ADMIN, name("u"), null);
        ObjectNode body = question(forwarded(getProject(c), null), "monitron:GetProject", PROJECT);
        body.put("resourcePolicy", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"monitron:*\",\"Resource\":\"*\"}]}");
        Downstream.Reply r = Downstream.authorize(base, service, body);
        assertError(r, 400, "MalformedPolicyDocument", null);
    }

    // ---- authentication of the forwarded request ----

    @Test
    void tamperedSignatureIsNotAuthenticated() {
        AwsBasicCredentials c = user(base, Aws.ALPHA_ADMIN, name("u"), null);
        ObjectNode req = forwarded(getProject(c), null);
        ObjectNode headers = (ObjectNode) req.path("headers");
        String auth = headers.path("Authorization").asText();
        char last = auth.charAt(auth.length() - 1);
        headers.put("Authorization", auth.substring(0, auth.length() - 1) + (last == '0' ? '1' : '0'));
        assertUnauthenticated(Downstream.authorize(base, service, question(req, "monitron:GetProject", PROJECT)),
                "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you "
                        + "provided. Check your AWS Secret Access Key and signing method. Consult the service "
                        + "documentation for details.");
        // a changed path is a changed request
        ObjectNode moved = forwarded(getProject(c), null).put("path", "/projects/austin");
        assertEquals("SignatureDoesNotMatch", Downstream.authorize(base, service,
                question(moved, "monitron:GetProject", PROJECT)).body().path("error").path("code").asText());
    }

    @Test
    void unknownKeyAndForgedSessionTokenAreInvalidClientTokenId() {
        AwsBasicCredentials unknown = AwsBasicCredentials.create("AKIAEXAMPLEUNKNOWN00", "x".repeat(40));
        assertUnauthenticated(ask(unknown, "monitron:GetProject", PROJECT), "InvalidClientTokenId",
                "The security token included in the request is invalid.");
    }

    @Test
    void aSessionTokenSignedWithAnotherSessionsKeyIsInvalidEvenOnceVerified() {
        Credentials a = session(name("RoleA"), allow("monitron:*", "*"), b -> b.roleSessionName("sa"));
        Credentials b2 = session(name("RoleB"), allow("monitron:*", "*"), b -> b.roleSessionName("sb"));
        assertDecision(ask(Aws.session(a), "monitron:GetProject", PROJECT), "Allow", null); // a's token verified once
        AwsSessionCredentials mixed = AwsSessionCredentials.create(b2.accessKeyId(), b2.secretAccessKey(),
                a.sessionToken());
        assertUnauthenticated(ask(mixed, "monitron:GetProject", PROJECT), "InvalidClientTokenId",
                "The security token included in the request is invalid.");
    }

    @Test
    void aRevokedSessionIsRefusedWhileAnotherSessionOfTheRoleIsNot() {
        String r = name("Revoked");
        Credentials doomed = session(r, allow("monitron:*", "*"), b -> b.roleSessionName("doomed"));
        assertDecision(ask(Aws.session(doomed), "monitron:GetProject", PROJECT), "Allow", null); // verified and cached
        RevocationCalls.Reply revoked = new RevocationCalls(base, Aws.ALPHA_ADMIN)
                .revokeSession("AccessKeyId", doomed.accessKeyId());
        assertEquals(200, revoked.status(), revoked.toString());
        assertUnauthenticated(ask(Aws.session(doomed), "monitron:GetProject", PROJECT), "InvalidClientTokenId",
                "The security token included in the request is invalid.");
    }

    @Test
    void expiredSessionIsExpiredToken() throws Exception {
        String r = name("Short");
        String u = name("u");
        user(base, Aws.ALPHA_ADMIN, u, null);
        String roleArn = roleFor(r, u, allow("monitron:*", "*"));
        String roleId = alpha().getRole(b -> b.roleName(r)).role().roleId();
        IssuedSession s = sessionKeys.issue(SessionGrant.builder(SessionKind.ASSUMED_ROLE, ALPHA,
                "arn:aws:sts::" + ALPHA + ":assumed-role/" + r + "/brief", Duration.ofSeconds(4))
                .role(roleId, roleArn).sessionName("brief").build());
        AwsSessionCredentials brief = AwsSessionCredentials.create(s.credentials().accessKeyId(),
                s.credentials().secretAccessKey(), s.credentials().sessionToken());
        Downstream.Reply live = ask(brief, "monitron:GetProject", PROJECT);
        assertDecision(live, "Allow", null);
        long ttl = live.body().path("cacheTtlSeconds").asLong();
        assertTrue(ttl <= Duration.between(Instant.now(), s.credentials().expiration()).toSeconds() + 1,
                "never beyond the session's remaining lifetime: " + live);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), s.credentials().expiration()).toMillis() + 50));
        assertUnauthenticated(ask(brief, "monitron:GetProject", PROJECT), "ExpiredToken",
                "The security token included in the request is expired");
    }

    @Test
    void invalidRegionInTheScopeIsRefused() {
        AwsBasicCredentials c = user(base, Aws.ALPHA_ADMIN, name("u"), allow("monitron:*", "*"));
        SdkHttpRequest signed = Downstream.sign(Downstream.clientRequest(SdkHttpMethod.GET, "/projects/dallas").build(),
                null, c, "monitron", "Mars-1", false);
        assertUnauthenticated(Downstream.authorize(base, service, question(forwarded(signed, null),
                "monitron:GetProject", PROJECT)), "SignatureDoesNotMatch",
                "Credential should be scoped to a valid region, not 'Mars-1'.");
    }

    @Test
    void presignedForwardedRequestAndRequestsWithABody() {
        AwsBasicCredentials c = user(base, Aws.ALPHA_ADMIN, name("u"), allow("monitron:*", "*"));
        SdkHttpRequest presigned = Downstream.sign(Downstream.clientRequest(SdkHttpMethod.GET, "/projects/dallas?view=full")
                .build(), null, c, "monitron", "eu-west-1", true);
        assertTrue(presigned.encodedQueryParameters().orElse("").contains("X-Amz-Signature"));
        assertFalse(presigned.firstMatchingHeader("Authorization").isPresent());
        assertDecision(Downstream.authorize(base, service, question(forwarded(presigned, null), "monitron:GetProject",
                PROJECT)), "Allow", null);

        String body = "{\"name\":\"dallas\"}";
        SdkHttpRequest post = Downstream.sign(Downstream.clientRequest(SdkHttpMethod.POST, "/projects").build(), body,
                c, "monitron", "us-east-1", false);
        assertDecision(Downstream.authorize(base, service, question(forwarded(post, body), "monitron:CreateProject",
                PROJECT)), "Allow", null);
        // the body the service received is not the one that was signed
        ObjectNode swapped = forwarded(post, body).put("bodySha256", Downstream.sha256("{\"name\":\"austin\"}"));
        assertEquals("SignatureDoesNotMatch", Downstream.authorize(base, service, question(swapped,
                "monitron:CreateProject", PROJECT)).body().path("error").path("code").asText());
    }

    // ---- the asking service ----

    @Test
    void aServiceWithoutAuthorizeRequestLearnsNothing() {
        String s = name("not-a-service");
        AwsBasicCredentials stranger = user(base, Aws.ALPHA_ADMIN, s, null);
        AwsBasicCredentials c = user(base, Aws.ALPHA_ADMIN, name("u"), null);
        String expected = "User: " + userArn(s) + " is not authorized to perform: rolegate:AuthorizeRequest on "
                + "resource: " + PROJECT + " because no identity-based policy allows the rolegate:AuthorizeRequest action";
        assertError(Downstream.authorize(base, stranger, question(forwarded(getProject(c), null),
                "monitron:GetProject", PROJECT)), 403, "AccessDenied", expected);
        // the same answer for a forwarded request that would not even authenticate
        ObjectNode garbage = Downstream.JSON.createObjectNode().put("method", "GET").put("path", "/x");
        garbage.putObject("headers").put("Authorization", "nonsense");
        assertError(Downstream.authorize(base, stranger, question(garbage, "monitron:GetProject", PROJECT)), 403,
                "AccessDenied", expected);
        // and a scoped service policy decides which resources a service may ask about
        String scoped = name("scoped-svc");
        AwsBasicCredentials scopedSvc = user(base, Aws.ALPHA_ADMIN, scoped,
                allow("rolegate:AuthorizeRequest", "arn:aws:monitron:*:" + ALPHA + ":project/austin"));
        assertError(Downstream.authorize(base, scopedSvc, question(forwarded(getProject(c), null),
                "monitron:GetProject", PROJECT)), 403, "AccessDenied", null);
    }

    @Test
    void aServiceMayOnlyAskAboutItsOwnAccountsResources() {
        AwsBasicCredentials c = user(base, Aws.ALPHA_ADMIN, name("u"), null);
        String betaProject = "arn:aws:monitron:us-east-1:" + Aws.BETA + ":project/berlin";
        Downstream.Reply r = Downstream.authorize(base, Aws.ALPHA_ADMIN, question(forwarded(getProject(c), null),
                "monitron:GetProject", betaProject));
        assertError(r, 403, "AccessDenied", "User: arn:aws:iam::" + ALPHA + ":user/admin is not authorized to "
                + "perform: rolegate:AuthorizeRequest on resource: " + betaProject);
    }

    @Test
    void theCallItselfMustBeSignedForRolegate() {
        AwsBasicCredentials c = user(base, Aws.ALPHA_ADMIN, name("u"), null);
        String body = question(forwarded(getProject(c), null), "monitron:GetProject", PROJECT).toString();
        assertError(Downstream.post(base, "/v1/authorize", null, body), 403, "MissingAuthenticationToken",
                "Request is missing Authentication Token");
        assertError(Downstream.post(base, "/v1/authorize", service, "sts", body), 403, "SignatureDoesNotMatch",
                "Credential should be scoped to correct service: 'rolegate'.");
        assertError(Downstream.post(base, "/v1/authorize", AwsBasicCredentials.create(service.accessKeyId(),
                "w".repeat(40)), body), 403, "SignatureDoesNotMatch", null);
    }

    // ---- batch ----

    @Test
    void batchOfThirtyIsAnsweredInOrderAndThirtyOneIsRefused() {
        String u = name("u");
        AwsBasicCredentials c = user(base, Aws.ALPHA_ADMIN, u, allow("monitron:Get*", "*"));
        ObjectNode body = Downstream.JSON.createObjectNode();
        body.set("request", forwarded(getProject(c), null));
        ArrayNode items = body.putArray("items");
        for (int i = 0; i < 30; i++) {
            ObjectNode item = items.addObject().put("action", i % 2 == 0 ? "monitron:GetProject" : "monitron:DeleteProject")
                    .put("resource", "arn:aws:monitron:us-east-1:" + ALPHA + ":project/p" + i);
            if (i == 3) {
                item.put("resourceName", "Project three");
            }
        }
        Downstream.Reply r = Downstream.batch(base, service, body);
        assertEquals(200, r.status(), r.toString());
        JsonNode results = r.body().path("results");
        assertEquals(30, results.size());
        assertEquals("Allow", results.get(0).path("decision").asText());
        assertEquals("arn:aws:monitron:us-east-1:" + ALPHA + ":project/p0", results.get(0).path("resource").asText());
        assertEquals("ImplicitDeny", results.get(3).path("decision").asText());
        assertEquals("User: " + userArn(u) + " is not authorized to perform: monitron:DeleteProject on resource: "
                + "Project three because no identity-based policy allows the monitron:DeleteProject action",
                results.get(3).path("message").asText());
        assertEquals(userArn(u), r.body().path("principal").path("arn").asText());
        assertEquals(3, r.body().path("cacheTtlSeconds").asInt());

        items.addObject().put("action", "monitron:GetProject");
        assertError(Downstream.batch(base, service, body), 400, "ValidationError",
                "Field 'items' must have between 1 and 30 entries, not 31");
    }

    // ---- offline mode: derived signing keys ----

    @Test
    void derivedKeyVerifiesTheNextRequestOfTheSessionLocally() {
        Credentials s = session(name("KeyRole"), allow("monitron:*", "*"), b -> b.roleSessionName("offline"));
        AwsSessionCredentials session = Aws.session(s);
        ObjectNode body = question(forwarded(getProject(session), null), "monitron:GetProject", PROJECT);
        body.put("deriveSigningKey", true);
        Downstream.Reply answer = Downstream.authorize(base, service, body);
        assertDecision(answer, "Allow", null);
        JsonNode key = answer.body().path("signingKey");
        assertEquals(s.accessKeyId(), key.path("accessKeyId").asText());
        assertTrue(key.path("scope").asText().matches("\\d{8}/us-east-1/monitron/aws4_request"), key.toString());
        Instant expires = Instant.parse(key.path("expiresAt").asText());
        assertFalse(expires.isAfter(s.expiration()), "never beyond the credentials: " + key);
        assertFalse(answer.body().toString().contains(s.secretAccessKey()), "never the secret itself");

        // a second request of the session, verified by the service alone with the derived key (pure SigV4 code)
        SdkHttpRequest next = Downstream.sign(Downstream.clientRequest(SdkHttpMethod.GET, "/projects/dallas?page=2")
                .build(), null, session, "monitron", "us-east-1", false);
        assertTrue(verifiesLocally(next, HexFormat.of().parseHex(key.path("key").asText())));
        SdkHttpRequest byOther = Downstream.sign(Downstream.clientRequest(SdkHttpMethod.GET, "/projects/dallas").build(),
                null, service, "monitron", "us-east-1", false);
        assertFalse(verifiesLocally(byOther, HexFormat.of().parseHex(key.path("key").asText())));
    }

    /** What the service does offline: rebuild the string to sign and HMAC it with the derived key. */
    static boolean verifiesLocally(SdkHttpRequest r, byte[] signingKey) {
        String auth = r.firstMatchingHeader("Authorization").orElseThrow();
        String credential = part(auth, "Credential=");
        String scope = credential.substring(credential.indexOf('/') + 1);
        List<String> signedHeaders = List.of(part(auth, "SignedHeaders=").split(";"));
        String amzDate = r.firstMatchingHeader("X-Amz-Date").orElseThrow();
        String payloadHash = r.firstMatchingHeader("x-amz-content-sha256")
                .orElse(SigV4.sha256Hex(new byte[0]));
        HttpRequestParts parts = new HttpRequestParts(r.method().name(), r.encodedPath(),
                r.encodedQueryParameters().orElse(null), Downstream.lowerCaseHeaders(r), null, payloadHash);
        String expected = SigV4.signature(signingKey, SigV4.stringToSign(amzDate, scope,
                SigV4.canonicalRequest(parts, signedHeaders, false, payloadHash)));
        return java.security.MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                part(auth, "Signature=").getBytes(StandardCharsets.US_ASCII));
    }

    private static String part(String authorization, String name) {
        int i = authorization.indexOf(name) + name.length();
        int end = authorization.indexOf(',', i);
        return (end < 0 ? authorization.substring(i) : authorization.substring(i, end)).trim();
    }

    @Test
    void aServiceWithoutGetDerivedSigningKeyGetsTheDecisionWithoutAKey() {
        String svc = name("plain-svc");
        AwsBasicCredentials plain = user(base, Aws.ALPHA_ADMIN, svc, allow("rolegate:AuthorizeRequest", "*"));
        AwsBasicCredentials c = user(base, Aws.ALPHA_ADMIN, name("u"), allow("monitron:*", "*"));
        ObjectNode body = question(forwarded(getProject(c), null), "monitron:GetProject", PROJECT);
        body.put("deriveSigningKey", true);
        Downstream.Reply r = Downstream.authorize(base, plain, body);
        assertDecision(r, "Allow", null);
        assertTrue(r.body().path("signingKey").isMissingNode(), r.toString());
        assertEquals("AccessDenied", r.body().path("signingKeyError").path("code").asText());
        assertEquals("User: " + userArn(svc) + " is not authorized to perform: rolegate:GetDerivedSigningKey on "
                + "resource: " + PROJECT + " because no identity-based policy allows the "
                + "rolegate:GetDerivedSigningKey action", r.body().path("signingKeyError").path("message").asText());

        // a key only for the service the request was signed for
        SdkHttpRequest forS3 = Downstream.sign(Downstream.clientRequest(SdkHttpMethod.GET, "/projects/dallas").build(),
                null, c, "s3", "us-east-1", false);
        ObjectNode other = question(forwarded(forS3, null), "monitron:GetProject", PROJECT);
        other.put("deriveSigningKey", true);
        Downstream.Reply o = Downstream.authorize(base, service, other);
        assertTrue(o.body().path("signingKey").isMissingNode(), o.toString());
        assertEquals("AccessDenied", o.body().path("signingKeyError").path("code").asText());
    }

    // ---- tables: malformed bodies, condition keys ----

    static List<String[]> table(String resource, int columns) throws java.io.IOException {
        try (var in = AuthorizeTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> java.util.Arrays.stream(l.split("\\|", -1)).map(String::trim).toArray(String[]::new))
                    .peek(row -> assertEquals(columns, row.length, String.join("|", row)))
                    .toList();
        }
    }

    @Test
    void malformedBodiesAre400WithAClearMessage() throws Exception {
        AwsBasicCredentials c = user(base, Aws.ALPHA_ADMIN, name("u"), null);
        String req = forwarded(getProject(c), null).toString();
        for (String[] row : table("/authz/malformed-bodies.txt", 3)) {
            String path = row[0].equals("batch") ? "/v1/authorize/batch" : "/v1/authorize";
            Downstream.Reply r = Downstream.post(base, path, service, row[1].replace("$REQ", req));
            String expected = row[2];
            assertEquals(400, r.status(), row[1] + " -> " + r);
            assertEquals("ValidationError", r.errorType(), row[1] + " -> " + r);
            String message = r.body().path("message").asText();
            if (expected.endsWith("...")) {
                assertTrue(message.startsWith(expected.substring(0, expected.length() - 3)), row[1] + " -> " + r);
            } else {
                assertEquals(expected, message, row[1]);
            }
        }
        String oversized = "{\"request\":" + req + ",\"action\":\"monitron:GetProject\",\"resourceName\":\""
                + "x".repeat(262_144) + "\"}";
        int size = oversized.getBytes(StandardCharsets.UTF_8).length;
        assertError(Downstream.post(base, "/v1/authorize", service, oversized), 400, "ValidationError",
                "The request body is " + size + " bytes; at most 262144 are allowed");
        String longPolicy = "{\"request\":" + req + ",\"action\":\"monitron:GetProject\",\"resourcePolicy\":\""
                + " ".repeat(131_073) + "\"}";
        assertError(Downstream.post(base, "/v1/authorize", service, longPolicy), 400, "ValidationError",
                "Field 'resourcePolicy' must have at most 131072 characters, not 131073");
        // the checks come after the caller's own authentication: a stranger learns nothing, not even that
        assertError(Downstream.post(base, "/v1/authorize", null, "not json"), 403, "MissingAuthenticationToken", null);
    }

    @Test
    void conditionKeysOfTheForwardedRequest() throws Exception {
        String u = name("ctx");
        alpha().createUser(b -> b.userName(u).tags(software.amazon.awssdk.services.iam.model.Tag.builder()
                .key("team").value("blue").build()));
        var key = alpha().createAccessKey(b -> b.userName(u)).accessKey();
        AwsBasicCredentials c = AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey());
        for (String[] row : table("/authz/context-keys.txt", 4)) {
            alpha().putUserPolicy(b -> b.userName(u).policyName("p").policyDocument("{\"Version\":\"2012-10-17\","
                    + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"monitron:GetProject\",\"Resource\":\"*\","
                    + "\"Condition\":" + row[0] + "}]}"));
            String region = "us-east-1";
            String sourceIp = null;
            boolean secure = false;
            for (String option : row[1].isEmpty() ? new String[0] : row[1].split(",")) {
                String[] kv = option.trim().split("=", 2);
                switch (kv[0]) {
                    case "region" -> region = kv[1];
                    case "sourceIp" -> sourceIp = kv[1];
                    case "secure" -> secure = Boolean.parseBoolean(kv[1]);
                    default -> throw new IllegalArgumentException(option);
                }
            }
            SdkHttpRequest signed = Downstream.sign(Downstream.clientRequest(SdkHttpMethod.GET, "/projects/dallas")
                    .build(), null, c, "monitron", region, false);
            ObjectNode request = forwarded(signed, null).put("secure", secure);
            if (sourceIp != null) {
                request.put("sourceIp", sourceIp);
            }
            ObjectNode body = question(request, "monitron:GetProject", PROJECT);
            if (!row[2].isEmpty()) {
                body.set("context", Downstream.JSON.readTree(row[2]));
            }
            Downstream.Reply r = Downstream.authorize(base, service, body);
            String what = String.join(" | ", row) + " -> " + r;
            if (row[3].equals("400")) {
                assertEquals(400, r.status(), what);
                assertEquals("ValidationError", r.errorType(), what);
            } else {
                assertEquals(200, r.status(), what);
                assertEquals(row[3], r.decision(), what);
            }
        }
    }

    @Test
    void webIdentitySessionsCarryTheirProviderKeysWhichTheServiceCannotOverride() throws Exception {
        try (io.rolegate.federation.TestIssuer issuer = new io.rolegate.federation.TestIssuer()) {
            String host = issuer.url().substring("http://".length());
            String provider = alpha().createOpenIDConnectProvider(b -> b.url(issuer.url()).clientIDList("sts.amazonaws.com"))
                    .openIDConnectProviderArn();
            String r = name("Ci");
            String roleArn = StsFixtures.role(base, Aws.ALPHA_ADMIN, r, "{\"Version\":\"2012-10-17\",\"Statement\":[{"
                    + "\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"" + provider + "\"},"
                    + "\"Action\":\"sts:AssumeRoleWithWebIdentity\"}]}", null);
            alpha().putRolePolicy(b -> b.roleName(r).policyName("p").policyDocument("{\"Version\":\"2012-10-17\","
                    + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"monitron:*\",\"Resource\":\"*\","
                    + "\"Condition\":{\"StringEquals\":{\"" + host + ":sub\":\"repo:acme/app:ref:refs/heads/main\"}}}]}"));
            Instant now = Instant.now();
            String token = issuer.sign(new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer(issuer.url())
                    .audience("sts.amazonaws.com").subject("repo:acme/app:ref:refs/heads/main")
                    .issueTime(java.util.Date.from(now)).expirationTime(java.util.Date.from(now.plusSeconds(600))).build(),
                    com.nimbusds.jose.JWSAlgorithm.RS256);
            AwsSessionCredentials ci = Aws.session(Aws.anonymousSts(base).assumeRoleWithWebIdentity(b -> b
                    .roleArn(roleArn).roleSessionName("build-9").webIdentityToken(token)).credentials());
            Downstream.Reply ok = ask(ci, "monitron:GetProject", PROJECT);
            assertDecision(ok, "Allow", null);
            assertEquals("arn:aws:sts::" + ALPHA + ":assumed-role/" + r + "/build-9",
                    ok.body().path("principal").path("arn").asText());
            // a service-supplied value of a key the session carries does not replace the session's
            ObjectNode body = question(forwarded(getProject(ci), null), "monitron:GetProject", PROJECT);
            body.putObject("context").put(host + ":sub", "repo:evil/app:ref:refs/heads/main");
            assertDecision(Downstream.authorize(base, service, body), "Allow", null);
        }
    }
}
