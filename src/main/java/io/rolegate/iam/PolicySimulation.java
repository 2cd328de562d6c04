package io.rolegate.iam;

import io.rolegate.policy.StatementPosition;

import java.util.List;
import java.util.Map;

/** The data of an IAM policy simulation (SimulatePrincipalPolicy, SimulateCustomPolicy): what is asked, what is found. */
public final class PolicySimulation {
    private PolicySimulation() {
    }

    /**
     * What the caller asks, shape-checked by the edge.
     *
     * @param policyInputs   PolicyInputList: extra identity policies (SimulateCustomPolicy: the only ones)
     * @param boundaryInputs PermissionsBoundaryPolicyInputList: replaces the principal's boundary (at most one)
     * @param resourceArns   empty means "*"
     * @param resourcePolicy a resource-based policy every simulated resource is treated as having, or null
     * @param resourceOwner  {@code arn:aws:iam::ACCOUNT:root}: the owner of resources whose ARN names none, or null
     * @param callerArn      the IAM user simulated as the caller, or null
     */
    public record Request(List<String> policyInputs, List<String> boundaryInputs, List<String> actions,
                          List<String> resourceArns, String resourcePolicy, String resourceOwner, String callerArn,
                          List<ContextEntry> contextEntries) {
        public Request {
            policyInputs = List.copyOf(policyInputs);
            boundaryInputs = List.copyOf(boundaryInputs);
            actions = List.copyOf(actions);
            resourceArns = List.copyOf(resourceArns);
            contextEntries = List.copyOf(contextEntries);
        }

        /** The resources simulated: the ResourceArns, or "*". */
        public List<String> resources() {
            return resourceArns.isEmpty() ? List.of("*") : resourceArns;
        }

        /** How many results the simulation has: one per action and resource. */
        public int resultCount() {
            return actions.size() * resources().size();
        }
    }

    /** A ContextEntries member; {@code type} is the wire name ({@code stringList}) or null. */
    public record ContextEntry(String name, List<String> values, String type) {
        public ContextEntry {
            values = values == null ? List.of() : List.copyOf(values);
        }
    }

    /** A statement that decided: its policy as AWS names it (PolicyInputList.1, a policy name...) and its position. */
    public record MatchedStatement(String sourcePolicyId, String sourcePolicyType, StatementPosition position) {
    }

    /**
     * The simulation of one action on one resource.
     *
     * @param decision          allowed, explicitDeny or implicitDeny
     * @param allowedByBoundary whether a permissions boundary allows the action; null when there is no boundary
     * @param decisionDetails   per policy type across accounts ({@code IAM Policy}, {@code Resource Policy}); empty
     *                          within an account; null for the resource "*"
     */
    public record Result(String action, String resource, String decision, List<MatchedStatement> matchedStatements,
                         List<String> missingContextValues, Boolean allowedByBoundary,
                         Map<String, String> decisionDetails) {
        /** With ResourceArns the per-resource members go into ResourceSpecificResults. */
        public boolean resourceSpecific() {
            return !resource.equals("*");
        }
    }
}
