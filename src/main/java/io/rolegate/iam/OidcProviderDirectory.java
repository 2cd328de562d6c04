package io.rolegate.iam;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rolegate.store.OidcProviderStore;
import io.rolegate.store.StoreChangeListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The AssumeRoleWithWebIdentity read path: (account, token issuer) -> OIDC provider, from memory. The store is read
 * on a miss only (misses are cached too); every committed change drops the cache.
 */
@ApplicationScoped
public class OidcProviderDirectory implements StoreChangeListener {
    private final Cache<String, Optional<OidcProvider>> byIssuer = Caffeine.newBuilder().maximumSize(100_000).build();
    private final Cache<String, Optional<OidcProvider>> byArn = Caffeine.newBuilder().maximumSize(100_000).build();
    /** Bumped by every store change; a load that overlapped a change is not kept (invalidateAll spares in-flight loads). */
    private final AtomicLong generation = new AtomicLong();

    @Inject
    OidcProviderStore providers;

    /**
     * The provider of {@code accountId} for a token's {@code iss}: an https issuer matches the provider url without
     * its scheme exactly (as AWS compares); an http issuer matches an http (loopback) provider's full url exactly.
     */
    public Optional<OidcProvider> byIssuer(String accountId, String iss) {
        if (accountId == null || iss == null || iss.isEmpty()) {
            return Optional.empty();
        }
        String key = OidcProvider.issuerKey(iss);
        return cached(byIssuer, accountId + ' ' + key, k -> providers.findByUrl(accountId, key));
    }

    /** The provider with this ARN (as named by a trust policy's Principal.Federated). */
    public Optional<OidcProvider> byArn(String arn) {
        if (arn == null) {
            return Optional.empty();
        }
        return cached(byArn, arn, providers::find);
    }

    private Optional<OidcProvider> cached(Cache<String, Optional<OidcProvider>> cache, String key,
                                          Function<String, Optional<OidcProvider>> load) {
        long before = generation.get();
        Optional<OidcProvider> p = cache.get(key, load);
        if (generation.get() != before) {
            cache.invalidate(key);
        }
        return p;
    }

    @Override
    public void storeChanged() {
        generation.incrementAndGet();
        byIssuer.invalidateAll();
        byArn.invalidateAll();
    }
}
