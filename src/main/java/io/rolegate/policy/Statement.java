package io.rolegate.policy;

/** One compiled statement. Immutable. */
final class Statement {
    final int index;
    final String sid; // null when absent
    final boolean allow;
    final PrincipalSpec principal; // null when the statement has no Principal/NotPrincipal
    final boolean notPrincipal;
    final ActionSpec actions;
    final boolean notAction;
    final ResourceSpec resources; // null: no Resource element (trust policies) = any resource
    final boolean notResource;
    final Condition[] conditions;
    final StatementPosition position; // where the statement is in the document (the simulator's MatchedStatements)

    Statement(int index, String sid, boolean allow, PrincipalSpec principal, boolean notPrincipal, ActionSpec actions,
              boolean notAction, ResourceSpec resources, boolean notResource, Condition[] conditions,
              StatementPosition position) {
        this.index = index;
        this.sid = sid;
        this.allow = allow;
        this.principal = principal;
        this.notPrincipal = notPrincipal;
        this.actions = actions;
        this.notAction = notAction;
        this.resources = resources;
        this.notResource = notResource;
        this.conditions = conditions;
        this.position = position;
    }

    boolean matchesAction(String lowerAction) {
        return actions.matches(lowerAction) != notAction;
    }

    boolean matchesResource(String resource, int[] colons, RequestContext ctx) {
        return resources == null || resources.matches(resource, colons, ctx) != notResource;
    }

    /** How the caller is named, for resource and trust policies. */
    PrincipalMatch matchPrincipal(PrincipalIdentity caller) {
        if (principal == null) {
            return PrincipalMatch.NONE;
        }
        PrincipalMatch m = principal.match(caller);
        if (notPrincipal) {
            return m == PrincipalMatch.NONE ? PrincipalMatch.WILDCARD : PrincipalMatch.NONE;
        }
        return m;
    }

    boolean conditionsHold(RequestContext ctx) {
        for (Condition c : conditions) {
            if (!c.evaluate(ctx)) {
                return false;
            }
        }
        return true;
    }
}
