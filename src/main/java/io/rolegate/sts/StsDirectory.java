package io.rolegate.sts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rolegate.iam.ManagedPolicy;
import io.rolegate.iam.User;
import io.rolegate.policy.Policy;
import io.rolegate.policy.PolicyKind;
import io.rolegate.store.ManagedPolicyStore;
import io.rolegate.store.StoreChangeListener;
import io.rolegate.store.TagStore;
import io.rolegate.store.UserStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The STS read path's own caches (everything else comes from RoleDirectory and EffectivePolicies): users by id with
 * their tags (the parents of GetSessionToken / GetFederationToken sessions), managed session policies by ARN, and
 * compiled trust and session policy documents. Dropped on every committed store change.
 */
@ApplicationScoped
public class StsDirectory implements StoreChangeListener {

    public record UserEntry(User user, Map<String, String> tags) {
    }

    private final Cache<String, Optional<UserEntry>> users = Caffeine.newBuilder().maximumSize(100_000).build();
    private final Cache<String, Optional<Policy>> managedByArn = Caffeine.newBuilder().maximumSize(10_000).build();
    // keyed by document text: compiled documents are immutable, so these survive store changes
    private final Cache<String, Policy> trust = Caffeine.newBuilder().maximumSize(100_000).build();
    private final Cache<String, Policy> session = Caffeine.newBuilder().maximumSize(10_000).build();

    @Inject
    UserStore userStore;
    @Inject
    TagStore tagStore;
    @Inject
    ManagedPolicyStore managed;

    public Optional<UserEntry> user(String userId) {
        return userId == null ? Optional.empty() : users.get(userId, id -> userStore.findById(id).map(u -> {
            Map<String, String> t = new LinkedHashMap<>();
            tagStore.list(u.userId()).forEach(tag -> t.put(tag.key(), tag.value()));
            return new UserEntry(u, Collections.unmodifiableMap(t));
        }));
    }

    /** The default version of a managed policy, compiled; empty when no such policy exists. */
    public Optional<Policy> managedPolicy(String arn) {
        return managedByArn.get(arn, a -> managed.findByArn(a).flatMap((ManagedPolicy m) ->
                managed.findVersion(m.policyId(), m.defaultVersionId())
                        .map(v -> Policy.compile(PolicyKind.MANAGED, m.arn(), v.document()))));
    }

    /** A role's stored trust policy, compiled once per distinct document. */
    public Policy trustPolicy(String roleArn, String document) {
        return trust.get(document, d -> Policy.compile(PolicyKind.TRUST, roleArn, d));
    }

    /**
     * An inline session policy: validated and compiled (MalformedPolicyDocument with AWS's messages). Only documents
     * that compiled are cached, so a bad one is re-rejected each time.
     */
    public Policy sessionPolicy(String document) {
        return session.get(document, d -> Policy.compile(PolicyKind.SESSION, "session policy", d, "policy"));
    }

    @Override
    public void storeChanged() {
        users.invalidateAll();
        managedByArn.invalidateAll();
    }
}
