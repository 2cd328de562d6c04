package io.rolegate.policy;

import java.util.List;

/**
 * The result of {@link PolicyEngine#evaluate}: the outcome, the policy type that decided a denial (the one named
 * in AWS's message), the statements that decided it, how the resource/trust policy named the caller, and whether
 * the request crossed accounts (AWS then answers with the legacy message without a reason).
 *
 * @param outcome                ALLOW, EXPLICIT_DENY or IMPLICIT_DENY
 * @param deniedBy               the policy type named in the message; null when allowed
 * @param statements             for ALLOW the Allow statements that applied; for EXPLICIT_DENY the Deny statements
 *                               of {@code deniedBy}; empty for IMPLICIT_DENY
 * @param resourcePrincipalMatch how the resource or trust policy's best applicable Allow named the caller
 * @param crossAccount           principal account differs from the resource account
 */
public record Decision(Outcome outcome, PolicyType deniedBy, List<Match> statements,
                       PrincipalMatch resourcePrincipalMatch, boolean crossAccount) {

    public enum Outcome { ALLOW, EXPLICIT_DENY, IMPLICIT_DENY }

    public enum PolicyType { IDENTITY, RESOURCE, TRUST, PERMISSIONS_BOUNDARY, SESSION }

    /** One statement: which policy (its name as given to {@link Policy#compile}), its Sid (or null), its index. */
    public record Match(PolicyType type, String policyName, String sid, int index) {
    }

    public Decision {
        statements = List.copyOf(statements);
    }

    public boolean isAllowed() {
        return outcome == Outcome.ALLOW;
    }
}
