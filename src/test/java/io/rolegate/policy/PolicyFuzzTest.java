package io.rolegate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random and mutated documents: compile must either succeed or throw AwsException with MalformedPolicyDocument,
 * ValidationError or LimitExceeded; compiled ones must evaluate without throwing. Seeded: a failure names the seed
 * and case number (re-run with -Dpolicy.fuzz.seed=N).
 */
class PolicyFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<ErrorCode> ALLOWED = EnumSet.of(ErrorCode.MalformedPolicyDocument, ErrorCode.ValidationError,
            ErrorCode.LimitExceeded);
    private static final String[] TOKENS = {"{", "}", "[", "]", "\"", ":", ",", "*", "?", "${", "}", "${*}", "${aws:username, '",
            "null", "true", "false", "-1", "1e999", "0.5", "\"Allow\"", "\"Deny\"", "\"Statement\"", "\"Condition\"", "\"Version\"",
            "\"2012-10-17\"", "\"arn:aws:s3:::b/*\"", "\"s3:Get*\"", "\"Principal\"", "\"AWS\"", "\"ForAnyValue:StringLike\"",
            "\"DateLessThan\"", "\"IpAddress\"", "\"10.0.0.0/8\"", "\"::1/128\"", "\\u0000", "\\", "\u00ff", "\u20ac", "\t", "\n"};
    private static final String[] KEYS = {"Version", "Id", "Statement", "Sid", "Effect", "Action", "NotAction", "Resource",
            "NotResource", "Principal", "NotPrincipal", "Condition", "AWS", "Federated", "Service", "StringEquals",
            "StringLike", "NumericLessThan", "DateGreaterThan", "Bool", "BinaryEquals", "IpAddress", "NotIpAddress",
            "ArnLike", "Null", "ForAllValues:StringEquals", "ForAnyValue:StringNotLikeIfExists", "aws:SourceIp",
            "aws:username", "aws:TagKeys", "aws:CurrentTime"};
    private static final String[] VALUES = {"Allow", "Deny", "*", "s3:*", "s3:GetObject", "sts:AssumeRole", "2012-10-17",
            "2008-10-17", "arn:aws:s3:::b/${aws:username}/*", "arn:aws:iam::111122223333:root", "111122223333",
            "arn:aws:iam::111122223333:user/alice", "10.0.0.0/8", "2001:db8::/32", "1.2.3.4/33", "2020-01-01T00:00:00Z",
            "1577836800", "abc", "", "${*}", "${aws:PrincipalTag/t, 'd'}", "${", "true", "QUJD", "arn:aws:iam::*:role/*",
            "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com", "9999999999999999999999"};

    @Test
    void compileOnlyEverThrowsAwsErrors() throws Exception {
        long seed = Long.getLong("policy.fuzz.seed", 20261125L);
        int cases = Integer.getInteger("policy.fuzz.cases", 20_000);
        Random rnd = new Random(seed);
        List<String> seeds = seeds();
        int compiled = 0;
        for (int i = 0; i < cases; i++) {
            PolicyKind kind = PolicyKind.values()[rnd.nextInt(PolicyKind.values().length)];
            String doc = switch (rnd.nextInt(4)) {
                case 0 -> mutateText(seeds.get(rnd.nextInt(seeds.size())), rnd);
                case 1 -> mutateTree(seeds.get(rnd.nextInt(seeds.size())), rnd);
                case 2 -> JSON.writeValueAsString(randomPolicy(rnd, kind));
                default -> JSON.writeValueAsString(randomJson(rnd, 0));
            };
            Policy policy = null;
            try {
                policy = Policy.compile(kind, "fuzz", doc);
                compiled++;
            } catch (AwsException e) {
                if (!ALLOWED.contains(e.code())) {
                    fail("seed " + seed + " case " + i + ": unexpected code " + e.code() + " for " + doc);
                }
            } catch (Throwable t) {
                throw new AssertionError("seed " + seed + " case " + i + " kind " + kind + ": " + t + " for " + doc, t);
            }
            if (policy != null) {
                try {
                    evaluate(policy, rnd);
                } catch (Throwable t) {
                    throw new AssertionError("seed " + seed + " case " + i + ": evaluation threw " + t + " for " + doc, t);
                }
            }
        }
        assertTrue(compiled > cases / 50, "too few documents compiled (" + compiled + "): the fuzzer is not reaching the compiler");
    }

    @Test
    void deepNestingIsASyntaxError() {
        String doc = "[".repeat(100_000);
        AwsException e = org.junit.jupiter.api.Assertions.assertThrows(AwsException.class,
                () -> Policy.compile(PolicyKind.INLINE_IDENTITY, "deep", doc));
        assertEquals(ErrorCode.MalformedPolicyDocument, e.code());
    }

    private static void evaluate(Policy policy, Random rnd) {
        RequestContext.Builder ctx = RequestContext.builder();
        for (int k = 0; k < 4; k++) {
            String key = KEYS[rnd.nextInt(KEYS.length)];
            if (rnd.nextBoolean()) {
                ctx.put(key, VALUES[rnd.nextInt(VALUES.length)]);
            } else {
                ctx.putMulti(key, List.of(VALUES[rnd.nextInt(VALUES.length)], VALUES[rnd.nextInt(VALUES.length)]));
            }
        }
        PrincipalIdentity p = switch (rnd.nextInt(3)) {
            case 0 -> PrincipalIdentity.user("111122223333", "arn:aws:iam::111122223333:user/alice");
            case 1 -> PrincipalIdentity.roleSession("111122223333", "arn:aws:iam::111122223333:role/R",
                    "arn:aws:sts::111122223333:assumed-role/R/s");
            default -> PrincipalIdentity.webIdentity("arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com");
        };
        String action = rnd.nextBoolean() ? "s3:GetObject" : "sts:AssumeRole";
        String resource = VALUES[rnd.nextInt(VALUES.length)];
        AuthorizationRequest.Builder b = AuthorizationRequest.builder(p, action, resource).context(ctx.build());
        switch (policy.kind()) {
            case TRUST, RESOURCE -> b.resourcePolicy(policy, rnd.nextBoolean() ? null : "444455556666");
            case SESSION -> b.sessionPolicies(List.of(policy));
            default -> b.identityPolicies(List.of(policy));
        }
        Decision d = PolicyEngine.evaluate(b.build());
        if (!d.isAllowed()) {
            AccessDeniedMessage.format(b.build(), d);
        }
    }

    private static List<String> seeds() throws Exception {
        List<String> out = new ArrayList<>();
        try (var in = PolicyFuzzTest.class.getResourceAsStream("/policy/validation/malformed.yaml")) {
            Object yaml = new org.yaml.snakeyaml.Yaml().load(in);
            JsonNode root = JSON.valueToTree(yaml);
            for (JsonNode c : root.get("cases")) {
                out.add(c.get("document").asText());
            }
        }
        return out;
    }

    private static String mutateText(String s, Random rnd) {
        StringBuilder sb = new StringBuilder(s);
        int n = 1 + rnd.nextInt(4);
        for (int k = 0; k < n; k++) {
            int pos = sb.length() == 0 ? 0 : rnd.nextInt(sb.length() + 1);
            switch (rnd.nextInt(5)) {
                case 0 -> { // replace a char
                    if (pos < sb.length()) {
                        sb.setCharAt(pos, (char) (rnd.nextBoolean() ? 0x20 + rnd.nextInt(0xE0) : rnd.nextInt(0x300)));
                    }
                }
                case 1 -> { // delete a range
                    int end = Math.min(sb.length(), pos + rnd.nextInt(8));
                    sb.delete(pos, end);
                }
                case 2 -> sb.insert(pos, TOKENS[rnd.nextInt(TOKENS.length)]);
                case 3 -> { // duplicate a range
                    int end = Math.min(sb.length(), pos + rnd.nextInt(40));
                    sb.insert(pos, sb.substring(pos, end));
                }
                default -> sb.setLength(pos); // truncate
            }
        }
        return sb.toString();
    }

    private static String mutateTree(String s, Random rnd) throws Exception {
        JsonNode root;
        try {
            root = JSON.readTree(s);
        } catch (Exception e) {
            return mutateText(s, rnd);
        }
        if (root == null || !root.isContainerNode()) {
            return s;
        }
        for (int k = 0; k < 1 + rnd.nextInt(3); k++) {
            mutateNode(root, rnd, 0);
        }
        return JSON.writeValueAsString(root);
    }

    private static void mutateNode(JsonNode node, Random rnd, int depth) {
        if (node instanceof ObjectNode o && o.size() > 0) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            String name = names.get(rnd.nextInt(names.size()));
            switch (rnd.nextInt(5)) {
                case 0 -> o.set(name, randomJson(rnd, depth + 2));
                case 1 -> o.remove(name);
                case 2 -> o.set(KEYS[rnd.nextInt(KEYS.length)], o.get(name));
                case 3 -> o.set(name, JsonNodeFactory.instance.arrayNode().add(o.get(name)));
                default -> mutateNode(o.get(name), rnd, depth + 1);
            }
        } else if (node instanceof ArrayNode a && a.size() > 0) {
            int i = rnd.nextInt(a.size());
            switch (rnd.nextInt(4)) {
                case 0 -> a.set(i, randomJson(rnd, depth + 2));
                case 1 -> a.remove(i);
                case 2 -> a.add(a.get(i).deepCopy());
                default -> mutateNode(a.get(i), rnd, depth + 1);
            }
        }
    }

    private static JsonNode randomJson(Random rnd, int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        int kind = depth > 4 ? rnd.nextInt(4) : rnd.nextInt(6);
        return switch (kind) {
            case 0 -> f.textNode(VALUES[rnd.nextInt(VALUES.length)]);
            case 1 -> f.numberNode(rnd.nextInt(1000) - 10);
            case 2 -> f.booleanNode(rnd.nextBoolean());
            case 3 -> f.nullNode();
            case 4 -> {
                ArrayNode a = f.arrayNode();
                for (int i = rnd.nextInt(4); i > 0; i--) {
                    a.add(randomJson(rnd, depth + 1));
                }
                yield a;
            }
            default -> {
                ObjectNode o = f.objectNode();
                for (int i = rnd.nextInt(4); i > 0; i--) {
                    o.set(KEYS[rnd.nextInt(KEYS.length)], randomJson(rnd, depth + 1));
                }
                yield o;
            }
        };
    }

    /** A structurally plausible policy with random parts, so the fuzzer reaches the later validation stages. */
    private static JsonNode randomPolicy(Random rnd, PolicyKind kind) {
        boolean trust = kind == PolicyKind.TRUST;
        boolean principals = trust || kind == PolicyKind.RESOURCE;
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode doc = f.objectNode();
        if (rnd.nextInt(5) > 0) {
            doc.put("Version", rnd.nextInt(6) > 0 ? "2012-10-17" : "2008-10-17");
        }
        ArrayNode statements = doc.putArray("Statement");
        for (int s = 1 + rnd.nextInt(3); s > 0; s--) {
            ObjectNode st = statements.addObject();
            st.put("Effect", rnd.nextInt(8) > 0 ? (rnd.nextBoolean() ? "Allow" : "Deny") : "allow");
            if (rnd.nextInt(4) == 0) {
                st.put("Sid", "S" + rnd.nextInt(3));
            }
            String[] actions = rnd.nextInt(10) == 0 ? new String[] {"bad", "a:b:c", "s3:*", "*"}
                    : trust ? new String[] {"sts:AssumeRole", "sts:TagSession", "sts:AssumeRoleWithWebIdentity"}
                    : new String[] {"s3:GetObject", "s3:*", "*", "sts:AssumeRole", "iam:Pass?ole", "ec2:Describe*"};
            st.set(rnd.nextInt(8) > 0 ? "Action" : "NotAction", strings1(rnd, actions));
            if (trust ? rnd.nextInt(10) == 0 : rnd.nextInt(10) > 0) {
                st.set(rnd.nextInt(5) > 0 ? "Resource" : "NotResource", strings(rnd, new String[] {"*",
                        "arn:aws:s3:::b/*", "arn:aws:s3:::home/${aws:username}/*", "arn:aws:iam::111122223333:role/*",
                        "arn:aws:sns:*:topic", "arn:aws:s3::x", "nope", "arn:aws:iam::1:bucket/x"}, rnd.nextInt(4) == 0 ? 8 : 5));
            }
            if (principals ? rnd.nextInt(10) > 0 : rnd.nextInt(10) == 0) {
                ObjectNode p = f.objectNode();
                p.set(rnd.nextInt(4) > 0 ? "AWS" : "Federated", strings(rnd, new String[] {"*", "111122223333",
                        "arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:user/alice",
                        "arn:aws:sts::111122223333:assumed-role/R/s", "arn:aws:iam::1:role/x",
                        "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}));
                st.set(rnd.nextInt(6) > 0 ? "Principal" : "NotPrincipal", rnd.nextInt(5) == 0 ? f.textNode("*") : p);
            }
            if (rnd.nextBoolean()) {
                ObjectNode cond = st.putObject("Condition");
                for (int c = 1 + rnd.nextInt(2); c > 0; c--) {
                    String op = KEYS[15 + rnd.nextInt(11)] + (rnd.nextInt(4) == 0 ? "IfExists" : "");
                    ObjectNode keys = cond.putObject(op);
                    keys.set(KEYS[26 + rnd.nextInt(5)], strings(rnd, VALUES));
                }
            }
        }
        return doc;
    }

    /** One to three strings, never an empty list. */
    private static JsonNode strings1(Random rnd, String[] pool) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (int i = 1 + rnd.nextInt(3); i > 0; i--) {
            a.add(pool[rnd.nextInt(pool.length)]);
        }
        return rnd.nextBoolean() ? a.get(0) : a;
    }

    private static JsonNode strings(Random rnd, String[] pool, int limit) {
        return strings1(rnd, java.util.Arrays.copyOf(pool, Math.min(limit, pool.length)));
    }

    private static JsonNode strings(Random rnd, String[] pool) {
        if (rnd.nextBoolean()) {
            return JsonNodeFactory.instance.textNode(pool[rnd.nextInt(pool.length)]);
        }
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (int i = rnd.nextInt(4); i > 0; i--) {
            a.add(pool[rnd.nextInt(pool.length)]);
        }
        return a;
    }

    @SuppressWarnings("unused")
    private static Iterator<Map.Entry<String, JsonNode>> fields(JsonNode n) {
        return n.fields();
    }
}
