package io.rolegate.sts;

import io.rolegate.federation.TrustedIssuer;
import io.rolegate.federation.ProviderLookup;
import io.rolegate.federation.runtime.WebIdentityFederation;
import io.rolegate.iam.OidcProviderDirectory;
import io.rolegate.model.OidcProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registered IAM OIDC providers as web identity federation sees them: (role account, token {@code iss}) -> the
 * provider, from {@link OidcProviderDirectory}'s memory cache (coherent with the store, on every replica).
 *
 * <p>Cached verification keys are dropped when the provider they were fetched for changes: a lookup that finds the
 * issuer deleted, or deleted and re-created, or with a new thumbprint list, evicts that issuer's keys before the token
 * is checked. Doing it lazily on lookup (rather than evicting every issuer on every committed store change) keeps the
 * JWKS caches warm across unrelated IAM writes; keys of a provider nobody asks for again expire through the
 * federation's idle eviction.
 */
@ApplicationScoped
public class WebIdentityProviders implements ProviderLookup {

    /** What the cached keys of an issuer were last used for, per account. */
    private record Seen(String issuerUrl, String arn, Instant created, List<String> thumbprints) {
        boolean sameAs(OidcProvider p) {
            return arn.equals(p.arn()) && created.equals(p.created()) && thumbprints.equals(p.thumbprints());
        }
    }

    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    @Inject
    OidcProviderDirectory directory;
    @Inject
    WebIdentityFederation federation;

    @Override
    public Optional<TrustedIssuer> find(String accountId, String issuer) {
        Optional<OidcProvider> found = directory.byIssuer(accountId, issuer);
        String key = accountId + ' ' + issuer;
        Seen before = seen.get(key); // a read on the hot path; writes only when something changed
        if (found.isEmpty()) {
            if (before != null && seen.remove(key, before)) {
                federation.evict(before.issuerUrl());
            }
            return Optional.empty();
        }
        OidcProvider p = found.get();
        if (before == null || !before.sameAs(p)) {
            seen.put(key, new Seen(p.issuerUrl(), p.arn(), p.created(), p.thumbprints()));
            if (before != null) {
                federation.evict(before.issuerUrl());
            }
        }
        return Optional.of(toFederation(p));
    }

    static TrustedIssuer toFederation(OidcProvider p) {
        return new TrustedIssuer(p.arn(), p.issuerUrl(), p.clientIds(), p.thumbprints());
    }
}
