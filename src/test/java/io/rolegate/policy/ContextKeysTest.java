package io.rolegate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The table src/test/resources/policy/context-keys/*.yaml: the keys a policy reads and those a context misses. */
class ContextKeysTest {

    static Stream<Arguments> cases() throws IOException, URISyntaxException {
        return PolicyCasesTest.load("/policy/context-keys");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void keys(JsonNode c) throws IOException {
        List<Policy> policies = new ArrayList<>();
        for (JsonNode doc : c.get("policies")) {
            policies.add(PolicyCasesTest.policy(PolicyKind.INLINE_IDENTITY, "p" + policies.size(), doc));
        }
        assertEquals(strings(c.get("referenced")), ContextKeys.referenced(policies.get(0)));
        assertEquals(strings(c.get("missing")),
                ContextKeys.missing(policies, PolicyCasesTest.context(c.path("context"))));
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(e -> out.add(e.asText()));
        return out;
    }
}
