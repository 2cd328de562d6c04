package io.rolegate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rolegate.audit.Digests;
import io.rolegate.audit.VerifyTrail;
import io.rolegate.sigv4.HttpRequestParts;
import io.rolegate.sigv4.SigV4Signer;
import io.rolegate.store.Sql;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.CloudTrailException;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.InvalidLookupAttributesException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidMaxResultsException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidNextTokenException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidTimeRangeException;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttribute;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.rolegate.it.StsFixtures.q;
import static io.rolegate.it.StsFixtures.trust;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit trail through real clients: events of answered and refused calls, LookupEvents, export, verification. */
@QuarkusTest
class AuditTrailTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;
    @Inject
    Digests digests;
    @Inject
    Sql sql;

    static CloudTrailClient cloudTrail(URL base, AwsCredentials c) {
        return CloudTrailClient.builder().endpointOverride(Aws.endpoint(base)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(c)).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryPolicy(RetryPolicy.none()).build())
                .build();
    }

    static LookupAttribute attribute(LookupAttributeKey key, String value) {
        return LookupAttribute.builder().attributeKey(key).attributeValue(value).build();
    }

    /** The events of one request id in the account (the lookup by name, then filtered). */
    private List<JsonNode> byRequest(AwsCredentials account, String eventName, String requestId) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (Event e : cloudTrail(base, account).lookupEventsPaginator(b -> b.lookupAttributes(
                attribute(LookupAttributeKey.EVENT_NAME, eventName))).events()) {
            JsonNode n = JSON.readTree(e.cloudTrailEvent());
            if (requestId.equals(n.path("requestID").asText())) {
                assertEquals(n.path("eventID").asText(), e.eventId());
                assertEquals(eventName, e.eventName());
                out.add(n);
            }
        }
        return out;
    }

    @Test
    void crossAccountAssumeRoleIsSeenByBothAccountsWithOneSharedEventIdAndNoSecrets() throws IOException {
        String roleName = StsFixtures.name("audited");
        String roleArn = StsFixtures.role(base, Aws.BETA_ADMIN, roleName,
                trust(q("arn:aws:iam::" + Aws.ALPHA + ":root"), null, null), null);
        AssumeRoleResponse r = Aws.sts(base, Aws.ALPHA_ADMIN).assumeRole(b -> b.roleArn(roleArn)
                .roleSessionName("audit-session").externalId("ext-123456"));
        String requestId = r.responseMetadata().requestId();
        Credentials c = r.credentials();

        List<JsonNode> alpha = byRequest(Aws.ALPHA_ADMIN, "AssumeRole", requestId);
        List<JsonNode> beta = byRequest(Aws.BETA_ADMIN, "AssumeRole", requestId);
        assertEquals(1, alpha.size());
        assertEquals(1, beta.size());
        JsonNode e = alpha.get(0);
        assertEquals("1.08", e.path("eventVersion").asText());
        assertEquals("sts.amazonaws.com", e.path("eventSource").asText());
        assertEquals("AwsApiCall", e.path("eventType").asText());
        assertEquals("us-east-1", e.path("awsRegion").asText());
        assertFalse(e.path("readOnly").asBoolean());
        assertEquals("IAMUser", e.path("userIdentity").path("type").asText());
        assertEquals(Aws.ALPHA_ADMIN.accessKeyId(), e.path("userIdentity").path("accessKeyId").asText());
        assertEquals(Aws.ALPHA, e.path("userIdentity").path("accountId").asText());
        assertEquals(roleArn, e.path("requestParameters").path("roleArn").asText());
        assertEquals("audit-session", e.path("requestParameters").path("roleSessionName").asText());
        assertEquals(c.accessKeyId(), e.path("responseElements").path("credentials").path("accessKeyId").asText());
        assertTrue(e.path("responseElements").path("credentials").has("expiration"));
        assertFalse(e.toString().contains(c.secretAccessKey()), "the secret is in the trail");
        assertFalse(e.toString().contains(c.sessionToken()), "the session token is in the trail");
        assertEquals(Aws.ALPHA, e.path("recipientAccountId").asText());
        assertEquals(Aws.BETA, beta.get(0).path("recipientAccountId").asText());
        assertFalse(e.path("sharedEventID").asText().isEmpty());
        assertEquals(e.path("sharedEventID").asText(), beta.get(0).path("sharedEventID").asText());
        assertFalse(e.path("eventID").asText().equals(beta.get(0).path("eventID").asText()));
        assertEquals(e.path("eventID").asText().length(), 36);

        // the session's own calls: an AssumedRole identity with its session context, found by its access key id
        Aws.sts(base, Aws.session(c)).getCallerIdentity();
        LookupEventsResponse own = cloudTrail(base, Aws.BETA_ADMIN).lookupEvents(b -> b.lookupAttributes(
                attribute(LookupAttributeKey.ACCESS_KEY_ID, c.accessKeyId())));
        assertEquals(1, own.events().size());
        JsonNode who = JSON.readTree(own.events().get(0).cloudTrailEvent()).path("userIdentity");
        assertEquals("AssumedRole", who.path("type").asText());
        assertEquals(roleArn, who.path("sessionContext").path("sessionIssuer").path("arn").asText());
        assertEquals("Role", who.path("sessionContext").path("sessionIssuer").path("type").asText());
        assertEquals("false", who.path("sessionContext").path("attributes").path("mfaAuthenticated").asText());
        assertTrue(who.path("sessionContext").path("attributes").has("creationDate"));
        assertEquals("audit-session", own.events().get(0).username());
    }

    @Test
    void aDenialIsAnEventWithItsErrorAndOtherAccountsDoNotSeeIt() throws IOException {
        String userName = StsFixtures.name("denied");
        AwsBasicCredentials user = StsFixtures.user(base, Aws.ALPHA_ADMIN, userName, null);
        IamException denied = assertThrows(IamException.class, () -> Aws.iam(base, user).listUsers());
        String requestId = denied.requestId();
        List<JsonNode> events = byRequest(Aws.ALPHA_ADMIN, "ListUsers", requestId);
        assertEquals(1, events.size());
        assertEquals("AccessDenied", events.get(0).path("errorCode").asText());
        assertTrue(events.get(0).path("errorMessage").asText().contains("iam:ListUsers"));
        assertTrue(events.get(0).path("readOnly").asBoolean());
        assertEquals("iam.amazonaws.com", events.get(0).path("eventSource").asText());
        // by user name, the other account sees nothing
        assertFalse(cloudTrail(base, Aws.ALPHA_ADMIN).lookupEvents(b -> b.lookupAttributes(
                attribute(LookupAttributeKey.USERNAME, userName))).events().isEmpty());
        assertTrue(cloudTrail(base, Aws.BETA_ADMIN).lookupEvents(b -> b.lookupAttributes(
                attribute(LookupAttributeKey.USERNAME, userName))).events().isEmpty());
        // and the user may not read the trail without cloudtrail:LookupEvents
        CloudTrailException e = assertThrows(CloudTrailException.class, () -> cloudTrail(base, user).lookupEvents(b -> { }));
        assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode());
        assertEquals(403, e.statusCode());
    }

    @Test
    void lookupPagesNewestFirstWithoutRepeats() {
        String userName = StsFixtures.name("pager");
        StsFixtures.user(base, Aws.ALPHA_ADMIN, userName, null);
        IamClientCalls.tagThrice(base, userName);
        CloudTrailClient ct = cloudTrail(base, Aws.ALPHA_ADMIN);
        Set<String> seen = new HashSet<>();
        List<Instant> times = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            LookupEventsResponse page = ct.lookupEvents(b -> b.maxResults(1).nextToken(t).lookupAttributes(
                    attribute(LookupAttributeKey.RESOURCE_NAME, userName)));
            assertTrue(page.events().size() <= 1);
            page.events().forEach(ev -> {
                assertTrue(seen.add(ev.eventId()), "repeated " + ev.eventId());
                times.add(ev.eventTime());
                assertEquals("AWS::IAM::User", ev.resources().get(0).resourceType());
            });
            token = page.nextToken();
            pages++;
        } while (token != null && pages < 20);
        // CreateUser, CreateAccessKey and three TagUser calls
        assertEquals(5, seen.size(), seen.toString());
        for (int i = 1; i < times.size(); i++) {
            assertFalse(times.get(i).isAfter(times.get(i - 1)), "not newest first: " + times);
        }
    }

    @Test
    void badLookupsGetCloudTrailsErrors() {
        CloudTrailClient ct = cloudTrail(base, Aws.ALPHA_ADMIN);
        assertThrows(InvalidLookupAttributesException.class, () -> ct.lookupEvents(b -> b.lookupAttributes(
                attribute(LookupAttributeKey.EVENT_NAME, "A"), attribute(LookupAttributeKey.USERNAME, "b"))));
        assertThrows(InvalidLookupAttributesException.class, () -> ct.lookupEvents(b -> b.lookupAttributes(
                LookupAttribute.builder().attributeKey("Color").attributeValue("red").build())));
        assertThrows(InvalidMaxResultsException.class, () -> ct.lookupEvents(b -> b.maxResults(51)));
        assertThrows(InvalidMaxResultsException.class, () -> ct.lookupEvents(b -> b.maxResults(0)));
        assertThrows(InvalidNextTokenException.class, () -> ct.lookupEvents(b -> b.nextToken("not-a-token")));
        Instant now = Instant.now();
        assertThrows(InvalidTimeRangeException.class, () -> ct.lookupEvents(b -> b.startTime(now).endTime(now.minusSeconds(60))));
        // a token is valid only with the parameters it was issued for
        String token = ct.lookupEvents(b -> b.maxResults(1)).nextToken();
        assertNotNull(token);
        assertThrows(InvalidNextTokenException.class, () -> ct.lookupEvents(b -> b.maxResults(1).nextToken(token)
                .lookupAttributes(attribute(LookupAttributeKey.READ_ONLY, "true"))));
        assertEquals(0, ct.lookupEvents(b -> b.startTime(now.plusSeconds(3600)).endTime(now.plusSeconds(7200)))
                .events().size());
    }

    @Test
    void theExportVerifiesAndATamperedRowIsFound() throws Exception {
        // a dedicated account's chain would be cleanest; beta's is enough: everything here only reads it
        StsFixtures.user(base, Aws.BETA_ADMIN, StsFixtures.name("exported"), null);
        digests.digestEndedHours(Instant.now().plus(2, ChronoUnit.HOURS));
        String events = export(Aws.BETA_ADMIN, "/v1/audit/events");
        String digestLines = export(Aws.BETA_ADMIN, "/v1/audit/digests");
        JWKSet jwks = jwks(base);
        assertFalse(digestLines.isBlank());
        assertEquals(List.of(), VerifyTrail.verify(events.lines().toList(), digestLines.lines().toList(), jwks));
        for (String line : events.lines().toList()) {
            assertEquals(Aws.BETA, JSON.readTree(line).path("accountId").asText());
        }

        // an operator with database access edits one stored event: the export no longer verifies
        long seq = JSON.readTree(events.lines().toList().get(0)).path("seq").asLong();
        sql.update("UPDATE audit_events SET record = REPLACE(record, '\"eventSource\"', '\"eventSource \"') "
                + "WHERE account_id = ? AND seq = ?", Aws.BETA, seq);
        List<String> problems = VerifyTrail.verify(export(Aws.BETA_ADMIN, "/v1/audit/events").lines().toList(),
                digestLines.lines().toList(), jwks);
        assertTrue(problems.stream().anyMatch(p -> p.contains("event " + seq + " does not match its hash")), problems.toString());
    }

    private String export(AwsBasicCredentials c, String path) throws IOException, InterruptedException {
        return export(base, c, path);
    }

    /** The gateway's published signing keys, which digests verify against. */
    static JWKSet jwks(URL base) throws IOException, InterruptedException, java.text.ParseException {
        return JWKSet.parse(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(Aws.endpoint(base) + "/.well-known/jwks.json")).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    /** GET signed for cloudtrail, as {@code curl --aws-sigv4} signs it. */
    static String export(URL base, AwsBasicCredentials c, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = exportResponse(base, c, path);
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    static HttpResponse<String> exportResponse(URL base, AwsBasicCredentials c, String path)
            throws IOException, InterruptedException {
        URI uri = URI.create(Aws.endpoint(base) + path);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("host", List.of(uri.getHost() + ":" + uri.getPort()));
        HttpRequestParts signed = new SigV4Signer(c.accessKeyId(), c.secretAccessKey(), null, "us-east-1", "cloudtrail")
                .sign(new HttpRequestParts("GET", path, "", headers, new byte[0]), Instant.now(), List.of("host"));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        signed.headers().forEach((k, v) -> {
            if (!k.equals("host")) {
                b.header(k, v.get(0));
            }
        });
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Three tag calls on one user. */
    private static final class IamClientCalls {
        static void tagThrice(URL base, String userName) {
            for (int i = 0; i < 3; i++) {
                String k = "k" + i;
                Aws.iam(base, Aws.ALPHA_ADMIN).tagUser(b -> b.userName(userName).tags(t -> t.key(k).value("v")));
            }
        }
    }
}
