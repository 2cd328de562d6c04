package io.rolegate.iam;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.model.Arns;
import io.rolegate.model.SamlPrivateKey;
import io.rolegate.model.SamlProvider;
import io.rolegate.model.Tag;
import io.rolegate.store.SamlProviderStore;
import io.rolegate.store.TagStore;
import io.rolegate.store.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * IAM SAML providers (README "SAML federation"). The metadata document is checked by the caller (api, with
 * federation's parser) before it gets here; tags are keyed by the provider ARN. Every write is one transaction.
 */
@ApplicationScoped
public class SamlProviderService {
    /** IAM's quota SAMLProvidersInAnAccount. */
    public static final int MAX_PROVIDERS_PER_ACCOUNT = 100;

    @Inject
    SamlProviderStore providers;
    @Inject
    TagStore tags;
    @Inject
    EntityTags entityTags;
    @Inject
    Transactions tx;
    @Inject
    Clock clock;
    @Inject
    Secrets secrets;

    /** A private key to add: IAM's KeyId and the key as it is sealed (PKCS#8, base64). */
    public record NewPrivateKey(String keyId, String pkcs8) {
        @Override
        public String toString() { // never the key
            return "NewPrivateKey[" + keyId + "]";
        }
    }

    /** Ours (AWS's wording is not known): a provider holds at most this many private keys. */
    public static final int MAX_PRIVATE_KEYS = 2;

    public SamlProvider create(String accountId, String name, String metadata, Optional<Instant> validUntil,
                               List<Tag> newTags, String encryptionMode, NewPrivateKey addKey) {
        Tags.requireUserDefined(newTags);
        Tags.requireWithinQuota(List.of(), newTags);
        String arn = Arns.samlProvider(accountId, name);
        return tx.inTransaction(() -> {
            if (providers.find(arn).isPresent()) {
                throw alreadyExists(name);
            }
            if (providers.count(accountId) >= MAX_PROVIDERS_PER_ACCOUNT) {
                throw new AwsException(ErrorCode.LimitExceeded,
                        "Cannot exceed quota for SAMLProvidersInAnAccount: " + MAX_PROVIDERS_PER_ACCOUNT);
            }
            Instant now = clock.instant();
            SamlProvider p = new SamlProvider(arn, accountId, name, metadata, now, now, validUntil, encryptionMode);
            if (!providers.insertIfAbsent(p)) {
                throw alreadyExists(name);
            }
            changeKeys(p, addKey, null, now);
            tags.put(arn, newTags);
            return p;
        });
    }

    /** Ours: AWS's wording is not known. */
    private static AwsException alreadyExists(String name) {
        return new AwsException(ErrorCode.EntityAlreadyExists, "SAMLProvider named " + name + " already exists.");
    }

    /** Ours, shaped like the OIDC provider's message. */
    public static AwsException noSuchProvider(String arn) {
        return new AwsException(ErrorCode.NoSuchEntity, "SAMLProvider not found for arn " + arn);
    }

    /** The provider of this account with that ARN (another account's provider is NoSuchEntity too). */
    public SamlProvider get(String accountId, String arn) {
        return providers.find(arn).filter(p -> p.accountId().equals(accountId)).orElseThrow(() -> noSuchProvider(arn));
    }

    public List<SamlProvider> list(String accountId) {
        return providers.list(accountId);
    }

    /**
     * Replaces what is given: the metadata (null: kept, with its validUntil), the encryption mode (null: kept), and
     * adds and/or removes a private key.
     */
    public SamlProvider update(String accountId, String arn, String metadata, Optional<Instant> validUntil,
                               String encryptionMode, NewPrivateKey addKey, String removeKeyId) {
        return tx.inTransaction(() -> {
            SamlProvider p = get(accountId, arn);
            Instant now = clock.instant();
            SamlProvider updated = new SamlProvider(p.arn(), p.accountId(), p.name(),
                    metadata == null ? p.metadata() : metadata, p.created(), now,
                    metadata == null ? p.validUntil() : validUntil,
                    encryptionMode == null ? p.encryptionMode() : encryptionMode);
            providers.update(updated);
            changeKeys(updated, addKey, removeKeyId, now);
            return updated;
        });
    }

    /** The provider's private keys (KeyId and Timestamp; the keys stay sealed). */
    public List<SamlPrivateKey> privateKeys(String accountId, String arn) {
        return providers.privateKeys(get(accountId, arn).arn());
    }

    /** Adds and removes keys; Required mode needs a key left. Ours, all messages (AWS's are not known). */
    private void changeKeys(SamlProvider p, NewPrivateKey addKey, String removeKeyId, Instant now) {
        List<SamlPrivateKey> keys = providers.privateKeys(p.arn());
        int count = keys.size();
        if (removeKeyId != null) {
            if (keys.stream().noneMatch(k -> k.keyId().equals(removeKeyId))) {
                throw new AwsException(ErrorCode.InvalidInput, "The SAML provider has no private key with KeyId "
                        + removeKeyId + ".");
            }
            providers.removePrivateKey(p.arn(), removeKeyId);
            count--;
        }
        if (addKey != null) {
            if (keys.stream().anyMatch(k -> k.keyId().equals(addKey.keyId()))) {
                throw new AwsException(ErrorCode.InvalidInput, "The SAML provider already has this private key.");
            }
            if (count >= MAX_PRIVATE_KEYS) {
                throw new AwsException(ErrorCode.LimitExceeded,
                        "Cannot exceed quota for PrivateKeysPerSAMLProvider: " + MAX_PRIVATE_KEYS);
            }
            providers.addPrivateKey(new SamlPrivateKey(addKey.keyId(), p.arn(),
                    secrets.seal(addKey.pkcs8(), addKey.keyId()), now));
            count++;
        }
        if (p.encryptionRequired() && count == 0) {
            throw new AwsException(ErrorCode.InvalidInput,
                    "AssertionEncryptionMode Required needs a private key to decrypt the assertions.");
        }
    }

    public void delete(String accountId, String arn) {
        tx.run(() -> {
            SamlProvider p = get(accountId, arn);
            tags.removeAll(p.arn());
            providers.delete(p.arn());
        });
    }

    public List<Tag> tags(String accountId, String arn) {
        return tags.list(get(accountId, arn).arn());
    }

    public void tag(String accountId, String arn, List<Tag> added) {
        entityTags.add(() -> get(accountId, arn).arn(), added);
    }

    public void untag(String accountId, String arn, List<String> keys) {
        entityTags.remove(() -> get(accountId, arn).arn(), keys);
    }
}
