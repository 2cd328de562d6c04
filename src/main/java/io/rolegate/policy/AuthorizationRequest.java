package io.rolegate.policy;

import java.util.List;
import java.util.Objects;

/**
 * Everything one decision needs. Policies are compiled {@link Policy} objects (compile once, reuse).
 *
 * @param principal          the caller
 * @param action             {@code service:Action}, any case ({@code sts:AssumeRole}, {@code monitron:GetProject})
 * @param resource           the resource ARN or any resource string; may be null for actions without a resource
 * @param context            condition keys of the request
 * @param identityPolicies   the caller's identity policies (user inline + managed + groups, or the role's)
 * @param permissionsBoundary the caller's boundary, or null
 * @param sessionPolicies    session policies of the caller's session (inline + managed ARNs); empty when none
 * @param resourcePolicy     a RESOURCE or TRUST policy of the resource, or null. A TRUST policy is necessary.
 * @param resourceAccount    the account owning the resource; null means the caller's own account
 */
public record AuthorizationRequest(PrincipalIdentity principal, String action, String resource,
                                   RequestContext context, List<Policy> identityPolicies, Policy permissionsBoundary,
                                   List<Policy> sessionPolicies, Policy resourcePolicy, String resourceAccount) {

    public AuthorizationRequest {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(action, "action");
        context = context == null ? RequestContext.empty() : context;
        identityPolicies = identityPolicies == null ? List.of() : List.copyOf(identityPolicies);
        sessionPolicies = sessionPolicies == null ? List.of() : List.copyOf(sessionPolicies);
    }

    public static Builder builder(PrincipalIdentity principal, String action, String resource) {
        return new Builder(principal, action, resource);
    }

    public static final class Builder {
        private final PrincipalIdentity principal;
        private final String action;
        private final String resource;
        private RequestContext context = RequestContext.empty();
        private List<Policy> identityPolicies = List.of();
        private Policy boundary;
        private List<Policy> sessionPolicies = List.of();
        private Policy resourcePolicy;
        private String resourceAccount;

        private Builder(PrincipalIdentity principal, String action, String resource) {
            this.principal = principal;
            this.action = action;
            this.resource = resource;
        }

        public Builder context(RequestContext context) {
            this.context = context;
            return this;
        }

        public Builder identityPolicies(List<Policy> policies) {
            this.identityPolicies = policies;
            return this;
        }

        public Builder permissionsBoundary(Policy boundary) {
            this.boundary = boundary;
            return this;
        }

        public Builder sessionPolicies(List<Policy> policies) {
            this.sessionPolicies = policies;
            return this;
        }

        /** A RESOURCE or TRUST policy and the account that owns the resource (null = caller's account). */
        public Builder resourcePolicy(Policy policy, String resourceAccount) {
            this.resourcePolicy = policy;
            this.resourceAccount = resourceAccount;
            return this;
        }

        public AuthorizationRequest build() {
            return new AuthorizationRequest(principal, action, resource, context, identityPolicies, boundary,
                    sessionPolicies, resourcePolicy, resourceAccount);
        }
    }
}
