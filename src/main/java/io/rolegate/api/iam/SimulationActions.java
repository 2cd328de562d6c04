package io.rolegate.api.iam;

import io.rolegate.api.ActionFamily;
import io.rolegate.api.ActionTable;
import io.rolegate.api.ApiRequest;
import io.rolegate.api.MemberShapes;
import io.rolegate.api.Params;
import io.rolegate.api.Result;
import io.rolegate.api.Validation;
import io.rolegate.iam.Page;
import io.rolegate.iam.PolicySimulation;
import io.rolegate.iam.PolicySimulator;
import io.rolegate.policy.ContextKeyType;
import io.rolegate.policy.StatementPosition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The IAM policy simulator: SimulatePrincipalPolicy (authorized on the PolicySourceArn) and SimulateCustomPolicy
 * (on "*"), with the members, limits and response shape of botocore's IAM model (SimulatePrincipalPolicyRequest,
 * SimulateCustomPolicyRequest, SimulatePolicyResponse).
 */
@ApplicationScoped
public class SimulationActions implements ActionFamily {
    private static final String CONTEXT_KEY_TYPES = Arrays.stream(ContextKeyType.values()).map(t -> t.wireName)
            .toList().toString();

    @Inject
    PolicySimulator simulator;

    @Override
    public void register(ActionTable t) {
        t.iam("SimulatePrincipalPolicy", r -> r.param("PolicySourceArn"), this::principal);
        t.iam("SimulateCustomPolicy", r -> "*", this::custom);
    }

    private Result principal(ApiRequest r) {
        Validation v = new Validation();
        String source = r.param("PolicySourceArn");
        v.string(source, "policySourceArn", true, 20, 2048, null);
        if (source != null) {
            v.then(() -> PolicySimulator.checkSource(r.accountId(), source));
        }
        Input in = input(r, v, false);
        r.validated(v);
        return render(simulator.simulatePrincipal(source, in.request(), in.from(), in.maxItems()));
    }

    private Result custom(ApiRequest r) {
        Validation v = new Validation();
        Input in = input(r, v, true);
        r.validated(v);
        return render(simulator.simulateCustom(r.accountId(), in.request(), in.from(), in.maxItems()));
    }

    private record Input(PolicySimulation.Request request, String marker, int maxItems) {
        int from() {
            return Page.position(marker);
        }
    }

    /** The members both actions share, shape-checked; their formats are checked (still before authorization) after. */
    private static Input input(ApiRequest r, Validation v, boolean policiesRequired) {
        Params p = r.params();
        List<String> policies = documents(p, "PolicyInputList", "policyInputList", policiesRequired, v);
        List<String> boundaries = documents(p, "PermissionsBoundaryPolicyInputList",
                "permissionsBoundaryPolicyInputList", false, v);
        List<String> actions = p.list("ActionNames");
        if (actions.isEmpty()) {
            v.fail(null, "actionNames", "Member must not be null");
        }
        actions.forEach(a -> v.string(a, "actionNames", true, 3, 128, null));
        List<String> resources = p.list("ResourceArns");
        resources.forEach(a -> v.string(a, "resourceArns", true, 1, 2048, null));
        String resourcePolicy = p.get("ResourcePolicy");
        v.string(resourcePolicy, "resourcePolicy", false, 1, PolicyShapes.MAX_DOCUMENT, MemberShapes.POLICY_DOCUMENT);
        v.string(p.get("ResourceOwner"), "resourceOwner", false, 1, 2048, null);
        v.string(p.get("CallerArn"), "callerArn", false, 1, 2048, null);
        v.string(p.get("ResourceHandlingOption"), "resourceHandlingOption", false, 1, 64, null);
        List<PolicySimulation.ContextEntry> context = contextEntries(p, v);
        MemberShapes.Paging paging = MemberShapes.paging(p, v);
        PolicySimulation.Request request = new PolicySimulation.Request(policies, boundaries, actions, resources,
                resourcePolicy, p.get("ResourceOwner"), p.get("CallerArn"), context);
        v.then(() -> {
            PolicySimulator.checkInputs(request);
            Page.position(paging.marker()); // a marker that is not one is InvalidInput before authorization
        });
        return new Input(request, paging.marker(), paging.maxItems());
    }

    private static List<String> documents(Params p, String name, String member, boolean required, Validation v) {
        List<String> docs = p.list(name);
        if (required && docs.isEmpty()) {
            v.fail(null, member, "Member must not be null");
        }
        docs.forEach(d -> v.string(d, member, true, 1, PolicyShapes.MAX_DOCUMENT, MemberShapes.POLICY_DOCUMENT));
        return docs;
    }

    private static List<PolicySimulation.ContextEntry> contextEntries(Params p, Validation v) {
        List<PolicySimulation.ContextEntry> out = new ArrayList<>();
        List<Map<String, String>> raw = p.structs("ContextEntries", "ContextKeyName", "ContextKeyType");
        int n = raw.size();
        while (!p.list("ContextEntries.member." + (n + 1) + ".ContextKeyValues").isEmpty()) {
            n++; // an entry with values only still counts
        }
        for (int i = 1; i <= n; i++) {
            Map<String, String> e = i <= raw.size() ? raw.get(i - 1) : Map.of();
            String prefix = "contextEntries." + i + ".member.";
            v.string(e.get("ContextKeyName"), prefix + "contextKeyName", false, 5, 256, null);
            String type = e.get("ContextKeyType");
            if (type != null && ContextKeyType.byWireName(type) == null) {
                v.fail(type, prefix + "contextKeyType", "Member must satisfy enum value set: " + CONTEXT_KEY_TYPES);
            }
            out.add(new PolicySimulation.ContextEntry(e.get("ContextKeyName"),
                    p.list("ContextEntries.member." + i + ".ContextKeyValues"), type));
        }
        return out;
    }

    private static Result render(PolicySimulator.Outcome o) {
        List<Result> results = o.results().stream().map(SimulationActions::result).toList();
        Result out = Result.of().list("EvaluationResults", results).put("IsTruncated", o.next() != null);
        return out.put("Marker", o.next() == null ? null : Page.marker(o.next()));
    }

    private static Result result(PolicySimulation.Result s) {
        List<Result> matched = s.matchedStatements().stream().map(SimulationActions::statement).toList();
        Result r = Result.of().put("EvalActionName", s.action()).put("EvalResourceName", s.resource())
                .put("EvalDecision", s.decision()).list("MatchedStatements", matched)
                .list("MissingContextValues", s.resourceSpecific() ? List.of() : s.missingContextValues())
                .put("PermissionsBoundaryDecisionDetail", boundary(s)).put("EvalDecisionDetails", s.decisionDetails());
        if (s.resourceSpecific()) {
            r.list("ResourceSpecificResults", List.of(Result.of().put("EvalResourceName", s.resource())
                    .put("EvalResourceDecision", s.decision()).list("MatchedStatements", matched)
                    .list("MissingContextValues", s.missingContextValues())
                    .put("EvalDecisionDetails", s.decisionDetails().isEmpty() ? null : s.decisionDetails())
                    .put("PermissionsBoundaryDecisionDetail", boundary(s))));
        }
        return r;
    }

    private static Result boundary(PolicySimulation.Result s) {
        return s.allowedByBoundary() == null ? null
                : Result.of().put("AllowedByPermissionsBoundary", s.allowedByBoundary());
    }

    private static Result statement(PolicySimulation.MatchedStatement m) {
        StatementPosition p = m.position();
        return Result.of().put("SourcePolicyId", m.sourcePolicyId()).put("SourcePolicyType", m.sourcePolicyType())
                .put("StartPosition", Result.of().put("Line", p.startLine()).put("Column", p.startColumn()))
                .put("EndPosition", Result.of().put("Line", p.endLine()).put("Column", p.endColumn()));
    }
}
