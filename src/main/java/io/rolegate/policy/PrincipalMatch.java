package io.rolegate.policy;

/**
 * Which form of a Principal element matched the caller. The same-account table of docs/aws-behaviour.md §5.1 depends
 * on it: naming the user, session or federated-user ARN waives identity, boundary and session policies; naming the role
 * (for its
 * sessions) or the parent user (for its federated users) waives only identity policies; naming the account waives
 * nothing.
 */
public enum PrincipalMatch {
    NONE,
    /** {@code "*"} or {@code {"AWS":"*"}}, or an Allow with NotPrincipal not naming the caller. */
    WILDCARD,
    /** Account ID or {@code arn:aws:iam::ACCT:root}: any principal of that account. */
    ACCOUNT,
    USER_ARN,
    /** The caller is a session of the named role. */
    ROLE_ARN,
    SESSION_ARN,
    FEDERATED_USER_ARN,
    /** The caller is a federated user whose parent IAM user is named. */
    PARENT_USER_ARN,
    FEDERATED_PROVIDER,
    SERVICE;

    /**
     * 2 = identity, boundary and session policies waived; 1 = identity only; 0 = nothing (docs/aws-behaviour.md §5.1
     * table).
     */
    int waiver(PrincipalIdentity.Type caller) {
        return switch (this) {
            case USER_ARN, SESSION_ARN, FEDERATED_USER_ARN -> 2;
            case ROLE_ARN, PARENT_USER_ARN -> 1;
            // A wildcard counts as naming the caller's own principal: a user ARN for users, the role for sessions.
            case WILDCARD -> caller == PrincipalIdentity.Type.USER || caller == PrincipalIdentity.Type.ROOT ? 2 : 1;
            default -> 0;
        };
    }

    /** Preference when several forms match: the one that waives the most, then the most specific. */
    int rank(PrincipalIdentity.Type caller) {
        return waiver(caller) * 16 + ordinal();
    }
}
