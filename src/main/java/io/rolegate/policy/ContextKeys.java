package io.rolegate.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The condition keys a policy reads: the keys of its Condition blocks and the policy variables
 * ({@code ${aws:username}}) of its Resource, NotResource and condition values (Version 2012-10-17 only), in document
 * order, each once (keys are case-insensitive; the first spelling is kept). This is what the IAM policy simulator
 * reports as MissingContextValues when the request supplies no value: AWS lists the keys of every statement of the
 * simulated policies, not only of the statements that apply to the simulated action (boto/boto3#3111,
 * aws/aws-sdk-java-v2#1751: a key read only by a statement for another action is listed as missing).
 * Off the evaluation path: it reads the document again.
 */
public final class ContextKeys {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ContextKeys() {
    }

    /** The keys {@code policy} reads, in document order. */
    public static List<String> referenced(Policy policy) {
        Map<String, String> keys = new LinkedHashMap<>();
        JsonNode root;
        try {
            root = MAPPER.readTree(policy.document());
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a compiled policy", e); // compiled documents always parse
        }
        boolean variables = policy.version().equals("2012-10-17");
        JsonNode statements = root.path("Statement");
        for (JsonNode st : statements.isArray() ? statements : List.of(statements)) {
            for (String element : List.of("Resource", "NotResource")) {
                for (String value : strings(st.get(element))) {
                    variables(value, variables, keys);
                }
            }
            JsonNode condition = st.get("Condition");
            if (condition == null) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = condition.fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                PolicyParser.OperatorName on = PolicyParser.OperatorName.parse(op.getKey());
                for (Iterator<Map.Entry<String, JsonNode>> it = op.getValue().fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> k = it.next();
                    add(keys, k.getKey());
                    if (on != null && on.op().takesVariables()) {
                        for (String value : strings(k.getValue())) {
                            variables(value, variables, keys);
                        }
                    }
                }
            }
        }
        return List.copyOf(keys.values());
    }

    /** The keys the policies read that {@code context} has no value for, in policy order then document order. */
    public static List<String> missing(Collection<Policy> policies, RequestContext context) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Policy p : policies) {
            for (String key : referenced(p)) {
                if (context.values(key) == null) {
                    add(out, key);
                }
            }
        }
        return List.copyOf(out.values());
    }

    private static void variables(String value, boolean variables, Map<String, String> keys) {
        List<String> names = new ArrayList<>();
        Template.parse(value, variables).addVariableNames(names);
        names.forEach(n -> add(keys, n));
    }

    private static void add(Map<String, String> keys, String key) {
        keys.putIfAbsent(key.toLowerCase(Locale.ROOT), key);
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        if (n.isArray()) {
            n.forEach(e -> out.add(e.asText()));
        } else {
            out.add(n.asText());
        }
        return out;
    }
}
