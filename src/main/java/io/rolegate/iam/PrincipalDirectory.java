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
 * The authentication read path: access key id -> the key, its user, its secret. Served from memory; the store is
 * read on a miss only, and every committed change drops the cache (see store.Database).
 */
@ApplicationScoped
public class PrincipalDirectory implements StoreChangeListener {

    /** A long-term key with everything authentication needs. The secret is held unsealed in memory only. */
    public record KeyPrincipal(AccessKey key, User user, String secret, Map<String, String> userTags) {
    }

    private final StoreCache<String, Optional<KeyPrincipal>> byKey = StoreCache.withMaximumSize(100_000);

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

    private Optional<KeyPrincipal> load(String accessKeyId) {
        return keys.find(accessKeyId).flatMap(k -> users.findById(k.userId()).map(u -> {
            String secret = secrets.open(keys.sealedSecret(accessKeyId).orElseThrow(), accessKeyId);
            Map<String, String> t = new LinkedHashMap<>();
            tags.list(u.userId()).forEach(tag -> t.put(tag.key(), tag.value()));
            return new KeyPrincipal(k, u, secret, Map.copyOf(t));
        }));
    }

    @Override
    public void storeChanged() {
        byKey.invalidateAll();
    }
}
