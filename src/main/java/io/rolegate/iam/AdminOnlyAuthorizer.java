package io.rolegate.iam;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;

/** Until the policy engine is wired in: the account's admin may do everything in its account, nobody else anything. */
@ApplicationScoped
public class AdminOnlyAuthorizer implements Authorizer {
    @Override
    public void authorize(Caller caller, String action, String resourceArn, RequestFacts facts) {
        if (caller.admin() && caller.accountId().equals(Arns.accountOf(resourceArn))) {
            return;
        }
        throw new AwsException(ErrorCode.AccessDenied, "User: " + caller.arn() + " is not authorized to perform: "
                + action + " on resource: " + resourceArn + " because no identity-based policy allows the " + action
                + " action");
    }
}
