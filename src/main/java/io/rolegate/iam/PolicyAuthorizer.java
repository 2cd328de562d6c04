package io.rolegate.iam;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.policy.AccessDeniedMessage;
import io.rolegate.policy.AuthorizationRequest;
import io.rolegate.policy.Decision;
import io.rolegate.policy.PolicyEngine;
import io.rolegate.policy.PrincipalIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Authorizes IAM (and STS) calls with the policy engine: the account's admin may do everything in its own account;
 * every other principal needs an Allow from its identity policies, within its permissions boundary and session
 * policies, and no explicit Deny anywhere. IAM has no resource policies, so nothing is allowed across accounts.
 */
@ApplicationScoped
public class PolicyAuthorizer implements Authorizer {
    @Inject
    PrincipalPolicies policies;

    @Override
    public void authorize(Caller caller, String action, String resourceArn, RequestFacts facts) {
        String resourceAccount = Arns.accountOf(resourceArn);
        boolean sameAccount = resourceAccount == null || resourceAccount.isEmpty() || caller.accountId().equals(resourceAccount);
        if (caller.admin() && sameAccount) {
            return;
        }
        checkSessionKindRestrictions(caller, action);
        PrincipalPolicies.Set set = policySet(caller);
        AuthorizationRequest request = AuthorizationRequest.builder(identity(caller), action, resourceArn)
                .context(RequestContexts.of(caller, facts))
                .identityPolicies(set.identity())
                .permissionsBoundary(set.boundary())
                .sessionPolicies(caller.session() == null ? java.util.List.of() : policies.sessionPolicies(caller.session()))
                .resourcePolicy(null, sameAccount ? caller.accountId() : resourceAccount)
                .build();
        Decision decision = PolicyEngine.evaluate(request);
        if (decision.isAllowed() && sameAccount) {
            return;
        }
        // Cross-account denials use the legacy form, so the other account's configuration does not leak (spec 5.6).
        String message = sameAccount
                ? AccessDeniedMessage.format(caller.arn(), action, resourceArn, decision)
                : AccessDeniedMessage.legacy(caller.arn(), action, resourceArn);
        throw new AwsException(ErrorCode.AccessDenied, message);
    }

    /** Spec 2.2: what GetSessionToken and GetFederationToken credentials may call at all. */
    private static void checkSessionKindRestrictions(Caller caller, String action) {
        Caller.SessionInfo s = caller.session();
        if (s == null || !action.startsWith("iam:")) {
            return;
        }
        if (s.kind() == Caller.SessionKind.SESSION_TOKEN && !s.mfa()) {
            throw new AwsException(ErrorCode.InvalidClientTokenId, "The security token included in the request is invalid");
        }
        if (s.kind() == Caller.SessionKind.FEDERATED_USER) {
            throw new AwsException(ErrorCode.AccessDenied, AccessDeniedMessage.legacy(caller.arn(), action, "*"));
        }
    }

    private PrincipalPolicies.Set policySet(Caller caller) {
        return switch (caller.type()) {
            case User, FederatedUser -> caller.user() == null ? PrincipalPolicies.Set.EMPTY : policies.ofUser(caller.user().userId());
            case AssumedRole -> policies.ofRole(caller.session().roleId());
            case Account -> PrincipalPolicies.Set.EMPTY;
        };
    }

    static PrincipalIdentity identity(Caller caller) {
        return switch (caller.type()) {
            case User -> PrincipalIdentity.user(caller.accountId(), caller.arn());
            case AssumedRole -> PrincipalIdentity.roleSession(caller.accountId(), caller.principalArn(), caller.arn());
            case FederatedUser -> PrincipalIdentity.federatedUser(caller.accountId(),
                    caller.user() == null ? caller.principalArn() : caller.user().arn(), caller.arn());
            case Account -> PrincipalIdentity.root(caller.accountId());
        };
    }
}
