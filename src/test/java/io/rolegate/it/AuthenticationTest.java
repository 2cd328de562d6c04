package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rolegate.sigv4.HttpRequestParts;
import io.rolegate.sigv4.SigV4Signer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.sts.model.StsException;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SigV4 at the edge: SDK clients with bad keys, and raw signed requests for skew, carriers and missing auth. */
@QuarkusTest
class AuthenticationTest {
    @TestHTTPResource("/")
    URL base;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void wrongSecretIsSignatureDoesNotMatch() {
        var bad = AwsBasicCredentials.create(Aws.ALPHA_ADMIN.accessKeyId(), "x".repeat(40));
        StsException e = assertThrows(StsException.class, () -> Aws.sts(base, bad).getCallerIdentity());
        assertEquals("SignatureDoesNotMatch", e.awsErrorDetails().errorCode());
        assertEquals(403, e.statusCode());
        assertEquals("The request signature we calculated does not match the signature you provided. Check your AWS "
                + "Secret Access Key and signing method. Consult the service documentation for details.",
                e.awsErrorDetails().errorMessage());
    }

    @Test
    void unknownKeyIsInvalidClientTokenId() {
        var unknown = AwsBasicCredentials.create("AKIARTXV5AHDAAAAAAAA", "x".repeat(40));
        IamException e = assertThrows(IamException.class, () -> Aws.iam(base, unknown).listUsers());
        assertEquals("InvalidClientTokenId", e.awsErrorDetails().errorCode());
        assertEquals("The security token included in the request is invalid.", e.awsErrorDetails().errorMessage());
        assertEquals(403, e.statusCode());
    }

    @Test
    void missingAuthentication() throws Exception {
        HttpResponse<String> r = post("Action=GetCallerIdentity&Version=2011-06-15", Map.of());
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("<Code>MissingAuthenticationToken</Code>"), r.body());
        assertTrue(r.body().contains("<Type>Sender</Type>"), r.body());
        assertNotNull(r.headers().firstValue("Date").orElse(null));
        assertNotNull(r.headers().firstValue("x-amzn-RequestId").orElse(null));
    }

    @Test
    void clockSkewBeyondFifteenMinutesIsRefusedWithAwsMessage() throws Exception {
        HttpResponse<String> r = signedPost("Action=GetCallerIdentity&Version=2011-06-15",
                Instant.now().minus(Duration.ofMinutes(20)));
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("<Code>SignatureDoesNotMatch</Code>"), r.body());
        assertTrue(r.body().contains("Signature expired: "), r.body());
        HttpResponse<String> future = signedPost("Action=GetCallerIdentity&Version=2011-06-15",
                Instant.now().plus(Duration.ofMinutes(20)));
        assertTrue(future.body().contains("Signature not yet current: "), future.body());
        HttpResponse<String> ok = signedPost("Action=GetCallerIdentity&Version=2011-06-15",
                Instant.now().minus(Duration.ofMinutes(10)));
        assertEquals(200, ok.statusCode(), ok.body());
    }

    @Test
    void presignedGetAnswersXmlAndJson() throws Exception {
        SigV4Signer signer = new SigV4Signer(Aws.ALPHA_ADMIN.accessKeyId(), Aws.ALPHA_ADMIN.secretAccessKey(), null,
                "us-east-1", "sts");
        URI u = URI.create(base.toString());
        HttpRequestParts req = new HttpRequestParts("GET", "/", "Action=GetCallerIdentity&Version=2011-06-15",
                Map.of("host", List.of(u.getHost() + ":" + u.getPort())), new byte[0]);
        HttpRequestParts signed = signer.presign(req, Instant.now(), Duration.ofSeconds(60), List.of("host"));
        URI target = URI.create(Aws.endpoint(base) + "/?" + signed.rawQuery());
        HttpResponse<String> xml = http.send(HttpRequest.newBuilder(target).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, xml.statusCode(), xml.body());
        assertTrue(xml.body().startsWith("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"), xml.body());
        assertTrue(xml.headers().firstValue("Content-Type").orElse("").startsWith("text/xml"));
        HttpResponse<String> json = http.send(HttpRequest.newBuilder(target).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(json.body().startsWith("{\"GetCallerIdentityResponse\":{\"GetCallerIdentityResult\":{"), json.body());
        assertTrue(json.body().contains("\"Arn\":\"arn:aws:iam::111111111111:user/admin\""), json.body());
    }

    @Test
    void unknownActionAndMissingAction() throws Exception {
        HttpResponse<String> unknown = signedPost("Action=FlyToTheMoon&Version=2011-06-15", Instant.now());
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("<Code>InvalidAction</Code>"), unknown.body());
        HttpResponse<String> missing = signedPost("Version=2011-06-15", Instant.now());
        assertEquals(400, missing.statusCode());
        assertTrue(missing.body().contains("<Code>MissingAction</Code>"), missing.body());
    }

    private HttpResponse<String> post(String body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(Aws.endpoint(base) + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach((k, v) -> {
            if (!k.equals("host") && !k.equals("content-type")) {
                b.header(k, v);
            }
        });
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> signedPost(String body, Instant at) throws IOException, InterruptedException {
        URI u = URI.create(base.toString());
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("host", List.of(u.getHost() + ":" + u.getPort()));
        h.put("content-type", List.of("application/x-www-form-urlencoded; charset=utf-8"));
        SigV4Signer signer = new SigV4Signer(Aws.ALPHA_ADMIN.accessKeyId(), Aws.ALPHA_ADMIN.secretAccessKey(), null,
                "us-east-1", "sts");
        HttpRequestParts signed = signer.sign(new HttpRequestParts("POST", "/", null, h,
                body.getBytes(StandardCharsets.UTF_8)), at, new ArrayList<>(List.of("content-type", "host")));
        Map<String, String> out = new LinkedHashMap<>();
        signed.headers().forEach((k, v) -> out.put(k, v.get(0)));
        return post(body, out);
    }
}
