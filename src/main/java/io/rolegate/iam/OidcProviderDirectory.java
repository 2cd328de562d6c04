package io.rolegate.iam;

import io.rolegate.model.OidcProvider;
import io.rolegate.store.OidcProviderStore;
import io.rolegate.store.Change;
import io.rolegate.store.StoreCache;
import io.rolegate.store.StoreChangeListener;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;

/**
 * The AssumeRoleWithWebIdentity read path: (account, token issuer) -> OIDC provider, from memory. The store is read
 * on a miss only (misses are cached too). A change of a provider drops its entry and its account's lookups by issuer.
 */
@ApplicationScoped
public class OidcProviderDirectory implements StoreChangeListener {
    /** Entries kept per cache (rolegate.cache.oidc-providers.max-entries): about 1 KB each (README). */
    @ConfigProperty(name = "rolegate.cache.oidc-providers.max-entries", defaultValue = "20000")
    long maxEntries;

    private StoreCache<String, Optional<OidcProvider>> byIssuer;
    private StoreCache<String, Optional<OidcProvider>> byArn;

    @PostConstruct
    void createCaches() {
        byIssuer = StoreCache.withMaximumSize(maxEntries);
        byArn = StoreCache.withMaximumSize(maxEntries);
    }

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
        return byIssuer.get(accountId + ' ' + key,
                k -> StoreCache.Loaded.of(providers.findByUrl(accountId, key), Change.providersOf(accountId)));
    }

    /** The provider with this ARN (as named by a trust policy's Principal.Federated). */
    public Optional<OidcProvider> byArn(String arn) {
        if (arn == null) {
            return Optional.empty();
        }
        return byArn.get(arn, a -> StoreCache.Loaded.of(providers.find(a), a));
    }


    @Override
    public void storeChanged(List<Change> changes, boolean local) {
        byIssuer.invalidate(changes);
        byArn.invalidate(changes);
    }

    @Override
    public void everythingChanged() {
        byIssuer.invalidateAll();
        byArn.invalidateAll();
    }
}
