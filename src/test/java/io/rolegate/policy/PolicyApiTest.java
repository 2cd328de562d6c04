package io.rolegate.policy;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Size helpers, limits per kind, the compiled form and the context builder. */
class PolicyApiTest {
    private static final String SMALL = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\"Effect\": \"Allow\", "
            + "\"Action\": \"s3:*\", \"Resource\": \"*\"}\n}";

    @Test
    void sizeIgnoresWhitespace() {
        assertEquals(9, PolicyLimits.size(" {\t\"a\" :\r\n 1 }\n" + "xy"));
        assertEquals(SMALL.replaceAll("[ \t\r\n]", "").length(), PolicyLimits.size(SMALL));
        assertEquals(PolicyLimits.size(SMALL), Policy.compile(PolicyKind.MANAGED, "p", SMALL).size());
    }

    @Test
    void managedPolicyQuotaCountsNonWhitespace() {
        String padding = "\"" + "x".repeat(6144) + "\"";
        String big = "{\"Version\":\"2012-10-17\",\"Id\":" + padding + ",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}";
        AwsException e = assertThrows(AwsException.class, () -> Policy.compile(PolicyKind.MANAGED, "p", big));
        assertEquals(ErrorCode.LimitExceeded, e.code());
        assertEquals("Cannot exceed quota for PolicySize: 6144", e.getMessage());
        // Whitespace is free: 10,000 spaces do not count.
        String spaced = SMALL.replace("{\n", "{\n" + " ".repeat(10_000));
        assertEquals(spaced, Policy.compile(PolicyKind.MANAGED, "p", spaced).document());
        // Inline policies have no per-document quota (aggregates are the IAM service's job).
        Policy.compile(PolicyKind.INLINE_IDENTITY, "p", big);
    }

    @Test
    void trustPolicyQuota() {
        String big = "{\"Version\":\"2012-10-17\",\"Id\":\"" + "x".repeat(2048) + "\",\"Statement\":{\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"111122223333\"},\"Action\":\"sts:AssumeRole\"}}";
        AwsException e = assertThrows(AwsException.class, () -> Policy.compile(PolicyKind.TRUST, "t", big));
        assertEquals(ErrorCode.LimitExceeded, e.code());
        assertEquals("Cannot exceed quota for ACLSizePerRole: 2048", e.getMessage());
        AwsException raised = assertThrows(AwsException.class, () -> PolicyLimits.checkTrustSize(big, 2100));
        assertEquals("Cannot exceed quota for ACLSizePerRole: 2100", raised.getMessage());
        PolicyLimits.checkTrustSize(big, 4096);
    }

    @Test
    void sessionPolicyLengthAndDocumentLength() {
        String big = SMALL.replace("{\n", "{\n" + " ".repeat(2048));
        AwsException e = assertThrows(AwsException.class, () -> Policy.compile(PolicyKind.SESSION, "s", big));
        assertEquals(ErrorCode.ValidationError, e.code());
        assertTrue(e.getMessage().startsWith("1 validation error detected: Value '{"), e.getMessage());
        assertTrue(e.getMessage().endsWith("' at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048"));
        String huge = SMALL.replace("{\n", "{\n" + " ".repeat(131_072));
        AwsException h = assertThrows(AwsException.class, () -> PolicyLimits.checkDocumentShape(huge, "policyDocument"));
        assertTrue(h.getMessage().endsWith("at 'policyDocument' failed to satisfy constraint: Member must have length less than or equal to 131072"));
    }

    @Test
    void compiledPolicyKeepsTheDocumentAndVersion() {
        String doc = "{ \"Statement\" : { \"Effect\":\"Allow\", \"Action\":\"s3:*\", \"Resource\":\"*\" } }";
        Policy p = Policy.compile(PolicyKind.INLINE_IDENTITY, "inline", doc);
        assertSame(doc, p.document());
        assertEquals("2008-10-17", p.version());
        assertNull(p.id());
        assertEquals(1, p.statementCount());
        assertEquals("inline", p.name());
    }

    @Test
    void contextIsCaseInsensitiveAndImmutable() {
        List<String> keys = new ArrayList<>(List.of("a", "b"));
        RequestContext ctx = RequestContext.builder().put("AWS:UserName", "alice").putMulti("aws:TagKeys", keys).build();
        keys.add("c");
        assertEquals(List.of("alice"), ctx.values("aws:username"));
        assertEquals(List.of("a", "b"), ctx.values("AWS:TAGKEYS"));
        assertTrue(ctx.isMultiValued("aws:tagkeys"));
        assertNull(ctx.values("aws:SourceIp"));
        RequestContext more = ctx.toBuilder().put("aws:SourceIp", "10.0.0.1").build();
        assertNull(ctx.values("aws:SourceIp"));
        assertEquals(List.of("10.0.0.1"), more.values("aws:sourceip"));
        assertThrows(UnsupportedOperationException.class, () -> ctx.values("aws:tagkeys").add("x"));
    }

    @Test
    void compiledPoliciesAreSharedAcrossThreads() throws Exception {
        Policy p = Policy.compile(PolicyKind.INLINE_IDENTITY, "p", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::home/${aws:username}/*\"}}");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String user = "u" + t;
                results.add(pool.submit(() -> {
                    boolean ok = true;
                    for (int i = 0; i < 20_000; i++) {
                        AuthorizationRequest r = AuthorizationRequest.builder(
                                        PrincipalIdentity.user("111122223333", "arn:aws:iam::111122223333:user/" + user),
                                        "s3:GetObject", "arn:aws:s3:::home/" + user + "/f")
                                .context(RequestContext.builder().put("aws:username", user).build())
                                .identityPolicies(List.of(p)).build();
                        ok &= PolicyEngine.evaluate(r).isAllowed();
                    }
                    return ok;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void formatterRefusesAllow() {
        Decision allow = new Decision(Decision.Outcome.ALLOW, null, List.of(), PrincipalMatch.NONE, false);
        assertThrows(IllegalArgumentException.class, () -> AccessDeniedMessage.format("a", "s3:x", "r", allow));
    }
}
