package io.rolegate.iam;

import io.rolegate.model.SamlProvider;
import io.rolegate.store.Change;
import io.rolegate.store.SamlProviderStore;
import io.rolegate.store.StoreCache;
import io.rolegate.store.StoreChangeListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;

/** The AssumeRoleWithSAML read path: provider ARN -> SAML provider, from memory; a change of a provider drops its entry. */
@ApplicationScoped
public class SamlProviderDirectory implements StoreChangeListener {
    private final StoreCache<String, Optional<SamlProvider>> byArn = StoreCache.withMaximumSize(10_000);

    @Inject
    SamlProviderStore providers;
    @Inject
    Secrets secrets;

    public Optional<SamlProvider> byArn(String arn) {
        return arn == null ? Optional.empty() : byArn.get(arn, a -> StoreCache.Loaded.of(providers.find(a), a));
    }

    /** The provider's private keys, opened (PKCS#8, base64), for decrypting its assertions; oldest first. */
    public List<String> privateKeys(SamlProvider p) {
        return providers.privateKeys(p.arn()).stream().map(k -> secrets.open(k.sealedKey(), k.keyId())).toList();
    }

    @Override
    public void storeChanged(List<Change> changes, boolean local) {
        byArn.invalidate(changes);
    }

    @Override
    public void everythingChanged() {
        byArn.invalidateAll();
    }
}
