package io.rolegate.iam;

import io.rolegate.model.AccessKey;
import io.rolegate.model.User;
import io.rolegate.store.AccessKeyStore;
import io.rolegate.store.StoreCache;
import io.rolegate.store.StoreChangeListener;
import io.rolegate.store.TagStore;
import io.rolegate.store.UserStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The authentication read path: access key id -> the key, its user, its secret; user id -> the user and its tags. Served from memory; the store is
 * read on a miss only, and every committed change drops the cache (see store.Database).
 */
@ApplicationScoped
public class PrincipalDirectory implements StoreChangeListener {

    /** A long-term key with everything authentication needs. The secret is held unsealed in memory only. */
    public record KeyPrincipal(AccessKey key, User user, String secret, Map<String, String> userTags) {
    }

    /** An IAM user with its tags (the parent of GetSessionToken / GetFederationToken sessions). */
    public record UserEntry(User user, Map<String, String> tags) {
    }

    private final StoreCache<String, Optional<KeyPrincipal>> byKey = StoreCache.withMaximumSize(100_000);
    private final StoreCache<String, Optional<UserEntry>> byUserId = StoreCache.withMaximumSize(100_000);

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
        return userId == null ? Optional.empty() : byUserId.get(userId, id -> users.findById(id)
                .map(u -> new UserEntry(u, tagsOf(u.userId()))));
    }

    private Map<String, String> tagsOf(String userId) {
        Map<String, String> t = new LinkedHashMap<>();
        tags.list(userId).forEach(tag -> t.put(tag.key(), tag.value()));
        return java.util.Collections.unmodifiableMap(t);
    }

    private Optional<KeyPrincipal> load(String accessKeyId) {
        return keys.find(accessKeyId).flatMap(k -> users.findById(k.userId()).map(u -> {
            String secret = secrets.open(keys.sealedSecret(accessKeyId).orElseThrow(), accessKeyId);
            return new KeyPrincipal(k, u, secret, Map.copyOf(tagsOf(u.userId())));
        }));
    }

    @Override
    public void storeChanged() {
        byKey.invalidateAll();
        byUserId.invalidateAll();
    }
}
