package io.rolegate.sts;

import io.rolegate.iam.CallerPolicies;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.iam.Caller;
import io.rolegate.iam.RequestContexts;
import io.rolegate.iam.RequestFacts;
import io.rolegate.policy.AccessDeniedMessage;
import io.rolegate.policy.Decision;
import io.rolegate.policy.PolicyEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Identity-side authorization of the STS actions that need a permission but have no resource policy
 * (GetAccessKeyInfo, DecodeAuthorizationMessage, GetFederationToken, GetSessionToken): identity policies, boundary and
 * session policies of the caller, with the role's policies for role sessions, so aws:TokenIssueTime deny rules
 * (revocation) apply here as well.
 */
@ApplicationScoped
public class StsAuthorization {
    @Inject
    CallerPolicies callerPolicies;

    public Decision decide(Caller caller, String action, String resource, RequestFacts facts) {
        return PolicyEngine.evaluate(callerPolicies.of(caller).request(action, resource)
                .context(RequestContexts.of(caller, facts)).build());
    }

    public void require(Caller caller, String action, String resource, RequestFacts facts) {
        Decision d = decide(caller, action, resource, facts);
        if (!d.isAllowed()) {
            throw new AwsException(ErrorCode.AccessDenied, AccessDeniedMessage.format(caller.arn(), action, resource, d));
        }
    }
}
