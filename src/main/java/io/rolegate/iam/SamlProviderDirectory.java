package io.rolegate.iam;

import io.rolegate.model.SamlProvider;
import io.rolegate.store.SamlProviderStore;
import io.rolegate.store.StoreCache;
import io.rolegate.store.StoreChangeListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;

/** The AssumeRoleWithSAML read path: provider ARN -> SAML provider, from memory; every committed change drops it. */
@ApplicationScoped
public class SamlProviderDirectory implements StoreChangeListener {
    private final StoreCache<String, Optional<SamlProvider>> byArn = StoreCache.withMaximumSize(10_000);

    @Inject
    SamlProviderStore providers;

    public Optional<SamlProvider> byArn(String arn) {
        return arn == null ? Optional.empty() : byArn.get(arn, providers::find);
    }

    @Override
    public void storeChanged() {
        byArn.invalidateAll();
    }
}
