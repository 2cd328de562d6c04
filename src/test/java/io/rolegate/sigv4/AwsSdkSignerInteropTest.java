package io.rolegate.sigv4;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** Requests signed by the real AWS SDK for Java v2 signer must verify; ours must agree with it byte for byte. */
class AwsSdkSignerInteropTest {
    static final String AKID = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final Instant AT = Instant.parse("2026-01-15T12:00:00Z");
    static final String BODY = "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo"
            + "&RoleSessionName=s1";

    final SigV4Verifier verifier = new SigV4Verifier(Clock.fixed(AT, ZoneOffset.UTC), Set.of(), Set.of("sts"));

    static HttpRequestParts sdkSigned(SdkHttpRequest request, String body, AwsCredentialsIdentity identity,
                                      boolean presign) {
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> {
            r.identity(identity).request(request)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(AT, ZoneOffset.UTC));
            if (body != null) {
                r.payload(ContentStreamProvider.fromUtf8String(body));
            }
            if (presign) {
                r.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(15));
            }
        });
        SdkHttpRequest out = signed.request();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        out.headers().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        headers.putIfAbsent("host", List.of(out.host()));
        return new HttpRequestParts(out.method().name(), out.encodedPath(), out.encodedQueryParameters().orElse(null),
                headers, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }

    static SdkHttpRequest.Builder sdkShapedPost() {
        return SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(URI.create("http://localhost:8081/"))
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .putHeader("Content-Length", String.valueOf(BODY.length()))
                .putHeader("amz-sdk-invocation-id", "4b8a1d2c-6f3e-4a5b-9c7d-0e1f2a3b4c5d")
                .putHeader("amz-sdk-request", "attempt=1; max=3")
                .putHeader("User-Agent", "aws-sdk-java/2.57.8 md/io#sync");
    }

    @Test
    void sdkSignedAssumeRolePostVerifies() {
        HttpRequestParts req = sdkSigned(sdkShapedPost().build(), BODY, AwsCredentialsIdentity.create(AKID, SECRET), false);
        ParsedSignature p = verifier.parse(req);
        assertTrue(p.signedHeaders().containsAll(List.of("amz-sdk-invocation-id", "amz-sdk-request", "content-type", "host", "x-amz-date")),
                p.signedHeaders().toString());
        assertDoesNotThrow(() -> verifier.verify(req, p, SECRET));
        AwsException e = assertThrows(AwsException.class, () -> verifier.verify(req, p, SECRET.replace('K', 'k')));
        assertEquals(ErrorCode.SignatureDoesNotMatch, e.code());
    }

    @Test
    void ourSignerProducesTheSdkAuthorizationHeader() {
        HttpRequestParts sdk = sdkSigned(sdkShapedPost().build(), BODY, AwsCredentialsIdentity.create(AKID, SECRET), false);
        ParsedSignature p = verifier.parse(sdk);
        SigV4Signer ours = new SigV4Signer(AKID, SECRET, null, "us-east-1", "sts");
        assertEquals(sdk.firstHeader("authorization"), ours.authorization(sdk, AT, p.signedHeaders()));
    }

    @Test
    void sdkSignedRequestWithSessionTokenAndEncodedPathVerifies() {
        SdkHttpRequest request = sdkShapedPost().encodedPath("/a%20b/c+d/./e/").build();
        HttpRequestParts req = sdkSigned(request, BODY,
                AwsSessionCredentialsIdentity.create("ASIAIOSFODNN7EXAMPLE", SECRET, "IQoJb3JpZ2luX2VjEXAMPLE+/=="), false);
        ParsedSignature p = verifier.parse(req);
        assertEquals("IQoJb3JpZ2luX2VjEXAMPLE+/==", p.securityToken());
        assertDoesNotThrow(() -> verifier.verify(req, p, SECRET));
    }

    @Test
    void sdkPresignedGetCallerIdentityVerifies() {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET)
                .uri(URI.create("https://sts.us-east-1.amazonaws.com/"))
                .putRawQueryParameter("Action", "GetCallerIdentity")
                .putRawQueryParameter("Version", "2011-06-15")
                .putHeader("x-k8s-aws-id", "my-cluster")
                .build();
        HttpRequestParts req = sdkSigned(request, null,
                AwsSessionCredentialsIdentity.create("ASIAIOSFODNN7EXAMPLE", SECRET, "tok/en+=="), true);
        ParsedSignature p = verifier.parse(req);
        assertTrue(p.presigned());
        assertEquals("tok/en+==", p.securityToken());
        assertTrue(p.signedHeaders().contains("x-k8s-aws-id"), p.signedHeaders().toString());
        assertDoesNotThrow(() -> verifier.verify(req, p, SECRET));
    }
}
