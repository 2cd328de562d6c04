package io.rolegate.iam;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.model.Arn;
import io.rolegate.model.Arns;
import io.rolegate.model.PolicyOwnerKind;
import io.rolegate.policy.ContextKeyType;
import io.rolegate.policy.ContextKeys;
import io.rolegate.policy.Decision;
import io.rolegate.policy.Policy;
import io.rolegate.policy.PolicyKind;
import io.rolegate.policy.PrincipalIdentity;
import io.rolegate.policy.RequestContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The IAM policy simulator (SimulatePrincipalPolicy, SimulateCustomPolicy): each action on each resource is decided
 * by {@link AccessEvaluator}, the one evaluation path, for an explicit caller side: the principal's policies (a user
 * with its groups', a group, a role) plus the input policies, the boundary, the resource policy and the context
 * entries; nothing else (no session policies, no keys the simulator invents). Results are computed for the page
 * asked only.
 */
@ApplicationScoped
public class PolicySimulator {
    static final String IDENTITY_TYPE = "IAM Policy";
    static final String RESOURCE_TYPE = "Resource Policy";
    static final String RESOURCE_POLICY_ID = "ResourcePolicy";
    private static final String CALLER_MUST_BE_USER = "Invalid caller - Caller must be an IAM user in this context.";

    @Inject
    AccessEvaluator evaluator;
    @Inject
    EffectivePolicies effective;
    @Inject
    PolicyOwners owners;

    /** A page of results and the position after it (null on the last page). */
    public record Outcome(List<PolicySimulation.Result> results, Integer next) {
    }

    // ---- format checks, made before authorization ----

    /** PolicySourceArn names a user, group or role of the caller's account (AWS's InvalidInput texts). */
    public static void checkSource(String callerAccount, String sourceArn) {
        Arn arn = sourceEntity(sourceArn);
        if (!arn.account().equals(callerAccount)) {
            throw new AwsException(ErrorCode.InvalidInput, "Invalid Policy Source Arn: caller's account "
                    + callerAccount + " does not have access to policies in account " + arn.account());
        }
    }

    private static Arn sourceEntity(String sourceArn) {
        return Arn.parse(sourceArn)
                .filter(a -> a.is("iam", "user") || a.is("iam", "group") || a.is("iam", "role"))
                .orElseThrow(() -> new AwsException(ErrorCode.InvalidInput, "Invalid Entity Arn: " + sourceArn
                        + " does not clearly define entity type and name."));
    }

    /** CallerArn, ResourceOwner, ResourceArns and the context entries' values. */
    public static void checkInputs(PolicySimulation.Request r) {
        if (r.callerArn() != null && Arn.parse(r.callerArn()).filter(a -> a.is("iam", "user")).isEmpty()) {
            throw new AwsException(ErrorCode.InvalidInput, CALLER_MUST_BE_USER);
        }
        if (r.resourceOwner() != null && ownerAccount(r.resourceOwner()) == null) {
            throw new AwsException(ErrorCode.InvalidInput, "'" + r.resourceOwner() + "' is not a valid as a Resource Owner.");
        }
        for (String resource : r.resourceArns()) {
            if (!resource.equals("*") && Arn.parse(resource).isEmpty()) {
                throw new AwsException(ErrorCode.InvalidInput, "ARN " + resource + " is not valid.");
            }
        }
        if (r.boundaryInputs().size() > 1) {
            throw new AwsException(ErrorCode.InvalidInput,
                    "Only one permissions boundary policy can be simulated."); // ours: AWS allows one, text unknown
        }
        context(r.contextEntries());
    }

    /** The context entries as condition keys; a value the key's type cannot read is InvalidInput (texts ours). */
    static RequestContext context(List<PolicySimulation.ContextEntry> entries) {
        RequestContext.Builder b = RequestContext.builder();
        for (PolicySimulation.ContextEntry e : entries) {
            if (e.name() == null) {
                throw new AwsException(ErrorCode.InvalidInput, "A context entry must have a ContextKeyName.");
            }
            ContextKeyType type = e.type() == null ? null : ContextKeyType.byWireName(e.type());
            for (String v : e.values()) {
                if (type != null && !type.accepts(v)) {
                    throw new AwsException(ErrorCode.InvalidInput, "Invalid value '" + v + "' for context key "
                            + e.name() + " of type " + type.wireName + ".");
                }
            }
            boolean multi = type == null ? e.values().size() != 1 : type.multiValued();
            if (multi) {
                b.putMulti(e.name(), e.values());
            } else if (e.values().size() != 1) {
                throw new AwsException(ErrorCode.InvalidInput, "Context key " + e.name() + " of type "
                        + type.wireName + " takes exactly one value.");
            } else {
                b.put(e.name(), e.values().get(0));
            }
        }
        return b.build();
    }

    private static String ownerAccount(String resourceOwner) {
        return Arn.parse(resourceOwner)
                .filter(a -> a.service().equals("iam") && a.region().isEmpty() && Arn.isAccountId(a.account())
                        && a.resource().equals("root"))
                .map(Arn::account).orElse(null);
    }

    // ---- the simulations ----

    /** SimulatePrincipalPolicy: the policies of the user (and its groups), group or role, plus the input policies. */
    public Outcome simulatePrincipal(String sourceArn, PolicySimulation.Request r, int from, int maxItems) {
        try {
            return principal(sourceArn, r, from, maxItems);
        } catch (IllegalStateException e) {
            throw evaluationFailure(e);
        }
    }

    /**
     * A stored policy the engine cannot use (a managed policy without its default version, a boundary that is gone:
     * a corrupt store) fails the simulation as AWS's PolicyEvaluation, never as a silently narrower answer.
     */
    private static AwsException evaluationFailure(IllegalStateException e) {
        return new AwsException(ErrorCode.PolicyEvaluation,
                "The policies of the simulation could not be evaluated.", e); // text ours: AWS's detail is unknown
    }

    private Outcome principal(String sourceArn, PolicySimulation.Request r, int from, int maxItems) {
        Arn arn = sourceEntity(sourceArn);
        PolicyOwnerKind kind = java.util.Arrays.stream(PolicyOwnerKind.values())
                .filter(k -> k.word.equals(arn.resourceType())).findFirst().orElseThrow();
        EffectivePolicies.NamedPolicies named = owners.lookup(arn.account(), kind, arn.name())
                .filter(o -> o.arn().equals(sourceArn)) // the path is part of the entity's ARN
                .flatMap(o -> switch (kind) {
                    case USER -> effective.forUser(o.id());
                    case GROUP -> effective.forGroup(o.id());
                    case ROLE -> effective.forRole(o.id());
                }).orElseThrow(() -> PolicyOwners.noSuch(kind, arn.name()));
        List<Policy> identity = new ArrayList<>();
        for (EffectivePolicies.NamedPolicy p : named.identity()) {
            identity.add(p.policy().named(sourcePolicyId(p)));
        }
        Policy boundary = named.boundary() == null ? null : named.boundary().policy().named(sourcePolicyId(named.boundary()));
        PrincipalIdentity principal;
        if (r.callerArn() != null) {
            principal = user(r.callerArn());
        } else if (arn.resourceType().equals("user")) {
            principal = PrincipalIdentity.user(arn.account(), sourceArn);
        } else if (r.resourcePolicy() != null) {
            throw new AwsException(ErrorCode.InvalidInput, CALLER_MUST_BE_USER);
        } else if (arn.resourceType().equals("role")) {
            principal = PrincipalIdentity.roleSession(arn.account(), sourceArn, sourceArn);
        } else {
            principal = PrincipalIdentity.user(arn.account(), sourceArn);
        }
        return simulate(principal, identity, boundary, r, from, maxItems);
    }

    /** SimulateCustomPolicy: the input policies only, for CallerArn or an unnamed user of the caller's account. */
    public Outcome simulateCustom(String callerAccount, PolicySimulation.Request r, int from, int maxItems) {
        if (r.callerArn() == null && r.resourcePolicy() != null) {
            throw new AwsException(ErrorCode.InvalidInput, CALLER_MUST_BE_USER);
        }
        PrincipalIdentity principal = r.callerArn() != null ? user(r.callerArn())
                : PrincipalIdentity.user(callerAccount, Arns.root(callerAccount));
        try {
            return simulate(principal, List.of(), null, r, from, maxItems);
        } catch (IllegalStateException e) {
            throw evaluationFailure(e);
        }
    }

    private static PrincipalIdentity user(String userArn) {
        return PrincipalIdentity.user(Arn.parse(userArn).orElseThrow().account(), userArn);
    }

    /** AWS's SourcePolicyId: a managed policy's name; {@code user_alice_Inline} for an inline policy. */
    private static String sourcePolicyId(EffectivePolicies.NamedPolicy p) {
        if (p.source() == EffectivePolicies.Source.MANAGED) {
            return p.name();
        }
        Arn owner = Arn.parse(p.ownerArn()).orElseThrow();
        return owner.resourceType() + "_" + owner.name() + "_" + p.name();
    }

    private Outcome simulate(PrincipalIdentity principal, List<Policy> principalPolicies, Policy principalBoundary,
                             PolicySimulation.Request r, int from, int maxItems) {
        List<Policy> identity = new ArrayList<>(principalPolicies);
        for (int i = 0; i < r.policyInputs().size(); i++) {
            identity.add(input(PolicyKind.INLINE_IDENTITY, "PolicyInputList." + (i + 1), r.policyInputs().get(i)));
        }
        Policy boundary = r.boundaryInputs().isEmpty() ? principalBoundary
                : input(PolicyKind.INLINE_IDENTITY, "PermissionsBoundaryPolicyInputList.1", r.boundaryInputs().get(0));
        Policy resourcePolicy = r.resourcePolicy() == null ? null
                : input(PolicyKind.RESOURCE, RESOURCE_POLICY_ID, r.resourcePolicy());
        RequestContext context = context(r.contextEntries());
        String owner = r.resourceOwner() == null ? principal.account() : ownerAccount(r.resourceOwner());

        Map<String, Policy> byName = new LinkedHashMap<>();
        identity.forEach(p -> byName.putIfAbsent(p.name(), p));
        if (boundary != null) {
            byName.putIfAbsent(boundary.name(), boundary);
        }
        List<Policy> all = new ArrayList<>(byName.values());
        if (resourcePolicy != null) {
            all.add(resourcePolicy);
        }
        List<String> missing = ContextKeys.missing(all, context);
        CallerPolicies.CallerSide side = new CallerPolicies.CallerSide(principal, identity, boundary, List.of());

        List<String> resources = r.resources();
        int end = Math.min(r.resultCount(), from + maxItems);
        List<PolicySimulation.Result> out = new ArrayList<>(Math.max(0, end - from));
        for (int i = from; i < end; i++) {
            String action = r.actions().get(i / resources.size());
            String resource = resources.get(i % resources.size());
            String resourceAccount = Arn.parse(resource).map(Arn::account).filter(Arn::isAccountId).orElse(owner);
            out.add(result(side, action, resource, resourcePolicy, resourceAccount, context, byName, missing));
        }
        return new Outcome(out, end < r.resultCount() ? end : null);
    }

    private PolicySimulation.Result result(CallerPolicies.CallerSide side, String action, String resource,
                                           Policy resourcePolicy, String resourceAccount, RequestContext context,
                                           Map<String, Policy> byName, List<String> missing) {
        Decision d = evaluator.evaluate(side, action, resource, resourcePolicy, resourceAccount, context).decision();
        Boolean boundaryAllows = side.boundary() == null ? null : decision(evaluator.evaluate(
                new CallerPolicies.CallerSide(side.principal(), List.of(side.boundary()), null, List.of()),
                action, resource, null, null, context).decision()).equals("allowed");
        Map<String, String> details = null;
        if (!resource.equals("*")) {
            details = new LinkedHashMap<>();
            if (d.crossAccount()) {
                details.put(IDENTITY_TYPE, decision(evaluator.evaluate(side, action, resource, null, null, context)
                        .decision()));
                details.put(RESOURCE_TYPE, resourcePolicy == null ? "implicitDeny" : decision(evaluator.evaluate(
                        new CallerPolicies.CallerSide(side.principal(), List.of(CallerPolicies.ADMIN), null, List.of()),
                        action, resource, resourcePolicy, resourceAccount, context).decision()));
            }
        }
        return new PolicySimulation.Result(action, resource, decision(d), matched(d, byName, resourcePolicy), missing,
                boundaryAllows, details);
    }

    private static List<PolicySimulation.MatchedStatement> matched(Decision d, Map<String, Policy> byName,
                                                                   Policy resourcePolicy) {
        Set<PolicySimulation.MatchedStatement> out = new LinkedHashSet<>();
        for (Decision.Match m : d.statements()) {
            boolean resource = m.type() == Decision.PolicyType.RESOURCE;
            Policy p = resource ? resourcePolicy : byName.get(m.policyName());
            out.add(new PolicySimulation.MatchedStatement(m.policyName(), resource ? RESOURCE_TYPE : IDENTITY_TYPE,
                    p.statementPosition(m.index())));
        }
        return List.copyOf(out);
    }

    private static String decision(Decision d) {
        return switch (d.outcome()) {
            case ALLOW -> "allowed";
            case EXPLICIT_DENY -> "explicitDeny";
            case IMPLICIT_DENY -> "implicitDeny";
        };
    }

    /** An input document; a document IAM would refuse is InvalidInput (the simulator's only caller-error code). */
    private static Policy input(PolicyKind kind, String name, String document) {
        try {
            return Policy.compile(kind, name, document);
        } catch (AwsException e) {
            throw new AwsException(ErrorCode.InvalidInput, e.getMessage());
        }
    }
}
