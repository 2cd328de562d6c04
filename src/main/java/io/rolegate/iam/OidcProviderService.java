package io.rolegate.iam;

import io.rolegate.model.OidcProvider;
import io.rolegate.model.Tag;
import io.rolegate.model.Arns;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.store.OidcProviderStore;
import io.rolegate.store.TagStore;
import io.rolegate.store.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Locale;

/**
 * IAM OpenID Connect providers (docs/aws-behaviour.md §6.1). Tags are keyed by the provider ARN. Every write is one
 * transaction.
 */
@ApplicationScoped
public class OidcProviderService {
    public static final int MAX_PROVIDERS_PER_ACCOUNT = 100;
    public static final int MAX_CLIENT_IDS = 100;
    public static final int MAX_THUMBPRINTS = 5;

    @Inject
    OidcProviderStore providers;
    @Inject
    TagStore tags;
    @Inject
    EntityTags entityTags;
    @Inject
    Transactions tx;
    @Inject
    Clock clock;
    @ConfigProperty(name = "rolegate.oidc.allow-http-loopback", defaultValue = "false")
    boolean allowHttpLoopback;

    public OidcProvider create(String accountId, String url, List<String> clientIds, List<String> thumbprints,
                               List<Tag> newTags) {
        List<String> clients = distinct(clientIds);
        requireThumbprints(thumbprints);
        requireClientQuota(clients.size());
        Tags.requireUserDefined(newTags);
        Tags.requireWithinQuota(List.of(), newTags);
        String stored = OidcUrls.storedForm(url, allowHttpLoopback);
        String arn = Arns.oidcProvider(accountId, stored.startsWith(OidcProvider.HTTP)
                ? stored.substring(OidcProvider.HTTP.length()) : stored);
        return tx.inTransaction(() -> {
            if (providers.find(arn).isPresent() || providers.findByUrl(accountId, stored).isPresent()) {
                throw alreadyExists(url);
            }
            if (providers.count(accountId) >= MAX_PROVIDERS_PER_ACCOUNT) {
                throw new AwsException(ErrorCode.LimitExceeded,
                        "Cannot exceed quota for OpenIdConnectProvidersPerAccount: " + MAX_PROVIDERS_PER_ACCOUNT);
            }
            OidcProvider p = new OidcProvider(arn, accountId, stored, clients, normalized(thumbprints), clock.instant());
            if (!providers.insertIfAbsent(p)) {
                throw alreadyExists(url); // a concurrent create won the race
            }
            tags.put(arn, newTags);
            return p;
        });
    }

    private static AwsException alreadyExists(String url) {
        return new AwsException(ErrorCode.EntityAlreadyExists, "Provider with url " + url + " already exists.");
    }

    public static AwsException noSuchProvider(String arn) {
        return new AwsException(ErrorCode.NoSuchEntity, "OpenIDConnect Provider not found for arn " + arn);
    }

    /** The provider of this account with that ARN (another account's provider is NoSuchEntity too). */
    public OidcProvider get(String accountId, String arn) {
        return providers.find(arn).filter(p -> p.accountId().equals(accountId)).orElseThrow(() -> noSuchProvider(arn));
    }

    /** The account's provider of this issuer URL, if any (the bootstrap file names providers by issuer). */
    public Optional<OidcProvider> findByUrl(String accountId, String url) {
        return providers.findByUrl(accountId, OidcUrls.storedForm(url, allowHttpLoopback));
    }

    public List<OidcProvider> list(String accountId) {
        return providers.list(accountId);
    }

    public void delete(String accountId, String arn) {
        tx.run(() -> {
            OidcProvider p = get(accountId, arn);
            tags.removeAll(p.arn());
            providers.delete(p.arn());
        });
    }

    /** Idempotent: adding a client id already present changes nothing. */
    public void addClientId(String accountId, String arn, String clientId) {
        tx.run(() -> {
            OidcProvider p = get(accountId, arn);
            if (p.clientIds().contains(clientId)) {
                return;
            }
            requireClientQuota(p.clientIds().size() + 1);
            List<String> clients = new ArrayList<>(p.clientIds());
            clients.add(clientId);
            providers.update(new OidcProvider(p.arn(), p.accountId(), p.url(), clients, p.thumbprints(), p.created()));
        });
    }

    /** Idempotent: removing an absent client id changes nothing. */
    public void removeClientId(String accountId, String arn, String clientId) {
        tx.run(() -> {
            OidcProvider p = get(accountId, arn);
            List<String> clients = new ArrayList<>(p.clientIds());
            if (clients.remove(clientId)) {
                providers.update(new OidcProvider(p.arn(), p.accountId(), p.url(), clients, p.thumbprints(), p.created()));
            }
        });
    }

    public void updateThumbprints(String accountId, String arn, List<String> thumbprints) {
        requireThumbprints(thumbprints);
        tx.run(() -> {
            OidcProvider p = get(accountId, arn);
            providers.update(new OidcProvider(p.arn(), p.accountId(), p.url(), p.clientIds(), normalized(thumbprints),
                    p.created()));
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

    private static void requireClientQuota(int count) {
        if (count > MAX_CLIENT_IDS) {
            throw new AwsException(ErrorCode.LimitExceeded,
                    "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: " + MAX_CLIENT_IDS);
        }
    }

    private static void requireThumbprints(List<String> thumbprints) {
        if (thumbprints.size() > MAX_THUMBPRINTS) {
            throw new AwsException(ErrorCode.InvalidInput, "Thumbprint list must contain fewer than 5 entries.");
        }
        for (String t : thumbprints) {
            if (!t.matches("[0-9a-fA-F]{40}")) {
                // The model only fixes the length; SHA-1 thumbprints are hex, and federation compares them as such.
                throw new AwsException(ErrorCode.InvalidInput, "Thumbprint must be a 40-character hexadecimal string.");
            }
        }
    }

    private static List<String> distinct(List<String> values) {
        return List.copyOf(new LinkedHashSet<>(values));
    }

    /** Thumbprints are compared as lower-case hex; duplicates collapse. */
    private static List<String> normalized(List<String> thumbprints) {
        return distinct(thumbprints.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList());
    }
}
