package io.rolegate.iam;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rolegate.policy.Policy;
import io.rolegate.store.GroupStore;
import io.rolegate.store.InlinePolicyStore;
import io.rolegate.store.ManagedPolicyStore;
import io.rolegate.store.RoleStore;
import io.rolegate.store.StoreChangeListener;
import io.rolegate.store.UserStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The read path from a principal to the policies that decide for it (authorization and AssumeRole use it): for a
 * user its inline and attached policies and those of its groups; for a role its inline and attached policies; for
 * both the permissions boundary. Compiled once and served from memory; every committed change drops the cache.
 */
@ApplicationScoped
public class EffectivePolicies implements StoreChangeListener {

    public enum Source { INLINE, MANAGED }

    /**
     * One identity policy (or the boundary), compiled.
     *
     * @param source    inline or managed
     * @param name      the inline policy name, or the managed policy's name
     * @param arn       the managed policy's ARN; null for inline policies
     * @param ownerArn  the user, group or role the policy is embedded in or attached to
     * @param versionId the default version used (managed policies only)
     * @param policy    the compiled document ({@link Policy#document()} is the exact stored text)
     */
    public record NamedPolicy(Source source, String name, String arn, String ownerArn, String versionId, Policy policy) {
    }

    /**
     * Everything that decides for one principal.
     *
     * @param principalArn the user or role ARN
     * @param identity     inline and attached policies of the principal, then those of each group (in group-name order)
     * @param boundary     the permissions boundary (default version of the boundary policy), or null when none is set
     */
    public record PrincipalPolicies(String principalArn, List<NamedPolicy> identity, NamedPolicy boundary) {
    }

    private final Cache<String, Optional<PrincipalPolicies>> cache = Caffeine.newBuilder().maximumSize(50_000).build();

    @Inject
    UserStore users;
    @Inject
    RoleStore roles;
    @Inject
    GroupStore groups;
    @Inject
    InlinePolicyStore inline;
    @Inject
    ManagedPolicyStore managed;

    /** The policies of an IAM user by unique id (AIDA...); empty when the user does not exist. */
    public Optional<PrincipalPolicies> forUser(String userId) {
        return cache.get("u:" + userId, k -> loadUser(userId));
    }

    /** The policies of a role by unique id (AROA...); empty when the role does not exist. */
    public Optional<PrincipalPolicies> forRole(String roleId) {
        return cache.get("r:" + roleId, k -> loadRole(roleId));
    }

    private Optional<PrincipalPolicies> loadUser(String userId) {
        return users.findById(userId).map(u -> {
            List<NamedPolicy> out = new ArrayList<>();
            addOwned(out, u.userId(), u.arn());
            for (Group g : groups.groupsOf(u.userId())) {
                addOwned(out, g.groupId(), g.arn());
            }
            return new PrincipalPolicies(u.arn(), List.copyOf(out), boundary(u.boundaryArn(), u.arn()));
        });
    }

    private Optional<PrincipalPolicies> loadRole(String roleId) {
        return roles.findById(roleId).map(r -> {
            List<NamedPolicy> out = new ArrayList<>();
            addOwned(out, r.roleId(), r.arn());
            return new PrincipalPolicies(r.arn(), List.copyOf(out), boundary(r.boundaryArn(), r.arn()));
        });
    }

    private void addOwned(List<NamedPolicy> out, String ownerId, String ownerArn) {
        for (InlinePolicy p : inline.list(ownerId)) {
            out.add(new NamedPolicy(Source.INLINE, p.policyName(), null, ownerArn, null,
                    PolicyDocuments.inline(p.policyName(), p.document())));
        }
        for (ManagedPolicy m : managed.attachedTo(ownerId)) {
            out.add(compiled(m, ownerArn));
        }
    }

    private NamedPolicy compiled(ManagedPolicy m, String ownerArn) {
        PolicyVersion v = managed.findVersion(m.policyId(), m.defaultVersionId())
                .orElseThrow(() -> new IllegalStateException("Default version missing for " + m.arn()));
        return new NamedPolicy(Source.MANAGED, m.policyName(), m.arn(), ownerArn, v.versionId(),
                PolicyDocuments.managed(m.arn(), v.document()));
    }

    /**
     * A boundary that names a missing policy must not widen access: fail (as our failure) rather than ignore it.
     * DeletePolicy refuses while a policy is used as a boundary, so this only happens on a corrupt store.
     */
    private NamedPolicy boundary(String boundaryArn, String ownerArn) {
        if (boundaryArn == null) {
            return null;
        }
        ManagedPolicy m = managed.findByArn(boundaryArn)
                .orElseThrow(() -> new IllegalStateException("Permissions boundary " + boundaryArn + " does not exist"));
        return compiled(m, ownerArn);
    }

    @Override
    public void storeChanged() {
        cache.invalidateAll();
    }
}
