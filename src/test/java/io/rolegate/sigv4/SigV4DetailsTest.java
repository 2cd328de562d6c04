package io.rolegate.sigv4;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SigV4DetailsTest {
    static final Instant AT = Instant.parse("2026-01-15T12:00:00Z");
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    final SigV4Verifier verifier = new SigV4Verifier(Clock.fixed(AT, ZoneOffset.UTC), Set.of(), Set.of("sts"));

    static HttpRequestParts post(Map<String, List<String>> extra) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("host", List.of("sts.amazonaws.com"));
        h.putAll(extra);
        return new HttpRequestParts("POST", "/", null, h, "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void queryPlusIsLiteralAndEncodedAsPercent2B() {
        assertEquals("a=b%20c&a=b%2Bc&z=", SigV4.canonicalQuery("z&a=b+c&a=b%20c", false));
        assertEquals("%E1%88%B4=%2F%3D", SigV4.canonicalQuery("%e1%88%b4=/%3d", false));
        assertEquals("X-Amz-Date=1", SigV4.canonicalQuery("X-Amz-Signature=abc&X-Amz-Date=1", true));
        assertEquals("X-Amz-Date=1&X-Amz-Signature=abc", SigV4.canonicalQuery("X-Amz-Signature=abc&X-Amz-Date=1", false));
        assertEquals("a=%25%25", SigV4.canonicalQuery("a=%25%", false)); // "%25%" decodes to "%%" (lone '%' kept)
    }

    @Test
    void pathIsNormalisedAndEncodedAsOnTheWire() {
        assertEquals("/", UriEncoding.canonicalPath(""));
        assertEquals("/a/c/", UriEncoding.canonicalPath("/a/b/../c/"));
        assertEquals("/a%2520b", UriEncoding.canonicalPath("/a%20b")); // non-S3 services double-encode
        assertEquals("/%E1%88%B4", UriEncoding.canonicalPath("/\u1234"));
    }

    @Test
    void headerValuesAreTrimmedCollapsedAndJoined() {
        HttpRequestParts r = post(Map.of("x-a", List.of("  a \t  b  ", "c")));
        String creq = SigV4.canonicalRequest(r, List.of("host", "x-a"), false, "h");
        assertTrue(creq.contains("\nx-a:a b,c\n"), creq);
    }

    @Test
    void dateHeaderFallbackAcceptsRfc1123() {
        SigV4Signer signer = new SigV4Signer("AKIAIOSFODNN7EXAMPLE", SECRET, null, "us-east-1", "sts");
        // sign with x-amz-date, then replace it by an equivalent RFC 1123 Date header: the string to sign is the same
        HttpRequestParts signed = signer.sign(post(Map.of()), AT, Set.of("host"));
        Map<String, List<String>> h = new LinkedHashMap<>(signed.headers());
        h.remove("x-amz-date");
        h.put("date", List.of("Thu, 15 Jan 2026 12:00:00 GMT"));
        String auth = h.get("authorization").get(0).replace("SignedHeaders=host;x-amz-date", "SignedHeaders=host");
        h.put("authorization", List.of(auth));
        HttpRequestParts withDate = new HttpRequestParts("POST", "/", null, h, signed.body());
        ParsedSignature p = verifier.parse(withDate);
        assertEquals(AT, p.requestTime());
        assertEquals("20260115T120000Z", p.amzDate());
        // the signature was computed over x-amz-date, so it no longer matches: but parse accepted the Date header
        assertThrows(AwsException.class, () -> verifier.verify(withDate, p, SECRET));
        // signed over host only with the same time: verifies
        String good = signer.authorization(post(Map.of()), AT, Set.of("host"));
        h.put("authorization", List.of(good));
        HttpRequestParts ok = new HttpRequestParts("POST", "/", null, h, signed.body());
        assertDoesNotThrow(() -> verifier.verify(ok, verifier.parse(ok), SECRET));
    }

    @Test
    void ourPresignRoundTripsWithSessionToken() {
        SigV4Signer signer = new SigV4Signer("ASIAIOSFODNN7EXAMPLE", SECRET, "IQoJb3JpZ2lu+/=", "us-east-1", "sts");
        HttpRequestParts get = new HttpRequestParts("GET", "/", "Action=GetCallerIdentity&Version=2011-06-15",
                Map.of("host", List.of("sts.amazonaws.com"), "x-k8s-aws-id", List.of("cluster")), null);
        HttpRequestParts pre = signer.presign(get, AT, Duration.ofSeconds(60), Set.of("x-k8s-aws-id"));
        ParsedSignature p = verifier.parse(pre);
        assertTrue(p.presigned());
        assertEquals("IQoJb3JpZ2lu+/=", p.securityToken());
        assertEquals(List.of("host", "x-k8s-aws-id"), p.signedHeaders());
        verifier.verify(pre, p, SECRET);
        // the signed header is bound: another cluster name fails
        HttpRequestParts other = new HttpRequestParts("GET", "/", pre.rawQuery(),
                Map.of("host", List.of("sts.amazonaws.com"), "x-k8s-aws-id", List.of("other")), null);
        AwsException e = assertThrows(AwsException.class, () -> verifier.verify(other, verifier.parse(other), SECRET));
        assertEquals(ErrorCode.SignatureDoesNotMatch, e.code());
    }

    @Test
    void presignedMayUseUnsignedPayload() {
        SigV4Signer signer = new SigV4Signer("AKIAIOSFODNN7EXAMPLE", SECRET, null, "us-east-1", "sts");
        HttpRequestParts get = new HttpRequestParts("GET", "/", "Action=GetCallerIdentity&Version=2011-06-15",
                Map.of("host", List.of("sts.amazonaws.com")), null);
        HttpRequestParts pre = signer.presign(get, AT, Duration.ofSeconds(60), Set.of());
        ParsedSignature p = verifier.parse(pre);
        String creq = SigV4.canonicalRequest(pre, p.signedHeaders(), true, SigV4.UNSIGNED_PAYLOAD);
        String sig = SigV4.signature(SigV4.signingKey(SECRET, "20260115", "us-east-1", "sts"),
                SigV4.stringToSign(p.amzDate(), p.credentialScope(), creq));
        String q = pre.rawQuery().replaceAll("X-Amz-Signature=[0-9a-f]+", "X-Amz-Signature=" + sig);
        HttpRequestParts unsignedPayload = new HttpRequestParts("GET", "/", q, pre.headers(), null);
        assertDoesNotThrow(() -> verifier.verify(unsignedPayload, verifier.parse(unsignedPayload), SECRET));
    }

    @Test
    void anyRegionWhenNoneConfiguredButSyntaxIsChecked() {
        SigV4Signer weird = new SigV4Signer("AKIAIOSFODNN7EXAMPLE", SECRET, null, "Not_A_Region", "sts");
        AwsException e = assertThrows(AwsException.class, () -> verifier.parse(weird.sign(post(Map.of()), AT, Set.of())));
        assertEquals("Credential should be scoped to a valid region, not 'Not_A_Region'.", e.getMessage());
        SigV4Signer fine = new SigV4Signer("AKIAIOSFODNN7EXAMPLE", SECRET, null, "ap-southeast-7", "sts");
        HttpRequestParts r = fine.sign(post(Map.of()), AT, Set.of());
        assertDoesNotThrow(() -> verifier.verify(r, verifier.parse(r), SECRET));
    }

    @Test
    void signingKeysAreCachedAndTheCacheIsBounded() {
        SigningKeyCache cache = new SigningKeyCache(3);
        byte[] k1 = cache.get(SECRET, "20260115", "us-east-1", "sts");
        assertEquals(k1, cache.get(SECRET, "20260115", "us-east-1", "sts")); // same instance: cached
        for (int i = 0; i < 10; i++) {
            cache.get(SECRET + i, "20260115", "us-east-1", "sts");
            assertTrue(cache.size() <= 3);
        }
        // AWS documentation example key derivation (signing-elements page): secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
        assertEquals("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9", SigV4.hex(
                SigV4.signingKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "iam")));
    }

    @Test
    void toStringsKeepSecretsOut() {
        SigV4Signer signer = new SigV4Signer("AKIAIOSFODNN7EXAMPLE", SECRET, "TOKEN123", "us-east-1", "sts");
        HttpRequestParts r = signer.sign(post(Map.of()), AT, Set.of());
        ParsedSignature p = verifier.parse(r);
        assertFalse(p.toString().contains(p.signature()));
        assertFalse(p.toString().contains("TOKEN123"));
        assertFalse(signer.toString().contains(SECRET));
    }

    @Test
    void headerValuesAreTrimmedAndWhitespaceRunsCollapsed() {
        String[][] cases = {{"a", "a"}, {"  a  b\t\tc \n", "a b c"}, {"", ""}, {" \t ", ""}, {"a  ", "a"},
                {"x y", "x y"}, {"\ta\r\nb", "a b"}, {"token+/=", "token+/="}};
        for (String[] c : cases) {
            StringBuilder sb = new StringBuilder("h:");
            SigV4.appendTrimmedCollapsed(sb, c[0]);
            org.junit.jupiter.api.Assertions.assertEquals("h:" + c[1], sb.toString(), c[0]);
        }
    }
}
