package io.rolegate.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed, validated and compiled policy document. Immutable and thread-safe: compile once, evaluate many times.
 * Holds the original text so IAM can return it byte-for-byte.
 *
 * <pre>{@code Policy p = Policy.compile(PolicyKind.MANAGED, "arn:aws:iam::111122223333:policy/Read", json);}</pre>
 */
public final class Policy {
    private final PolicyKind kind;
    private final String name;
    private final String document;
    private final String version; // "2012-10-17" or "2008-10-17" (also when Version is absent)
    private final String id;
    private final Statement[] statements;
    private final Map<String, Statement[]> byService; // lower-case vendor -> candidate statements in document order
    private final Statement[] anyService; // statements that may match any service (wildcard vendor, NotAction)

    Policy(PolicyKind kind, String name, String document, String version, String id, List<Statement> statements) {
        this.kind = kind;
        this.name = name;
        this.document = document;
        this.version = version;
        this.id = id;
        this.statements = statements.toArray(new Statement[0]);
        List<Statement> generic = new ArrayList<>();
        Map<String, List<Statement>> index = new HashMap<>();
        for (Statement s : this.statements) {
            if (s.notAction || s.actions.services == null) {
                generic.add(s);
            } else {
                for (String svc : s.actions.services) {
                    index.computeIfAbsent(svc, k -> new ArrayList<>());
                }
            }
        }
        for (Statement s : this.statements) { // second pass keeps document order inside every bucket
            for (Map.Entry<String, List<Statement>> e : index.entrySet()) {
                if (s.notAction || s.actions.services == null || s.actions.services.contains(e.getKey())) {
                    e.getValue().add(s);
                }
            }
        }
        Map<String, Statement[]> frozen = new HashMap<>();
        index.forEach((k, v) -> frozen.put(k, v.toArray(new Statement[0])));
        this.byService = Map.copyOf(frozen);
        this.anyService = generic.toArray(new Statement[0]);
    }

    private Policy(Policy compiled, String name) {
        this.kind = compiled.kind;
        this.name = name;
        this.document = compiled.document;
        this.version = compiled.version;
        this.id = compiled.id;
        this.statements = compiled.statements;
        this.byService = compiled.byService;
        this.anyService = compiled.anyService;
    }

    /**
     * The same compiled policy under another name (decisions name their statements' policies by it), without
     * compiling again: the simulator names each policy as its answer shows it.
     */
    public Policy named(String newName) {
        return new Policy(this, newName);
    }

    /** Where statement {@code index} (as in {@link Decision.Match#index()}) sits in {@link #document()}. */
    public StatementPosition statementPosition(int index) {
        return statements[index].position;
    }

    /**
     * Parses, validates (docs/aws-behaviour.md §4.5 limits, then 4.6 checks in AWS's order) and compiles a document.
     * The field name used in ValidationError messages defaults per kind ({@code policyDocument},
     * {@code assumeRolePolicyDocument}, {@code policy}).
     *
     * @param name a label for decisions and messages (policy ARN, inline policy name...); may be null
     * @throws io.rolegate.error.AwsException MalformedPolicyDocument, ValidationError or LimitExceeded
     */
    public static Policy compile(PolicyKind kind, String name, String document) {
        return compile(kind, name, document, PolicyLimits.defaultField(kind));
    }

    /** As {@link #compile(PolicyKind, String, String)}, naming the request field for ValidationError messages. */
    public static Policy compile(PolicyKind kind, String name, String document, String fieldName) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(document, "document");
        PolicyLimits.checkDocument(kind, document, fieldName);
        return PolicyParser.parse(kind, name, document);
    }

    public PolicyKind kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    /** The document exactly as given. */
    public String document() {
        return document;
    }

    /** The effective version: "2008-10-17" when the document has none. */
    public String version() {
        return version;
    }

    /** The Id element, or null. */
    public String id() {
        return id;
    }

    public int statementCount() {
        return statements.length;
    }

    /** The size AWS counts against quotas: characters other than whitespace. */
    public int size() {
        return PolicyLimits.size(document);
    }

    /** Statements that can match an action of this lower-case vendor prefix, in document order. */
    Statement[] candidates(String lowerVendor) {
        Statement[] s = byService.get(lowerVendor);
        return s != null ? s : anyService;
    }

    Statement[] statements() {
        return statements;
    }

    @Override
    public String toString() {
        return "Policy[" + kind + " " + name + ", " + statements.length + " statements]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Policy p && p.kind == kind && Objects.equals(p.name, name) && p.document.equals(document);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[] {kind, name, document});
    }
}
