package io.rolegate.iam;

import io.rolegate.model.Group;
import io.rolegate.model.InlinePolicy;
import io.rolegate.model.ManagedPolicy;
import io.rolegate.model.PolicyVersion;
import io.rolegate.policy.Policy;
import io.rolegate.policy.PolicyKind;
import io.rolegate.store.GroupStore;
import io.rolegate.store.InlinePolicyStore;
import io.rolegate.store.ManagedPolicyStore;
import io.rolegate.store.RoleStore;
import io.rolegate.store.Change;
import io.rolegate.store.StoreCache;
import io.rolegate.store.StoreChangeListener;
import io.rolegate.store.UserStore;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The read path from a principal to the policies that decide for it (authorization and AssumeRole use it): for a
 * user its inline and attached policies and those of its groups; for a role its inline and attached policies; for
 * both the permissions boundary; for a session its session policies. Compiled once and served from memory, so warm
 * lookups read no store. Each entry carries the ids it was built from (the principal, its groups, every managed
 * policy it uses): a change of any of them drops it, and no other change does.
 */
@ApplicationScoped
public class EffectivePolicies implements PrincipalPolicies, StoreChangeListener {

    public enum Source { INLINE, MANAGED }

    /**
     * One identity policy (or the boundary), compiled. {@link Policy#name()} is the managed policy's ARN or the
     * inline policy's name.
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
     * Everything that decides for one principal, with names for messages and audit.
     *
     * @param principalArn the user or role ARN
     * @param identity     inline then attached policies of the principal, then those of each group (group-name order)
     * @param boundary     the permissions boundary (default version of the boundary policy), or null when none is set
     * @param set          the same, as the policy engine takes it
     */
    public record NamedPolicies(String principalArn, List<NamedPolicy> identity, NamedPolicy boundary, Set set) {
        static NamedPolicies of(String principalArn, List<NamedPolicy> identity, NamedPolicy boundary) {
            return new NamedPolicies(principalArn, List.copyOf(identity), boundary,
                    new Set(identity.stream().map(NamedPolicy::policy).toList(), boundary == null ? null : boundary.policy()));
        }
    }

    private record SessionKey(String inline, List<String> arns) {
    }

    /** Entries kept per cache (rolegate.cache.policies.max-entries): 2 KB plus about 4x the policy text each (README). */
    @ConfigProperty(name = "rolegate.cache.policies.max-entries", defaultValue = "50000")
    long maxEntries;

    private StoreCache<String, Optional<NamedPolicies>> principals;
    private StoreCache<SessionKey, List<Policy>> sessions;

    @PostConstruct
    void createCaches() {
        principals = StoreCache.withMaximumSize(maxEntries);
        sessions = StoreCache.withMaximumSize(maxEntries);
    }

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
    public Optional<NamedPolicies> forUser(String userId) {
        return principals.get("u:" + userId, k -> loadUser(userId));
    }

    /** The policies of a role by unique id (AROA...); empty when the role does not exist. */
    public Optional<NamedPolicies> forRole(String roleId) {
        return principals.get("r:" + roleId, k -> loadRole(roleId));
    }

    /** The policies of a group by unique id (AGPA...): its inline and attached policies; empty when it does not exist. */
    public Optional<NamedPolicies> forGroup(String groupId) {
        return principals.get("g:" + groupId, k -> {
            LinkedHashSet<String> from = new LinkedHashSet<>(List.of(groupId));
            return StoreCache.Loaded.of(groups.findById(groupId).map(g -> {
                List<NamedPolicy> out = new ArrayList<>();
                addOwned(out, g.groupId(), g.arn(), from);
                return NamedPolicies.of(g.arn(), out, null);
            }), from);
        });
    }

    @Override
    public Set ofUser(String userId) {
        return forUser(userId).map(NamedPolicies::set).orElse(Set.EMPTY);
    }

    @Override
    public Set ofRole(String roleId) {
        return forRole(roleId).map(NamedPolicies::set).orElse(Set.EMPTY);
    }

    /**
     * The inline session policy and the default versions of the session's policy ARNs. A policy ARN that no longer
     * exists fails the request (our failure) rather than being dropped, since dropping it could drop a Deny.
     */
    @Override
    public List<Policy> sessionPolicies(Caller.SessionInfo session) {
        List<String> arns = session.sessionPolicyArns() == null ? List.of() : List.copyOf(session.sessionPolicyArns());
        if (session.sessionPolicy() == null && arns.isEmpty()) {
            return List.of();
        }
        return sessions.get(new SessionKey(session.sessionPolicy(), arns), this::loadSession);
    }

    private StoreCache.Loaded<List<Policy>> loadSession(SessionKey key) {
        List<Policy> out = new ArrayList<>();
        LinkedHashSet<String> from = new LinkedHashSet<>();
        if (key.inline() != null) {
            out.add(Policy.compile(PolicyKind.SESSION, "session policy", key.inline()));
        }
        for (String arn : key.arns()) {
            // A session policy deleted after the session was issued grants nothing; the session stays narrowed
            // (dropping it from the list would remove the narrowing altogether).
            from.add(Change.policyArn(arn)); // created after the session was issued
            out.add(managed.findByArn(arn).map(m -> {
                from.add(m.policyId());
                return compiled(m, null).policy();
            }).orElse(GRANTS_NOTHING));
        }
        return StoreCache.Loaded.of(List.copyOf(out), from);
    }

    private StoreCache.Loaded<Optional<NamedPolicies>> loadUser(String userId) {
        LinkedHashSet<String> from = new LinkedHashSet<>(List.of(userId)); // row, inline, attachments, memberships
        return StoreCache.Loaded.of(users.findById(userId).map(u -> {
            List<NamedPolicy> out = new ArrayList<>();
            addOwned(out, u.userId(), u.arn(), from);
            for (Group g : groups.groupsOf(u.userId())) {
                from.add(g.groupId());
                addOwned(out, g.groupId(), g.arn(), from);
            }
            return NamedPolicies.of(u.arn(), out, boundary(u.boundaryArn(), u.arn(), from));
        }), from);
    }

    private StoreCache.Loaded<Optional<NamedPolicies>> loadRole(String roleId) {
        LinkedHashSet<String> from = new LinkedHashSet<>(List.of(roleId));
        return StoreCache.Loaded.of(roles.findById(roleId).map(r -> {
            List<NamedPolicy> out = new ArrayList<>();
            addOwned(out, r.roleId(), r.arn(), from);
            return NamedPolicies.of(r.arn(), out, boundary(r.boundaryArn(), r.arn(), from));
        }), from);
    }

    /** Adds the owner's inline and attached policies, and the ids of the managed ones to {@code from}. */
    private void addOwned(List<NamedPolicy> out, String ownerId, String ownerArn, LinkedHashSet<String> from) {
        for (InlinePolicy p : inline.list(ownerId)) {
            out.add(new NamedPolicy(Source.INLINE, p.policyName(), null, ownerArn, null,
                    PolicyDocuments.inline(p.policyName(), p.document())));
        }
        for (ManagedPolicy m : managed.attachedTo(ownerId)) {
            from.add(m.policyId());
            out.add(compiled(m, ownerArn));
        }
    }

    /** A session policy that allows no action: what a deleted session policy ARN still means. */
    private static final Policy GRANTS_NOTHING = Policy.compile(PolicyKind.SESSION, "deleted session policy",
            "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"NotAction\":\"*\",\"Resource\":\"*\"}}");

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
    private NamedPolicy boundary(String boundaryArn, String ownerArn, LinkedHashSet<String> from) {
        if (boundaryArn == null) {
            return null;
        }
        ManagedPolicy m = managed.findByArn(boundaryArn)
                .orElseThrow(() -> new IllegalStateException("Permissions boundary " + boundaryArn + " does not exist"));
        from.add(m.policyId());
        return compiled(m, ownerArn);
    }

    @Override
    public void storeChanged(java.util.List<Change> changes, boolean local) {
        principals.invalidate(changes);
        sessions.invalidate(changes);
    }

    @Override
    public void everythingChanged() {
        principals.invalidateAll();
        sessions.invalidateAll();
    }
}
