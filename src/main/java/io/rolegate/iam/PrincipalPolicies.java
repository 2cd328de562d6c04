package io.rolegate.iam;

import io.rolegate.policy.Policy;

import java.util.List;

/**
 * The compiled identity-side policies of a principal, served from memory: what authorization and AssumeRole read.
 * Implemented over the store with a cache (see EffectivePolicies).
 */
public interface PrincipalPolicies {

    /** Identity policies (inline, attached, and for users their groups') and the permissions boundary, or null. */
    record Set(List<Policy> identity, Policy boundary) {
        public static final Set EMPTY = new Set(List.of(), null);
    }

    Set ofUser(String userId);

    Set ofRole(String roleId);

    /** The session policies of a session caller: its inline policy and the default versions of its policy ARNs. */
    List<Policy> sessionPolicies(Caller.SessionInfo session);
}
