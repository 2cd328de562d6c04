package io.rolegate.iam;

import io.rolegate.model.AccessKey;
import io.rolegate.model.User;
import io.rolegate.store.AccessKeyStore;
import io.rolegate.store.Change;
import io.rolegate.store.StoreCache;
import io.rolegate.store.StoreChangeListener;
import io.rolegate.store.TagStore;
import io.rolegate.store.UserStore;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The authentication read path: access key id -> the key, its user, its secret; user id -> the user and its tags.
 * Served from memory; the store is read on a miss only. An entry is dropped when its key or its user (row, tags)
 * changes (see store.Change).
 */
@ApplicationScoped
public class PrincipalDirectory implements StoreChangeListener {

    /** A long-term key with everything authentication needs. The secret is held unsealed in memory only. */
    public record KeyPrincipal(AccessKey key, User user, String secret, Map<String, String> userTags) {
    }

    /** An IAM user with its tags (the parent of GetSessionToken / GetFederationToken sessions). */
    public record UserEntry(User user, Map<String, String> tags) {
    }

    /** Entries kept per cache (rolegate.cache.principals.max-entries): about 1.5 KB each (README). */
    @ConfigProperty(name = "rolegate.cache.principals.max-entries", defaultValue = "100000")
    long maxEntries;

    private StoreCache<String, Optional<KeyPrincipal>> byKey;
    private StoreCache<String, Optional<UserEntry>> byUserId;

    @PostConstruct
    void createCaches() {
        byKey = StoreCache.withMaximumSize(maxEntries);
        byUserId = StoreCache.withMaximumSize(maxEntries);
    }

    @Inject
    AccessKeyStore keys;
    @Inject
    UserStore users;
    @Inject
    TagStore tags;
    @Inject
    Secrets secrets;

    public Optional<KeyPrincipal> byAccessKey(String accessKeyId) {
        return byKey.get(accessKeyId, this::load);
    }

    /** A user by unique id (AIDA...) with its tags; empty when it does not exist (any more). */
    public Optional<UserEntry> user(String userId) {
        return userId == null ? Optional.empty() : byUserId.get(userId, id -> StoreCache.Loaded.of(users.findById(id)
                .map(u -> new UserEntry(u, tagsOf(u.userId()))), id));
    }

    private Map<String, String> tagsOf(String userId) {
        Map<String, String> t = new LinkedHashMap<>();
        tags.list(userId).forEach(tag -> t.put(tag.key(), tag.value()));
        return java.util.Collections.unmodifiableMap(t);
    }

    private StoreCache.Loaded<Optional<KeyPrincipal>> load(String accessKeyId) {
        Optional<AccessKey> key = keys.find(accessKeyId);
        Optional<KeyPrincipal> principal = key.flatMap(k -> users.findById(k.userId()).map(u -> {
            String secret = secrets.open(keys.sealedSecret(accessKeyId).orElseThrow(), accessKeyId);
            return new KeyPrincipal(k, u, secret, Map.copyOf(tagsOf(u.userId())));
        }));
        return key.map(k -> StoreCache.Loaded.of(principal, accessKeyId, k.userId()))
                .orElseGet(() -> StoreCache.Loaded.of(principal, accessKeyId));
    }

    @Override
    public void storeChanged(List<Change> changes, boolean local) {
        byKey.invalidate(changes);
        byUserId.invalidate(changes);
    }

    @Override
    public void everythingChanged() {
        byKey.invalidateAll();
        byUserId.invalidateAll();
    }
}
