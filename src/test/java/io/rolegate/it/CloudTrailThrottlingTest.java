package io.rolegate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.ThrottlingException;

import java.net.URL;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CloudTrail LookupEvents is throttled per account (api.ThrottleFamily.CLOUDTRAIL; here 5 calls then 1/s, see
 * ThrottlingTest.Throttled): the AWS SDK's CloudTrailClient sees the cloudtrail model's ThrottlingException with
 * Retry-After, the refusal is in the account's trail, another account keeps its budget, and the SDK's retry recovers.
 * The noisy account is beta: ThrottlingTest reads alpha's trail.
 */
@QuarkusTest
@TestProfile(ThrottlingTest.Throttled.class)
class CloudTrailThrottlingTest {
    @TestHTTPResource("/")
    URL base;

    private CloudTrailClient retrying(AwsCredentials c, AtomicInteger attempts) {
        return CloudTrailClient.builder().endpointOverride(Aws.endpoint(base)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(c)).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(ThrottlingTest.retryingCounted(attempts)).build();
    }

    @Test
    void overTheAccountsLimitLookupEventsIsRefusedWithThrottlingExceptionAndRetryAfterAndAudited() throws Exception {
        CloudTrailClient beta = AuditTrailTest.cloudTrail(base, Aws.BETA_ADMIN); // no retries
        AwsServiceException e = ThrottlingTest.untilThrottled("ThrottlingException", beta::lookupEvents);
        assertInstanceOf(ThrottlingException.class, e, "the SDK maps it to the cloudtrail model's exception");
        assertEquals(400, e.statusCode());
        assertEquals("Rate exceeded", e.awsErrorDetails().errorMessage());
        int retryAfter = Integer.parseInt(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After")
                .orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 2, "Retry-After " + retryAfter + ": one token a second");
        assertNotNull(e.requestId());

        // another account keeps its own budget
        AuditTrailTest.cloudTrail(base, Aws.ALPHA_ADMIN).lookupEvents();
        assertTrue(RestAssured.get(base.toString() + "q/metrics").asString()
                .contains("rolegate_throttled_requests_total{family=\"cloudtrail\",scope=\"account\"}"));

        // the refusal is on record in beta's trail (looked up at beta's pace: the SDK retries the throttled lookups)
        CloudTrailClient reader = retrying(Aws.BETA_ADMIN, new AtomicInteger());
        JsonNode found = null;
        for (int i = 0; i < 10 && found == null; i++) {
            for (Event ev : reader.lookupEvents(b -> b.lookupAttributes(AuditTrailTest.attribute(
                    LookupAttributeKey.EVENT_NAME, "LookupEvents"))).events()) {
                JsonNode n = new ObjectMapper().readTree(ev.cloudTrailEvent());
                if (e.requestId().equals(n.path("requestID").asText())) {
                    found = n;
                }
            }
        }
        assertNotNull(found, "no event for the throttled lookup " + e.requestId());
        assertEquals("ThrottlingException", found.path("errorCode").asText());
        assertEquals("Rate exceeded", found.path("errorMessage").asText());
        assertEquals("cloudtrail.amazonaws.com", found.path("eventSource").asText());
        assertEquals(Aws.BETA, found.path("recipientAccountId").asText());
    }

    @Test
    void theAwsSdkRetriesThrottlingExceptionAndTheLookupSucceeds() {
        ThrottlingTest.untilThrottled("ThrottlingException", AuditTrailTest.cloudTrail(base, Aws.BETA_ADMIN)::lookupEvents);
        AtomicInteger attempts = new AtomicInteger();
        assertNotNull(retrying(Aws.BETA_ADMIN, attempts).lookupEvents().events());
        assertTrue(attempts.get() > 1, "the SDK should have retried the throttled lookup; attempts " + attempts.get());
    }

    /** The JSON-lines export spends the same per-account budget as LookupEvents (it reads as much of the trail). */
    @Test
    void theExportIsThrottledWithTheLookupsBudget() throws Exception {
        java.net.http.HttpResponse<String> r = null;
        for (int i = 0; i < 20; i++) {
            r = AuditTrailTest.exportResponse(base, Aws.BETA_ADMIN, "/v1/audit/digests");
            if (r.statusCode() != 200) {
                break;
            }
        }
        assertEquals(400, r.statusCode(), r.body());
        JsonNode error = new ObjectMapper().readTree(r.body());
        assertEquals("ThrottlingException", error.path("__type").asText());
        assertEquals("Rate exceeded", error.path("message").asText());
        assertTrue(r.headers().firstValue("Retry-After").isPresent());
    }
}
