package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.sts.model.StsException;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /q/metrics after real SDK calls holds the per-action series; /q/health/ready and /live answer UP. */
@QuarkusTest
class MetricsAndHealthTest {
    @TestHTTPResource("/")
    URL base;

    @Test
    void metricsPerActionAndOutcomeLatencyHistogramsCachesAndKeys() {
        Aws.sts(base, Aws.BETA_ADMIN).getCallerIdentity();
        Aws.iam(base, Aws.BETA_ADMIN).getUser(b -> b.userName("admin"));
        Aws.iam(base, Aws.BETA_ADMIN).getUser(b -> b.userName("admin"));
        assertThrows(NoSuchEntityException.class, () -> Aws.iam(base, Aws.BETA_ADMIN).getUser(b -> b.userName("nobody-here")));
        assertThrows(StsException.class, () -> Aws.sts(base, Aws.BETA_ADMIN).assumeRole(b -> b
                .roleArn("arn:aws:iam::111111111111:role/no-such-role").roleSessionName("metrics")));

        String m = RestAssured.get(base.toString() + "q/metrics").then().statusCode(200).extract().asString();
        assertPositive(m, "rolegate_requests_seconds_count{action=\"GetCallerIdentity\",code=\"none\",outcome=\"success\"}");
        assertPositive(m, "rolegate_requests_seconds_count{action=\"GetUser\",code=\"none\",outcome=\"success\"}");
        assertPositive(m, "rolegate_requests_seconds_count{action=\"GetUser\",code=\"NoSuchEntity\",outcome=\"client_error\"}");
        assertPositive(m, "rolegate_requests_seconds_count{action=\"AssumeRole\",code=\"AccessDenied\",outcome=\"client_error\"}");
        assertTrue(m.contains("rolegate_request_latency_seconds_bucket{action=\"AssumeRole\",le="), "AssumeRole histogram");
        assertPositive(m, "rolegate_store_cache_requests_total{result=\"hit\"}");
        assertPositive(m, "rolegate_store_cache_requests_total{result=\"miss\"}");
        assertTrue(m.contains("rolegate_store_cache_hit_ratio "), "cache hit ratio");
        assertTrue(Pattern.compile("(?m)^rolegate_signing_key_age_seconds \\d").matcher(m).find(), "signing key age");
    }

    @Test
    void anUnknownActionIsOneSeriesNotOnePerName() {
        RestAssured.given().formParam("Action", "NoSuchThing" + System.nanoTime()).formParam("Version", "2011-06-15")
                .post(base.toString()).then().statusCode(400);
        String m = RestAssured.get(base.toString() + "q/metrics").asString();
        assertTrue(m.contains("rolegate_requests_seconds_count{action=\"unknown\",code=\"InvalidAction\""), m);
        assertTrue(!m.contains("NoSuchThing"), "free text never becomes a tag");
    }

    @Test
    void readinessAndLivenessAreUp() {
        RestAssured.get(base.toString() + "q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'rolegate' }.data.database", equalTo("UP"))
                .body("checks.find { it.name == 'rolegate' }.data.signingKey", equalTo("UP"));
        RestAssured.get(base.toString() + "q/health/live").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'rolegate' }.status", equalTo("UP"));
    }

    @Test
    void everyLogLineOfARequestCarriesItsRequestId() throws Exception {
        NoSuchEntityException e = assertThrows(NoSuchEntityException.class,
                () -> Aws.iam(base, Aws.BETA_ADMIN).getUser(b -> b.userName("nobody-logged")));
        String id = e.requestId();
        Path log = Path.of("target/test-data/rolegate-test.log");
        Pattern line = Pattern.compile("\\) " + Pattern.quote(id) + " Request " + Pattern.quote(id) + " \\(GetUser\\) answered NoSuchEntity");
        for (int i = 0; i < 50 && !line.matcher(Files.readString(log)).find(); i++) {
            Thread.sleep(100); // the file handler writes asynchronously to us
        }
        assertTrue(line.matcher(Files.readString(log)).find(), "no log line with the request id " + id + " in its MDC position");
    }

    static void assertPositive(String metrics, String series) {
        Matcher v = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.E+]+)$").matcher(metrics);
        assertTrue(v.find(), "no series " + series);
        assertTrue(Double.parseDouble(v.group(1)) > 0, series + " is " + v.group(1));
    }
}
