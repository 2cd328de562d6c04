package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.sso.model.TooManyRequestsException;
import software.amazon.awssdk.services.sso.model.UnauthorizedException;
import software.amazon.awssdk.services.sts.StsClient;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Request-rate limits (api.Throttle) with tiny limits: AWS's Throttling answer, the AWS SDK's retry of it, and one
 * account or principal over its budget leaving the others' untouched.
 */
@QuarkusTest
@TestProfile(ThrottlingTest.Throttled.class)
class ThrottlingTest {
    /**
     * sts, AssumeRole and sso: 3 calls then one per 5 s per principal (slow enough for a loaded machine); iam-read and
     * cloudtrail: 5 calls then 1/s per account; the rest unlimited.
     */
    public static class Throttled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> m = new java.util.HashMap<>(Map.of("rolegate.throttle.sso.principal.burst", "3"));
            m.putAll(Map.of("rolegate.throttle.enabled", "true",
                    "rolegate.throttle.sts.principal.rate", "0.2", "rolegate.throttle.sts.principal.burst", "3",
                    "rolegate.throttle.sts.account.rate", "0",
                    "rolegate.throttle.iam-read.account.rate", "1", "rolegate.throttle.iam-read.account.burst", "5",
                    "rolegate.throttle.iam-read.principal.rate", "0",
                    "rolegate.throttle.iam-write.account.rate", "0", "rolegate.throttle.iam-write.principal.rate", "0",
                    "rolegate.throttle.sso.principal.rate", "0.2"));
            m.putAll(Map.of("rolegate.throttle.cloudtrail.account.rate", "1", "rolegate.throttle.cloudtrail.account.burst",
                    "5", "rolegate.throttle.cloudtrail.principal.rate", "0")); // CloudTrailThrottlingTest
            m.putAll(Map.of("rolegate.throttle.sts-assume-role.principal.rate", "0.2",
                    "rolegate.throttle.sts-assume-role.principal.burst", "3",
                    "rolegate.throttle.sts-assume-role.account.rate", "0"));
            return m;
        }
    }

    @TestHTTPResource("/")
    URL base;

    /** Calls until the gateway throttles (at most 20 times) and returns that error. */
    private static AwsServiceException untilThrottled(Runnable call) {
        return untilThrottled("Throttling", call);
    }

    /** Calls until the gateway answers errorCode (at most 20 times) and returns that error. */
    static AwsServiceException untilThrottled(String errorCode, Runnable call) {
        for (int i = 0; i < 20; i++) {
            try {
                call.run();
            } catch (AwsServiceException e) {
                if (errorCode.equals(e.awsErrorDetails().errorCode())) {
                    return e;
                }
                throw e;
            }
        }
        return fail("never throttled");
    }

    @Test
    void overThePrincipalsLimitTheAnswerIsAwsThrottlingWithRetryAfter() {
        AwsBasicCredentials user = StsFixtures.user(base, Aws.ALPHA_ADMIN, StsFixtures.name("noisy"), null);
        StsClient sts = Aws.sts(base, user);
        AwsServiceException e = untilThrottled(sts::getCallerIdentity);
        assertEquals(400, e.statusCode());
        assertEquals("Rate exceeded", e.awsErrorDetails().errorMessage());
        int retryAfter = Integer.parseInt(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 5, "Retry-After " + retryAfter + ": whole seconds until the next token");
        assertFalse(e.requestId() == null || e.requestId().isEmpty());
        // another principal of the same account keeps its own budget
        AwsBasicCredentials other = StsFixtures.user(base, Aws.ALPHA_ADMIN, StsFixtures.name("quiet"), null);
        Aws.sts(base, other).getCallerIdentity();
        // the metric counts it
        String metrics = RestAssured.get(base.toString() + "q/metrics").then().statusCode(200).extract().asString();
        assertTrue(throttled(metrics, "sts", "principal") >= 1, metrics);
    }

    /**
     * A throttled call is on record like every refusal, though its caller did not wait for the event (audit.AuditJournal's
     * background lane): it reaches the trail within moments, with its error, under the caller's user name; the same
     * refusal repeated within a second is listed, time and request id, in that event (audit.RefusalBursts).
     */
    @Test
    void aThrottledCallIsAnAuditEventThatTheCallerDidNotWaitFor() throws Exception {
        String userName = StsFixtures.name("throttled-audit");
        AwsBasicCredentials user = StsFixtures.user(base, Aws.ALPHA_ADMIN, userName, null);
        StsClient sts = Aws.sts(base, user);
        AwsServiceException e = untilThrottled(sts::getCallerIdentity);
        long firstRefused = System.nanoTime();
        String requestId = e.requestId();
        // two more at once: the same refusal again, so they join the first's event (audit.RefusalBursts)
        String second = assertThrows(AwsServiceException.class, sts::getCallerIdentity).requestId();
        String third = assertThrows(AwsServiceException.class, sts::getCallerIdentity).requestId();
        boolean withinTheBurst = System.nanoTime() - firstRefused < 900_000_000L;
        com.fasterxml.jackson.databind.JsonNode found = eventOf(Aws.ALPHA_ADMIN,
                software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey.USERNAME, userName, requestId);
        assertTrue(found != null, "no event for the throttled request " + requestId);
        assertEquals("Throttling", found.path("errorCode").asText());
        assertEquals("Rate exceeded", found.path("errorMessage").asText());
        assertEquals("GetCallerIdentity", found.path("eventName").asText());
        String repeated = found.path("additionalEventData").path("repeatedRefusals").toString();
        if (withinTheBurst) { // else a loaded machine took over a second for two calls: they may be a burst of their own
            assertTrue(repeated.contains(second) && repeated.contains(third), found.toString());
        }
        assertTrue(repeated.contains(third) || eventOf(Aws.ALPHA_ADMIN,
                software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey.USERNAME, userName, third) != null,
                "the third refusal is on record");
    }

    /**
     * The event of a request (by its id, its own or one of the repeated refusals it lists) among those LookupEvents
     * finds by one attribute in the admin's account, or null. A refusal's event may wait up to 500 ms for company (audit.AuditJournal): it polls for up to 12 s, within
     * LookupEvents' own rate (2/s per account).
     */
    private com.fasterxml.jackson.databind.JsonNode eventOf(AwsBasicCredentials admin,
            software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey key, String value, String requestId)
            throws Exception {
        for (int i = 0; i < 20; i++) {
            for (software.amazon.awssdk.services.cloudtrail.model.Event ev : AuditTrailTest.cloudTrail(base, admin)
                    .lookupEvents(b -> b.lookupAttributes(AuditTrailTest.attribute(key, value))).events()) {
                com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(ev.cloudTrailEvent());
                if (requestId.equals(n.path("requestID").asText())
                        || n.path("additionalEventData").path("repeatedRefusals").toString().contains(requestId)) {
                    return n;
                }
            }
            Thread.sleep(600);
        }
        return null;
    }

    /**
     * A cross-account AssumeRole refused for the caller's rate is in the caller's account's trail only: the role's
     * account took no part in the refusal, and a tenant over its limit cannot fill another tenant's trail. The calls
     * admitted before it are in both, as every cross-account call.
     */
    @Test
    void aThrottledCrossAccountCallIsRecordedInTheCallersAccountOnly() throws Exception {
        String userName = StsFixtures.name("throttled-cross");
        AwsBasicCredentials user = StsFixtures.user(base, Aws.ALPHA_ADMIN, userName,
                StsFixtures.allow("sts:AssumeRole", "*"));
        String roleArn = StsFixtures.role(base, Aws.BETA_ADMIN, StsFixtures.name("throttled-target"),
                StsFixtures.trust(StsFixtures.q("arn:aws:iam::" + Aws.ALPHA + ":root"), null, null), null);
        StsClient sts = Aws.sts(base, user);
        java.util.List<String> admitted = new java.util.ArrayList<>();
        AwsServiceException e = untilThrottled(() -> admitted.add(sts.assumeRole(b -> b.roleArn(roleArn)
                .roleSessionName("session")).responseMetadata().requestId()));
        var key = software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey.RESOURCE_NAME;
        com.fasterxml.jackson.databind.JsonNode callers = eventOf(Aws.ALPHA_ADMIN, key, roleArn, e.requestId());
        assertTrue(callers != null, "no event for the throttled request " + e.requestId() + " in the caller's account");
        assertEquals("Throttling", callers.path("errorCode").asText());
        assertEquals(Aws.ALPHA, callers.path("recipientAccountId").asText());
        assertTrue(callers.path("sharedEventID").isMissingNode() || callers.path("sharedEventID").isNull(),
                callers.toString());
        // written with the caller's copy when there was one: the role's account has the admitted calls, not the refusal
        assertFalse(admitted.isEmpty());
        java.util.List<String> roleAccounts = AuditTrailTest.cloudTrail(base, Aws.BETA_ADMIN).lookupEvents(b -> b
                .lookupAttributes(AuditTrailTest.attribute(key, roleArn))).events().stream()
                .map(ev -> ev.cloudTrailEvent()).toList();
        assertTrue(roleAccounts.stream().anyMatch(ev -> ev.contains(admitted.get(0))), roleAccounts.toString());
        assertFalse(roleAccounts.stream().anyMatch(ev -> ev.contains(e.requestId())), roleAccounts.toString());
    }

    @Test
    void theAwsSdkRetriesThrottlingWithItsStandardStrategyAndSucceeds() {
        AwsBasicCredentials user = StsFixtures.user(base, Aws.ALPHA_ADMIN, StsFixtures.name("retrying"), null);
        untilThrottled(Aws.sts(base, user)::getCallerIdentity);
        AtomicInteger attempts = new AtomicInteger();
        StsClient retrying = StsClient.builder().endpointOverride(Aws.endpoint(base)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(user))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(retryingCounted(attempts))
                .build();
        assertEquals(Aws.ALPHA, retrying.getCallerIdentity().account());
        assertTrue(attempts.get() > 1, "the SDK should have retried the throttled call; attempts " + attempts.get());
    }

    /** The SDK's standard retry strategy (up to 10 attempts), counting the attempts that went out. */
    static Consumer<ClientOverrideConfiguration.Builder> retryingCounted(AtomicInteger attempts) {
        return c -> c.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(10).build())
                .addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes a) {
                        attempts.incrementAndGet();
                    }
                });
    }

    /**
     * A refusal for the rate is the same answer whichever layer gives it: api.RateRefusalRoute for a body of declared
     * length (the SDKs' way), GatewayResource after Quarkus REST for a chunked one.
     */
    @Test
    void aThrottledCallIsAnsweredAlikeWhetherItsBodyLengthIsDeclaredOrChunked() throws Exception {
        AwsBasicCredentials user = StsFixtures.user(base, Aws.ALPHA_ADMIN, StsFixtures.name("chunked"), null);
        java.net.http.HttpResponse<String> declared = null;
        for (int i = 0; i < 20 && (declared == null || declared.statusCode() == 200); i++) {
            declared = signedCallerIdentity(user, false);
        }
        java.net.http.HttpResponse<String> chunked = signedCallerIdentity(user, true);
        for (java.net.http.HttpResponse<String> r : List.of(declared, chunked)) {
            assertEquals(400, r.statusCode(), r.body());
            assertTrue(r.body().contains("<Code>Throttling</Code>") && r.body().contains("<Message>Rate exceeded</Message>"),
                    r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/xml"), r.headers().toString());
            assertTrue(r.headers().firstValue("Retry-After").isPresent(), r.headers().toString());
            assertTrue(r.headers().firstValue("Date").isPresent(), r.headers().toString());
            assertTrue(r.body().contains("<RequestId>" + r.headers().firstValue("x-amzn-RequestId").orElseThrow()
                    + "</RequestId>"), r.body());
        }
    }

    /** GetCallerIdentity signed by hand and posted with its length declared, or chunked (HTTP/1.1). */
    private java.net.http.HttpResponse<String> signedCallerIdentity(AwsBasicCredentials user, boolean chunked)
            throws Exception {
        byte[] body = "Action=GetCallerIdentity&Version=2011-06-15".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Map<String, List<String>> h = new java.util.LinkedHashMap<>();
        h.put("host", List.of(base.getHost() + ":" + base.getPort()));
        h.put("content-type", List.of("application/x-www-form-urlencoded; charset=utf-8"));
        io.rolegate.sigv4.HttpRequestParts signed = new io.rolegate.sigv4.SigV4Signer(user.accessKeyId(),
                user.secretAccessKey(), null, "us-east-1", "sts").sign(new io.rolegate.sigv4.HttpRequestParts("POST",
                "/", null, h, body), java.time.Instant.now(), new java.util.ArrayList<>(List.of("content-type", "host")));
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base.toString()))
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .POST(chunked ? java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))
                        : java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
        signed.headers().forEach((k, v) -> {
            if (!k.equals("host")) {
                b.header(k, v.get(0));
            }
        });
        return java.net.http.HttpClient.newHttpClient().send(b.build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aNoisyAccountDoesNotConsumeAnotherAccountsBudget() {
        IamClient alpha = Aws.iam(base, Aws.ALPHA_ADMIN);
        AwsServiceException e = untilThrottled(() -> alpha.listUsers());
        assertEquals(400, e.statusCode());
        IamClient beta = Aws.iam(base, Aws.BETA_ADMIN);
        for (int i = 0; i < 4; i++) {
            beta.listUsers(); // within beta's burst of 5, at once, although alpha is out of tokens
        }
        Supplier<String> metrics = () -> RestAssured.get(base.toString() + "q/metrics").asString();
        assertTrue(throttled(metrics.get(), "iam-read", "account") >= 1);
    }

    @Test
    void ssoOidcAnswersSlowDownAndThePortalTooManyRequestsEachWithRetryAfter() {
        // RegisterClient carries no client id: it counts against its source address
        Response slow = null;
        for (int i = 0; i < 20 && slow == null; i++) {
            Response r = RestAssured.given().contentType("application/json")
                    .body(Map.of("clientName", "noisy", "clientType", "public")).post(base + "client/register");
            if (r.statusCode() != 200) {
                slow = r;
            }
        }
        assertTrue(slow != null, "RegisterClient never throttled");
        assertEquals(400, slow.statusCode(), slow.body().asString());
        assertEquals("SlowDownException", slow.header("x-amzn-ErrorType"));
        assertEquals("slow_down", slow.jsonPath().getString("error"));
        int retryAfter = Integer.parseInt(slow.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 5, "Retry-After " + retryAfter);

        // the portal counts per access token: the SDK sees the sso model's TooManyRequestsException (429)
        SsoClient portal = SsoProtocolsTest.portal(SsoProtocolsTest.gateway(base));
        String token = "noisy-" + StsFixtures.name("token");
        AwsServiceException e = null;
        for (int i = 0; i < 20 && e == null; i++) {
            try {
                portal.listAccounts(b -> b.accessToken(token));
            } catch (UnauthorizedException dead) {
                // within the budget: answered, as a dead token
            } catch (TooManyRequestsException over) {
                e = over;
            }
        }
        assertTrue(e != null, "ListAccounts never throttled");
        assertEquals(429, e.statusCode());
        assertEquals("Rate exceeded", e.awsErrorDetails().errorMessage());
        assertTrue(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After").isPresent());
        // another token keeps its own budget
        assertThrows(UnauthorizedException.class, () -> portal.listAccounts(b -> b.accessToken("quiet-" + token)));
        assertTrue(throttled(RestAssured.get(base.toString() + "q/metrics").asString(), "sso", "principal") >= 1);
    }

    /** The value of rolegate.throttled.requests for a family and scope (every series exists from the start, at 0). */
    private static double throttled(String metrics, String family, String scope) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^rolegate_throttled_requests_total\\{family=\""
                + family + "\",scope=\"" + scope + "\"} (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
