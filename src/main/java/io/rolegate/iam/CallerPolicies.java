package io.rolegate.iam;

import io.rolegate.policy.AuthorizationRequest;
import io.rolegate.policy.Policy;
import io.rolegate.policy.PolicyKind;
import io.rolegate.policy.PrincipalIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/**
 * The caller side of a decision (docs/aws-behaviour.md §5.1 steps 5-7), from memory: identity policies (the user's, or
 * the role's for a role session, or the parent user's for a federated user), the permissions boundary, and the session
 * policies the
 * session token carries (inline document + managed ARNs, resolved again on each use so they always narrow).
 * The account's bootstrap admin user gets an implicit Allow-everything identity policy.
 */
@ApplicationScoped
public class CallerPolicies {
    static final Policy ADMIN = Policy.compile(PolicyKind.INLINE_IDENTITY, "rolegate-admin",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}");

    /** Everything that decides on the caller's side. */
    public record CallerSide(PrincipalIdentity principal, List<Policy> identity, Policy boundary, List<Policy> session) {
        /** A builder for a decision on {@code action}/{@code resource} with these policies filled in. */
        public AuthorizationRequest.Builder request(String action, String resource) {
            return AuthorizationRequest.builder(principal, action, resource).identityPolicies(identity)
                    .permissionsBoundary(boundary).sessionPolicies(session);
        }
    }

    @Inject
    PrincipalPolicies principals;

    public CallerSide of(Caller caller) {
        List<Policy> identity = new ArrayList<>();
        Caller.SessionInfo s = caller.session();
        PrincipalPolicies.Set set = PrincipalPolicies.Set.EMPTY;
        if (caller.type() == PrincipalType.AssumedRole) {
            set = principals.ofRole(s.roleId());
        } else if (caller.user() != null) {
            if (caller.user().admin()) {
                identity.add(ADMIN);
            }
            set = principals.ofUser(caller.user().userId());
        }
        identity.addAll(set.identity());
        Policy boundary = set.boundary();
        List<Policy> session = s == null ? List.of() : principals.sessionPolicies(s);
        return new CallerSide(RequestContexts.principal(caller), List.copyOf(identity), boundary, session);
    }
}
