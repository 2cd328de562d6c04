package io.rolegate.policy;

/**
 * What a policy document is attached as. The kind decides the validation rules (docs/aws-behaviour.md §4.5, 4.6) and
 * how the document takes part in a decision (docs/aws-behaviour.md §5.1-5.3).
 */
public enum PolicyKind {
    /** CreatePolicy / CreatePolicyVersion: Version 2012-10-17 required, 6144 non-whitespace chars. */
    MANAGED,
    /** Put{User,Group,Role}Policy and permissions boundaries given inline: no Principal, Resource required. */
    INLINE_IDENTITY,
    /** Role trust (AssumeRolePolicyDocument): Principal required, no Resource, only STS assume actions, 2048 chars. */
    TRUST,
    /** STS session policy (Policy parameter): identity rules, 2048 chars. */
    SESSION,
    /** Resource-based policy (bucket, key, project...): Principal and Resource required. */
    RESOURCE;

    boolean isIdentityLike() {
        return this == MANAGED || this == INLINE_IDENTITY || this == SESSION;
    }
}
