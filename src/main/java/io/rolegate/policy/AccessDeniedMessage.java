package io.rolegate.policy;

import io.rolegate.policy.Decision.Outcome;

/**
 * AWS's AccessDenied text for a denial (docs/aws-behaviour.md §5.6):
 * {@code User: <principal-arn> is not authorized to perform: <action> on resource: <resource> <reason>}.
 * Cross-account denials use the legacy form without a reason, so the trusting account's setup does not leak.
 */
public final class AccessDeniedMessage {
    private AccessDeniedMessage() {
    }

    /**
     * @param principalArn the caller as AWS prints it (user ARN, assumed-role session ARN...)
     * @param action       the action as requested (printed as given)
     * @param resource     the resource, or null to omit {@code on resource: ...}
     * @param decision     a denial
     */
    public static String format(String principalArn, String action, String resource, Decision decision) {
        if (decision.isAllowed()) {
            throw new IllegalArgumentException("not a denial");
        }
        String legacy = legacy(principalArn, action, resource);
        if (decision.crossAccount() || decision.deniedBy() == null) {
            return legacy;
        }
        return legacy + " " + reason(decision, action);
    }

    /** Shortcut for the decision of a request. */
    public static String format(AuthorizationRequest request, Decision decision) {
        return format(request.principal().arn(), request.action(), request.resource(), decision);
    }

    public static String legacy(String principalArn, String action, String resource) {
        return "User: " + principalArn + " is not authorized to perform: " + action
                + (resource == null ? "" : " on resource: " + resource);
    }

    static String reason(Decision d, String action) {
        boolean explicit = d.outcome() == Outcome.EXPLICIT_DENY;
        return switch (d.deniedBy()) {
            case IDENTITY -> explicit ? "with an explicit deny in an identity-based policy"
                    : "because no identity-based policy allows the " + action + " action";
            case RESOURCE -> explicit ? "with an explicit deny in a resource-based policy"
                    : "because no resource-based policy allows the " + action + " action";
            case PERMISSIONS_BOUNDARY -> explicit ? "with an explicit deny in a permissions boundary"
                    : "because no permissions boundary allows the " + action + " action";
            case SESSION -> explicit ? "with an explicit deny in a sessions policy"
                    : "because no session policy allows the " + action + " action";
            case TRUST -> explicit ? "with an explicit deny in the role trust policy"
                    : "because no role trust policy allows the " + action + " action";
        };
    }
}
