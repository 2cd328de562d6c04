package io.rolegate.policy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Wildcard matching must not backtrack exponentially (safety net, not a performance test). */
class GlobTest {

    @Test
    void pathologicalPatternsFinish() {
        String pattern = "*a".repeat(60) + "*b";
        String text = "a".repeat(20_000);
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertFalse(Glob.matches(Glob.compile(pattern), text));
            assertTrue(Glob.matches(Glob.compile(pattern), text + "b"));
        });
    }

    @Test
    void pathologicalPatternsThroughThePolicyEngine() {
        String pattern = "*a".repeat(200) + "*b";
        String doc = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:" + pattern
                + "\",\"Resource\":\"arn:aws:s3:::" + pattern + "\",\"Condition\":{\"StringLike\":{\"k:v\":\"" + pattern
                + "\"},\"ArnLike\":{\"k:arn\":\"arn:aws:s3:::" + pattern + "\"}}}]}";
        Policy policy = Policy.compile(PolicyKind.INLINE_IDENTITY, "p", doc);
        String as = "a".repeat(30_000);
        RequestContext ctx = RequestContext.builder().put("k:v", as).put("k:arn", "arn:aws:s3:::" + as).build();
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            Decision d = PolicyEngine.evaluate(AuthorizationRequest.builder(
                            PrincipalIdentity.user("111122223333", "arn:aws:iam::111122223333:user/a"), "s3:" + as,
                            "arn:aws:s3:::" + as).context(ctx).identityPolicies(List.of(policy)).build());
            assertEquals(Decision.Outcome.IMPLICIT_DENY, d.outcome());
        });
    }

    @Test
    void basics() {
        assertTrue(Glob.matches(Glob.compile("*"), ""));
        assertTrue(Glob.matches(Glob.compile("a*c"), "abbbc"));
        assertTrue(Glob.matches(Glob.compile("a?c"), "abc"));
        assertFalse(Glob.matches(Glob.compile("a?c"), "ac"));
        assertFalse(Glob.matches(Glob.compile(""), "a"));
        assertTrue(Glob.matches(Glob.compile("**a**"), "xax"));
    }
}
