package io.rolegate.iam;

/**
 * Decides whether a caller may perform an IAM/STS action on a resource. Throws AccessDenied with AWS's message.
 * The account's admin may do everything in its own account; everybody else is judged by the policy engine.
 */
public interface Authorizer {
    void authorize(Caller caller, String action, String resourceArn, RequestFacts facts);
}
