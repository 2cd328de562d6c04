package io.rolegate.iam;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rolegate.policy.AccessDeniedMessage;
import io.rolegate.policy.AuthorizationRequest;
import io.rolegate.policy.Decision;
import io.rolegate.policy.Policy;
import io.rolegate.policy.PolicyEngine;
import io.rolegate.policy.PolicyKind;
import io.rolegate.policy.RequestContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The one evaluation path for "may this caller perform this action on this resource": the gateway's own IAM actions,
 * downstream services (/v1/authorize) and the IAM policy simulator decide here. The caller side (identity policies,
 * boundary, session policies) comes from memory ({@link CallerPolicies}); the resource's own policy and account come
 * from the asker; {@link PolicyEngine} applies AWS's same-account rule (an identity or a resource policy may allow)
 * and cross-account rule (both must).
 */
@ApplicationScoped
public class AccessEvaluator {

    /** A decision with the context it was made in. */
    public record Evaluation(Decision decision, RequestContext context) {
        public boolean allowed() {
            return decision.isAllowed();
        }

        /**
         * AWS's AccessDenied text (docs/aws-behaviour.md §5.6): the enhanced form naming the deciding policy type within
         * an account, the legacy form across accounts.
         *
         * @param principalArn  the caller as AWS prints it (user ARN, assumed-role session ARN...)
         * @param resourceShown the resource as the message names it (its ARN, or a display name), or null
         */
        public String message(String principalArn, String action, String resourceShown) {
            return decision.crossAccount()
                    ? AccessDeniedMessage.legacy(principalArn, action, resourceShown)
                    : AccessDeniedMessage.format(principalArn, action, resourceShown, decision);
        }
    }

    /** The label of a resource policy given as text; its statements are reported under this name. */
    public static final String RESOURCE_POLICY_NAME = "resource policy";

    /**
     * Resource policies a downstream service sends with every request: compiled once per distinct text. Weighed by
     * length (a document may be 128 KiB), so the cache holds at most about 16 MiB of documents.
     */
    private final Cache<String, Policy> resourcePolicies = Caffeine.newBuilder()
            .maximumWeight(16L * 1024 * 1024).weigher((String text, Policy p) -> text.length()).build();

    @Inject
    CallerPolicies callerPolicies;

    /**
     * A resource policy given as text (a downstream service's, the IAM simulator's), validated and compiled as a
     * RESOURCE policy: MalformedPolicyDocument or ValidationError (400) when it is not one.
     *
     * @param fieldName the request field named in ValidationError messages
     */
    public Policy resourcePolicy(String document, String fieldName) {
        Policy cached = resourcePolicies.getIfPresent(document);
        if (cached != null) {
            return cached;
        }
        // compiled outside the cache's lock: a bad document throws and is not cached
        Policy p = Policy.compile(PolicyKind.RESOURCE, RESOURCE_POLICY_NAME, document, fieldName);
        resourcePolicies.put(document, p);
        return p;
    }

    /**
     * @param resourcePolicy  the resource's own (RESOURCE) policy, or null
     * @param resourceAccount the account owning the resource; null or empty means the caller's own account
     * @param context         the request's condition keys (see {@link RequestContexts})
     */
    public Evaluation evaluate(Caller caller, String action, String resource, Policy resourcePolicy,
                               String resourceAccount, RequestContext context) {
        return evaluate(callerPolicies.of(caller), action, resource, resourcePolicy, resourceAccount, context);
    }

    /**
     * The same decision for an explicit caller side (the IAM policy simulator's principal and input policies).
     *
     * @param resourceAccount the account owning the resource; null or empty means the principal's account
     */
    public Evaluation evaluate(CallerPolicies.CallerSide side, String action, String resource, Policy resourcePolicy,
                               String resourceAccount, RequestContext context) {
        String owner = resourceAccount == null || resourceAccount.isEmpty() ? side.principal().account() : resourceAccount;
        AuthorizationRequest request = side.request(action, resource)
                .context(context)
                .resourcePolicy(resourcePolicy, owner)
                .build();
        return new Evaluation(PolicyEngine.evaluate(request), context);
    }
}
