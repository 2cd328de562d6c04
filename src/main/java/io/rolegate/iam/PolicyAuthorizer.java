package io.rolegate.iam;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.model.Arn;
import io.rolegate.model.ManagedPolicy;
import io.rolegate.policy.AccessDeniedMessage;
import io.rolegate.policy.Decision;
import io.rolegate.policy.RequestContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * Authorizes IAM (and STS) calls with the policy engine: the account's admin may do everything in its own account;
 * every other principal needs an Allow from its identity policies, within its permissions boundary and session
 * policies, and no explicit Deny anywhere. What each kind of temporary credentials may call at all
 * (docs/aws-behaviour.md §2.2) is
 * checked before, by sts.SessionRestrictions. IAM has no resource policies, so nothing is allowed across accounts.
 */
@ApplicationScoped
public class PolicyAuthorizer implements Authorizer {
    /**
     * The context keys an encoded authorization message shows (docs/aws-behaviour.md §2.2 DecodedMessage "conditions").
     */
    private static final List<String> SHOWN_KEYS = List.of("aws:PrincipalArn", "aws:PrincipalAccount",
            "aws:PrincipalType", "aws:userid", "aws:username", "aws:SourceIp", "aws:CurrentTime",
            "aws:SecureTransport", "aws:TokenIssueTime", "aws:MultiFactorAuthPresent", "aws:SourceIdentity");

    /** AWS managed policies are AWS's resources that every account may read (and attach: that names the principal). */
    private static final java.util.Set<String> READS_OF_AWS_POLICIES = java.util.Set.of("iam:GetPolicy",
            "iam:GetPolicyVersion", "iam:ListPolicyVersions", "iam:ListEntitiesForPolicy", "iam:ListPolicyTags");

    @Inject
    AccessEvaluator evaluator;
    @Inject
    AuthorizationMessages messages;

    @Override
    public void authorize(Caller caller, String action, String resourceArn, RequestFacts facts) {
        String resourceAccount = Arn.parse(resourceArn).map(Arn::account).orElse(null);
        boolean sameAccount = resourceAccount == null || resourceAccount.isEmpty() || caller.accountId().equals(resourceAccount)
                || (ManagedPolicy.AWS_ACCOUNT.equals(resourceAccount) && READS_OF_AWS_POLICIES.contains(action));
        if (caller.admin() && sameAccount) {
            return;
        }
        RequestContext context = RequestContexts.of(caller, facts);
        AccessEvaluator.Evaluation evaluation = evaluator.evaluate(caller, action, resourceArn, null, resourceAccount,
                context);
        Decision decision = evaluation.decision();
        if (decision.isAllowed() && sameAccount) {
            return;
        }
        // IAM has no resource policies: across accounts nothing is allowed, and the legacy form does not leak the
        // other account's configuration (docs/aws-behaviour.md §5.6).
        String message = sameAccount
                ? evaluation.message(caller.arn(), action, resourceArn)
                : AccessDeniedMessage.legacy(caller.arn(), action, resourceArn);
        throw new AwsException(ErrorCode.AccessDenied, message).withEncodedAuthorizationMessage(
                messages.encode(caller, action, resourceArn, decision, context, SHOWN_KEYS));
    }
}
