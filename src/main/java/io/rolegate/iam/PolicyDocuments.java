package io.rolegate.iam;

import io.rolegate.policy.Policy;
import io.rolegate.policy.PolicyKind;
import io.rolegate.policy.PolicyLimits;

/**
 * The one place the IAM services validate and compile policy documents (through the policy package), so a change of
 * the policy API touches this class only.
 */
public final class PolicyDocuments {
    private PolicyDocuments() {
    }

    /** CreatePolicy / CreatePolicyVersion: Version 2012-10-17 required, 6144 non-whitespace chars. */
    public static Policy managed(String label, String document) {
        return Policy.compile(PolicyKind.MANAGED, label, document);
    }

    /** Put{User,Group,Role}Policy: identity-policy rules, no Principal. */
    public static Policy inline(String label, String document) {
        return Policy.compile(PolicyKind.INLINE_IDENTITY, label, document);
    }

    /** The size AWS counts against the inline aggregate quotas: characters other than whitespace. */
    public static int size(String document) {
        return PolicyLimits.size(document);
    }
}
