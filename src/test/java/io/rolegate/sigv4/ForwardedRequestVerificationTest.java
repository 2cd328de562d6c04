package io.rolegate.sigv4;

import io.rolegate.error.AwsException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What /v1/authorize needs of the verifier: any service name in the scope (an empty service set), and a payload hash
 * given instead of the body, which a downstream service does not forward.
 */
class ForwardedRequestVerificationTest {
    static final Instant AT = Instant.parse("2026-12-01T09:00:00Z");
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    final SigV4Verifier anyService = new SigV4Verifier(Clock.fixed(AT, ZoneOffset.UTC), Set.of(), Set.of());

    static HttpRequestParts signed(String service, String region, String body) {
        HttpRequestParts request = new HttpRequestParts("POST", "/projects", null,
                Map.of("host", List.of("projects.example.com")), body.getBytes(StandardCharsets.UTF_8));
        return new SigV4Signer("AKIAIOSFODNN7EXAMPLE", SECRET, null, region, service).sign(request, AT, List.of());
    }

    static HttpRequestParts withoutBody(HttpRequestParts r, String payloadHash) {
        return new HttpRequestParts(r.method(), r.rawPath(), r.rawQuery(), r.headers(), null, payloadHash);
    }

    @Test
    void anyWellFormedServiceNameIsAccepted() {
        HttpRequestParts r = signed("monitron", "eu-west-1", "{}");
        ParsedSignature p = anyService.parse(r);
        assertEquals("monitron", p.service());
        assertDoesNotThrow(() -> anyService.verify(r, p, SECRET));
        AwsException e = assertThrows(AwsException.class, () -> anyService.parse(signed("Mon!tron", "eu-west-1", "{}")));
        assertEquals("Credential should be scoped to a valid service, not 'Mon!tron'.", e.getMessage());
        AwsException sts = assertThrows(AwsException.class, () -> new SigV4Verifier(Clock.fixed(AT, ZoneOffset.UTC),
                Set.of(), Set.of("sts")).parse(r));
        assertEquals("Credential should be scoped to correct service: 'sts'.", sts.getMessage());
    }

    @Test
    void theGivenPayloadHashStandsForTheBody() {
        String body = "{\"name\":\"dallas\"}";
        HttpRequestParts r = signed("monitron", "us-east-1", body);
        ParsedSignature p = anyService.parse(r);
        HttpRequestParts hashOnly = withoutBody(r, SigV4.sha256Hex(body.getBytes(StandardCharsets.UTF_8)));
        assertDoesNotThrow(() -> anyService.verify(hashOnly, p, SECRET));
        HttpRequestParts otherBody = withoutBody(r, SigV4.sha256Hex("{}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("SignatureDoesNotMatch",
                assertThrows(AwsException.class, () -> anyService.verify(otherBody, p, SECRET)).code().code());
        // without a given hash the (empty) body is hashed, as the gateway's own endpoint does
        assertThrows(AwsException.class, () -> anyService.verify(withoutBody(r, null), p, SECRET));
    }

    @Test
    void theSigningKeyOfTheScopeIsKSigning() {
        HttpRequestParts r = signed("monitron", "us-east-1", "");
        ParsedSignature p = anyService.parse(r);
        assertArrayEquals(SigV4.signingKey(SECRET, "20261201", "us-east-1", "monitron"), anyService.signingKey(p, SECRET));
    }

    @Test
    void forwardedPresignedUrlsAreValidForTheirExpiresAndNoLonger() {
        HttpRequestParts get = new HttpRequestParts("GET", "/projects/dallas", null,
                Map.of("host", List.of("projects.example.com")), null);
        SigV4Signer signer = new SigV4Signer("AKIAIOSFODNN7EXAMPLE", SECRET, null, "us-east-1", "monitron");
        HttpRequestParts hourLong = signer.presign(get, AT.minusSeconds(1200), java.time.Duration.ofHours(1), List.of());
        SigV4Verifier forwarded = new SigV4Verifier(Clock.fixed(AT, ZoneOffset.UTC), Set.of(), Set.of(), true);
        assertDoesNotThrow(() -> forwarded.verify(hourLong, forwarded.parse(hourLong), SECRET));
        AwsException sts = assertThrows(AwsException.class, () -> anyService.parse(hourLong));
        assertEquals("SignatureDoesNotMatch", sts.code().code(), "STS's rule: the 15-minute window alone");

        HttpRequestParts tenMinutes = signer.presign(get, AT.minusSeconds(1200), java.time.Duration.ofMinutes(10), List.of());
        AwsException expired = assertThrows(AwsException.class, () -> forwarded.parse(tenMinutes));
        assertEquals("AccessDenied", expired.code().code());
        assertEquals("Request has expired", expired.getMessage());
        HttpRequestParts future = signer.presign(get, AT.plusSeconds(1200), java.time.Duration.ofHours(1), List.of());
        assertEquals("SignatureDoesNotMatch", assertThrows(AwsException.class, () -> forwarded.parse(future)).code().code());
    }
}
