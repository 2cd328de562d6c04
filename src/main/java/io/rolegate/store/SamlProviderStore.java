package io.rolegate.store;

import io.rolegate.model.SamlPrivateKey;
import io.rolegate.model.SamlProvider;

import java.util.List;
import java.util.Optional;

/** SAML providers by ARN. */
public interface SamlProviderStore {
    Optional<SamlProvider> find(String arn);

    /** All providers of the account, ordered by ARN. */
    List<SamlProvider> list(String accountId);

    long count(String accountId);

    /** False, with nothing written, when a provider with that ARN exists. */
    boolean insertIfAbsent(SamlProvider provider);

    /** Replaces the metadata, updated time, validUntil and encryption mode. */
    void update(SamlProvider provider);

    void delete(String arn);

    /** The provider's private keys, oldest first. */
    List<SamlPrivateKey> privateKeys(String providerArn);

    void addPrivateKey(SamlPrivateKey key);

    void removePrivateKey(String providerArn, String keyId);
}
