package io.rolegate.iam;

import io.rolegate.model.OidcProvider;
import io.rolegate.store.OidcProviderStore;
import io.rolegate.store.StoreCache;
import io.rolegate.store.StoreChangeListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * The AssumeRoleWithWebIdentity read path: (account, token issuer) -> OIDC provider, from memory. The store is read
 * on a miss only (misses are cached too); every committed change drops the cache.
 */
@ApplicationScoped
public class OidcProviderDirectory implements StoreChangeListener {
    private final StoreCache<String, Optional<OidcProvider>> byIssuer = StoreCache.withMaximumSize(100_000);
    private final StoreCache<String, Optional<OidcProvider>> byArn = StoreCache.withMaximumSize(100_000);

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
        return byIssuer.get(accountId + ' ' + key, k -> providers.findByUrl(accountId, key));
    }

    /** The provider with this ARN (as named by a trust policy's Principal.Federated). */
    public Optional<OidcProvider> byArn(String arn) {
        if (arn == null) {
            return Optional.empty();
        }
        return byArn.get(arn, providers::find);
    }


    @Override
    public void storeChanged() {
        byIssuer.invalidateAll();
        byArn.invalidateAll();
    }
}
