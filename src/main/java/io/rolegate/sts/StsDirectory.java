package io.rolegate.sts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rolegate.model.User;
import io.rolegate.policy.Policy;
import io.rolegate.policy.PolicyKind;
import io.rolegate.store.StoreCache;
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
 * their tags (the parents of GetSessionToken / GetFederationToken sessions), dropped on every committed store change,
 * and compiled inline session policy documents.
 */
@ApplicationScoped
public class StsDirectory implements StoreChangeListener {

    public record UserEntry(User user, Map<String, String> tags) {
    }

    private final StoreCache<String, Optional<UserEntry>> users = StoreCache.withMaximumSize(100_000);
    // keyed by document text: compiled documents are immutable, so these survive store changes
    private final Cache<String, Policy> session = Caffeine.newBuilder().maximumSize(10_000).build();

    @Inject
    UserStore userStore;
    @Inject
    TagStore tagStore;

    public Optional<UserEntry> user(String userId) {
        return userId == null ? Optional.empty() : users.get(userId, id -> userStore.findById(id).map(u -> {
            Map<String, String> t = new LinkedHashMap<>();
            tagStore.list(u.userId()).forEach(tag -> t.put(tag.key(), tag.value()));
            return new UserEntry(u, Collections.unmodifiableMap(t));
        }));
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
    }
}
