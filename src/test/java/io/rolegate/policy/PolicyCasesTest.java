package io.rolegate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rolegate.error.AwsException;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Table-driven evaluation cases: src/test/resources/policy/evaluation/*.yaml. Each file has optional
 * {@code defaults} (merged into every case) and {@code cases}. See README.md in that folder for the format.
 */
class PolicyCasesTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> evaluationCases() throws IOException, URISyntaxException {
        return load("/policy/evaluation");
    }

    static Stream<Arguments> load(String folder) throws IOException, URISyntaxException {
        Path dir = Path.of(PolicyCasesTest.class.getResource(folder).toURI());
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                JsonNode root;
                try (var in = Files.newBufferedReader(f)) { // SnakeYAML resolves &anchors and *aliases; Jackson's tree does not
                    root = JSON.valueToTree(new org.yaml.snakeyaml.Yaml().load(in));
                }
                JsonNode defaults = root.path("defaults");
                for (JsonNode c : root.get("cases")) {
                    ObjectNode merged = defaults.isObject() ? ((ObjectNode) defaults).deepCopy() : JSON.createObjectNode();
                    merged.setAll((ObjectNode) c);
                    String name = f.getFileName().toString().replace(".yaml", "") + ": " + c.get("name").asText();
                    out.add(Arguments.of(Named.of(name, merged)));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evaluationCases")
    void decides(JsonNode c) throws IOException {
        AuthorizationRequest request = request(c);
        if (c.has("error")) { // a policy of the case must fail to compile
            assertEquals(c.get("error").asText(), compileError(c));
            return;
        }
        Decision d = PolicyEngine.evaluate(request);
        String expect = c.get("expect").asText();
        assertEquals(expect, d.outcome().name(), () -> c.get("name") + ": decision " + d);
        if (c.has("deniedBy")) {
            assertEquals(c.get("deniedBy").asText(), String.valueOf(d.deniedBy()), () -> c.get("name") + ": decision " + d);
        }
        if (c.has("principalMatch")) {
            assertEquals(c.get("principalMatch").asText(), d.resourcePrincipalMatch().name(), () -> c.get("name") + ": decision " + d);
        }
        if (c.has("crossAccount")) {
            assertEquals(c.get("crossAccount").asBoolean(), d.crossAccount());
        }
        if (c.has("statements")) {
            List<String> expected = new ArrayList<>();
            c.get("statements").forEach(n -> expected.add(n.asText()));
            List<String> actual = d.statements().stream()
                    .map(m -> m.policyName() + "/" + (m.sid() != null ? m.sid() : "#" + m.index())).toList();
            assertEquals(expected, actual);
        }
        if (c.has("message")) {
            assertEquals(c.get("message").asText(), AccessDeniedMessage.format(request, d));
        }
    }

    private String compileError(JsonNode c) {
        try {
            request(c);
        } catch (AwsException e) {
            return e.code() + ": " + e.getMessage();
        } catch (IOException e) {
            fail(e);
        }
        return "no error";
    }

    static AuthorizationRequest request(JsonNode c) throws IOException {
        PrincipalIdentity principal = principal(c.path("principal"));
        AuthorizationRequest.Builder b = AuthorizationRequest.builder(principal, c.path("action").asText("s3:GetObject"),
                c.has("resource") ? (c.get("resource").isNull() ? null : c.get("resource").asText()) : "arn:aws:s3:::bucket/key");
        b.context(context(c.path("context")));
        List<Policy> identity = new ArrayList<>();
        if (c.has("statement") || c.has("condition")) {
            identity.add(Policy.compile(PolicyKind.INLINE_IDENTITY, "inline", shorthand(c)));
        }
        int i = 0;
        for (JsonNode doc : c.path("identity")) {
            identity.add(policy(PolicyKind.INLINE_IDENTITY, "identity" + i++, doc));
        }
        b.identityPolicies(identity);
        if (c.has("boundary")) {
            b.permissionsBoundary(policy(PolicyKind.MANAGED, "boundary", c.get("boundary")));
        }
        List<Policy> session = new ArrayList<>();
        i = 0;
        for (JsonNode doc : c.path("session")) {
            session.add(policy(PolicyKind.SESSION, "session" + i++, doc));
        }
        b.sessionPolicies(session);
        if (c.has("trust")) {
            b.resourcePolicy(policy(PolicyKind.TRUST, "trust", c.get("trust")), c.path("resourceAccount").textValue());
        } else if (c.has("resourcePolicy")) {
            b.resourcePolicy(policy(PolicyKind.RESOURCE, "resource", c.get("resourcePolicy")),
                    c.path("resourceAccount").textValue());
        } else if (c.has("resourceAccount")) {
            b.resourcePolicy(null, c.get("resourceAccount").textValue());
        }
        return b.build();
    }

    /** {@code statement} merged into an Allow * on *; or {@code condition} on such a statement. */
    private static String shorthand(JsonNode c) throws IOException {
        ObjectNode st = JSON.createObjectNode().put("Effect", "Allow").put("Action", "*").put("Resource", "*");
        if (c.has("statement")) {
            JsonNode s = c.get("statement");
            if (s.has("NotAction")) {
                st.remove("Action");
            }
            if (s.has("NotResource")) {
                st.remove("Resource");
            }
            st.setAll((ObjectNode) s);
        }
        if (c.has("condition")) {
            st.set("Condition", c.get("condition"));
        }
        ObjectNode doc = JSON.createObjectNode();
        String version = c.path("version").asText("2012-10-17");
        if (!version.equals("none")) {
            doc.put("Version", version);
        }
        doc.set("Statement", st);
        return JSON.writeValueAsString(doc);
    }

    static Policy policy(PolicyKind kind, String name, JsonNode doc) throws IOException {
        if (doc.isObject() && doc.has("document")) { // {name, document}
            return Policy.compile(kind, doc.path("name").asText(name), text(doc.get("document")));
        }
        return Policy.compile(kind, name, text(doc));
    }

    static String text(JsonNode doc) throws IOException {
        return doc.isTextual() ? doc.textValue() : JSON.writeValueAsString(doc);
    }

    static PrincipalIdentity principal(JsonNode p) {
        if (p.isMissingNode()) {
            return PrincipalIdentity.user("111122223333", "arn:aws:iam::111122223333:user/alice");
        }
        return new PrincipalIdentity(PrincipalIdentity.Type.valueOf(p.get("type").asText()),
                p.path("account").textValue(), p.path("arn").textValue(), p.path("issuerArn").textValue(),
                p.path("service").textValue());
    }

    static RequestContext context(JsonNode ctx) {
        RequestContext.Builder b = RequestContext.builder();
        for (Iterator<Map.Entry<String, JsonNode>> it = ctx.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isArray()) {
                List<String> values = new ArrayList<>();
                e.getValue().forEach(v -> values.add(v.asText()));
                b.putMulti(e.getKey(), values);
            } else {
                b.put(e.getKey(), e.getValue().asText());
            }
        }
        return b.build();
    }

    // ---- malformed documents table ----

    static Stream<Arguments> validationCases() throws IOException, URISyntaxException {
        return load("/policy/validation");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validationCases")
    void validates(JsonNode c) throws IOException {
        PolicyKind kind = PolicyKind.valueOf(c.get("kind").asText());
        String document = text(c.get("document"));
        if (c.path("code").isNull() || !c.has("code")) {
            Policy p = Policy.compile(kind, "doc", document);
            assertEquals(document, p.document()); // accepted and kept byte-for-byte
            return;
        }
        AwsException e = assertThrows(AwsException.class, () -> Policy.compile(kind, "doc", document));
        assertEquals(c.get("code").asText(), e.code().name());
        assertEquals(c.get("message").asText(), e.getMessage());
    }
}
