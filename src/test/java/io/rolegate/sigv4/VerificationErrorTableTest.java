package io.rolegate.sigv4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolegate.error.AwsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Runs src/test/resources/sigv4/verification-errors.txt: one request mutation per case, expected code and message. */
class VerificationErrorTableTest {
    static final Instant BASE_TIME = Instant.parse("2026-01-15T12:00:00Z");
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final SigV4Signer SIGNER = new SigV4Signer("AKIAIOSFODNN7EXAMPLE", SECRET, null, "us-east-1", "sts");

    record Case(String name, List<String[]> directives, String expect, String message) {
    }

    @TestFactory
    Stream<DynamicTest> table() throws Exception {
        List<Case> cases = read(Path.of(getClass().getResource("/sigv4/verification-errors.txt").toURI()));
        assertTrue(cases.size() >= 25, "table should hold the verification-order cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name, () -> run(c)));
    }

    static List<Case> read(Path file) throws Exception {
        List<Case> cases = new ArrayList<>();
        String name = null;
        List<String[]> directives = new ArrayList<>();
        String expect = null;
        String message = null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("#")) {
                continue;
            }
            if (line.isBlank()) {
                if (name != null) {
                    cases.add(new Case(name, directives, expect, message));
                }
                name = null;
                directives = new ArrayList<>();
                expect = null;
                message = null;
                continue;
            }
            int colon = line.indexOf(':');
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "case" -> name = value;
                case "expect" -> expect = value;
                case "message" -> message = value;
                default -> directives.add(new String[] {key, value});
            }
        }
        if (name != null) {
            cases.add(new Case(name, directives, expect, message));
        }
        return cases;
    }

    private static void run(Case c) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("host", List.of("sts.amazonaws.com"));
        headers.put("content-type", List.of("application/x-www-form-urlencoded; charset=utf-8"));
        headers.put("x-amz-date", List.of("20260115T120000Z"));
        HttpRequestParts req = new HttpRequestParts("POST", "/", null, headers,
                "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8));
        Instant now = BASE_TIME;
        String secret = SECRET;
        for (String[] d : c.directives) {
            String v = d[1];
            switch (d[0]) {
                case "header", "add-header" -> {
                    int colon = v.indexOf(':');
                    String name = v.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    Map<String, List<String>> h = new LinkedHashMap<>(req.headers());
                    List<String> values = d[0].equals("header") ? new ArrayList<>()
                            : new ArrayList<>(h.getOrDefault(name, List.of()));
                    values.add(v.substring(colon + 1).strip());
                    h.put(name, values);
                    req = with(req, req.method(), req.rawQuery(), h, req.body());
                }
                case "remove-header" -> {
                    Map<String, List<String>> h = new LinkedHashMap<>(req.headers());
                    h.remove(v.toLowerCase(Locale.ROOT));
                    req = with(req, req.method(), req.rawQuery(), h, req.body());
                }
                case "query" -> req = with(req, req.method(), v, req.headers(), req.body());
                case "query+" -> req = with(req, req.method(), req.rawQuery() + "&" + v, req.headers(), req.body());
                case "body" -> req = with(req, req.method(), req.rawQuery(), req.headers(), v.getBytes(StandardCharsets.UTF_8));
                case "method" -> req = with(req, v, req.rawQuery(), req.headers(), req.body());
                case "sign" -> req = SIGNER.sign(req, BASE_TIME, Set.of(v.split(";")));
                case "presign" -> req = SIGNER.presign(req, BASE_TIME, Duration.ofMinutes(15), Set.of(v.split(";")));
                case "clock" -> now = Instant.parse(v);
                case "secret" -> secret = v;
                default -> throw new IllegalArgumentException("unknown directive " + d[0] + " in " + c.name);
            }
        }
        SigV4Verifier verifier = new SigV4Verifier(Clock.fixed(now, ZoneOffset.UTC),
                Set.of("us-east-1", "eu-west-1"), new LinkedHashSet<>(List.of("sts", "iam")));
        HttpRequestParts request = req;
        String key = secret;
        if ("OK".equals(c.expect)) {
            ParsedSignature p = verifier.parse(request);
            verifier.verify(request, p, key);
            assertEquals("AKIAIOSFODNN7EXAMPLE", p.accessKeyId());
            return;
        }
        assertFalse(c.message == null, "case needs a message: " + c.name);
        AwsException e = assertThrows(AwsException.class, () -> {
            ParsedSignature p = verifier.parse(request);
            verifier.verify(request, p, key);
        });
        assertEquals(c.expect, e.code().name(), c.name);
        assertEquals(c.message, e.getMessage(), c.name);
    }

    private static HttpRequestParts with(HttpRequestParts r, String method, String query,
                                         Map<String, List<String>> headers, byte[] body) {
        return new HttpRequestParts(method, r.rawPath(), query, headers, body);
    }
}
