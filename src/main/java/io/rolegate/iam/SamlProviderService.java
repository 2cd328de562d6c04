package io.rolegate.iam;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.model.Arns;
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

    public SamlProvider create(String accountId, String name, String metadata, Optional<Instant> validUntil,
                               List<Tag> newTags) {
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
            SamlProvider p = new SamlProvider(arn, accountId, name, metadata, now, now, validUntil);
            if (!providers.insertIfAbsent(p)) {
                throw alreadyExists(name);
            }
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

    public SamlProvider update(String accountId, String arn, String metadata, Optional<Instant> validUntil) {
        return tx.inTransaction(() -> {
            SamlProvider p = get(accountId, arn);
            SamlProvider updated = new SamlProvider(p.arn(), p.accountId(), p.name(), metadata, p.created(),
                    clock.instant(), validUntil);
            providers.update(updated);
            return updated;
        });
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
