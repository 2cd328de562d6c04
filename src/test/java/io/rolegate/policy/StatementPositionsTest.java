package io.rolegate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The table src/test/resources/policy/positions/*.yaml: where the simulator says each statement is. */
class StatementPositionsTest {

    static Stream<Arguments> cases() throws IOException, URISyntaxException {
        return PolicyCasesTest.load("/policy/positions");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void positions(JsonNode c) {
        Policy p = Policy.compile(PolicyKind.valueOf(c.get("kind").asText()), "p", c.get("document").asText());
        List<String> actual = new ArrayList<>();
        for (int i = 0; i < p.statementCount(); i++) {
            StatementPosition s = p.statementPosition(i);
            actual.add(s.startLine() + ":" + s.startColumn() + "-" + s.endLine() + ":" + s.endColumn());
        }
        List<String> expected = new ArrayList<>();
        c.get("positions").forEach(n -> expected.add(n.asText()));
        assertEquals(expected, actual);
    }

    @Test
    void renamedPolicyKeepsItsCompiledStatements() {
        Policy p = Policy.compile(PolicyKind.INLINE_IDENTITY, "a",
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}");
        Policy q = p.named("PolicyInputList.1");
        assertEquals("PolicyInputList.1", q.name());
        assertSame(p.statementPosition(0), q.statementPosition(0));
        assertEquals(p.document(), q.document());
        Decision d = PolicyEngine.evaluate(AuthorizationRequest.builder(
                PrincipalIdentity.user("111122223333", "arn:aws:iam::111122223333:user/a"), "s3:GetObject", "*")
                .identityPolicies(List.of(q)).build());
        assertEquals("PolicyInputList.1", d.statements().get(0).policyName());
    }
}
