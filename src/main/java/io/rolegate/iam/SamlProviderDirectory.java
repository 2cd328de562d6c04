package io.rolegate.iam;

import io.rolegate.model.SamlProvider;
import io.rolegate.store.Change;
import io.rolegate.store.SamlProviderStore;
import io.rolegate.store.StoreCache;
import io.rolegate.store.StoreChangeListener;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;

/** The AssumeRoleWithSAML read path: provider ARN -> SAML provider, from memory; a change of a provider drops its entry. */
@ApplicationScoped
public class SamlProviderDirectory implements StoreChangeListener {
    /**
     * Bytes kept (rolegate.cache.saml-providers.max-bytes): metadata documents range from a few KB to megabytes, so
     * this cache is bounded by an estimate of each entry's size (1 KB plus the metadata text) rather than a count.
     */
    @ConfigProperty(name = "rolegate.cache.saml-providers.max-bytes", defaultValue = "67108864")
    long maxBytes;

    private StoreCache<String, Optional<SamlProvider>> byArn;

    @PostConstruct
    void createCache() {
        byArn = StoreCache.withMaximumBytes(maxBytes, p -> 1024 + p.map(v -> v.metadata().length()).orElse(0));
    }

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
