package io.rolegate.iam;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Until the policy store is wired: principals have no identity policies (everything but the admin is denied). */
@ApplicationScoped
@DefaultBean
public class EmptyPrincipalPolicies implements PrincipalPolicies {
    @Override
    public Set ofUser(String userId) {
        return Set.EMPTY;
    }

    @Override
    public Set ofRole(String roleId) {
        return Set.EMPTY;
    }

    @Override
    public List<io.rolegate.policy.Policy> sessionPolicies(Caller.SessionInfo session) {
        return List.of();
    }
}
