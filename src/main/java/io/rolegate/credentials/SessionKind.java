package io.rolegate.credentials;

/** Which STS call minted a session: they carry different call restrictions (docs/aws-behaviour.md §2.2, 5.5). */
public enum SessionKind {
    /** AssumeRole, AssumeRoleWithWebIdentity, AssumeRoleWithSAML. */
    ASSUMED_ROLE,
    /** GetFederationToken: a federated user acting with the parent IAM user's permissions. */
    FEDERATED_USER,
    /** GetSessionToken: the calling IAM user (or root) itself, typically with MFA. */
    SESSION_TOKEN
}
