package io.rolegate.federation;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The https://aws.amazon.com/tags claim as a table (src/test/resources/federation/session-tags-claim.json), parsed
 * with the same JSON parser nimbus uses for token payloads, so value types match what the validator sees.
 */
class SessionTagsClaimTest {

    static Stream<Arguments> cases() throws Exception {
        try (InputStream in = SessionTagsClaimTest.class.getResourceAsStream("/federation/session-tags-claim.json")) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return JSONArrayUtils.parse(json).stream().map(o -> {
                @SuppressWarnings("unchecked") Map<String, Object> c = (Map<String, Object>) o;
                return Arguments.of(c.get("name"), c);
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void parses(String name, Map<String, Object> c) {
        Object claim = c.get("claim");
        if (c.containsKey("error")) {
            AwsException e = assertThrows(AwsException.class, () -> SessionTagsClaim.parse(claim));
            assertEquals(ErrorCode.InvalidIdentityToken, e.code());
            assertEquals(c.get("error"), e.getMessage());
        } else {
            SessionTagsClaim parsed = SessionTagsClaim.parse(claim);
            assertEquals(c.get("tags"), new HashMap<>(parsed.tags()));
            assertEquals(c.get("transitive"), parsed.transitiveKeys());
        }
    }

    @Test
    void limitsAreFiftyTagsAndKeyAndValueLengths() throws Exception {
        Map<String, Object> fifty = new LinkedHashMap<>();
        IntStream.range(0, 50).forEach(i -> fifty.put("k" + i, List.of("v")));
        assertEquals(50, SessionTagsClaim.parse(Map.of("principal_tags", fifty)).tags().size());
        fifty.put("k50", List.of("v"));
        assertThrows(AwsException.class, () -> SessionTagsClaim.parse(Map.of("principal_tags", fifty)));

        String key128 = "k".repeat(128);
        String value256 = "v".repeat(256);
        assertEquals(Map.of(key128, value256),
                SessionTagsClaim.parse(Map.of("principal_tags", Map.of(key128, List.of(value256)))).tags());
        assertThrows(AwsException.class,
                () -> SessionTagsClaim.parse(Map.of("principal_tags", Map.of(key128 + "k", List.of("v")))));
        assertThrows(AwsException.class,
                () -> SessionTagsClaim.parse(Map.of("principal_tags", Map.of("k", List.of(value256 + "v")))));
        // the JSON file's parser is the one nimbus uses for payloads: keep it honest
        assertEquals(List.of("x"), JSONObjectUtils.parse("{\"a\":[\"x\"]}").get("a"));
    }
}
