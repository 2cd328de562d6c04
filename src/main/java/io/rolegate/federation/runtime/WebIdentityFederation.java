package io.rolegate.federation.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.rolegate.error.AwsException;
import io.rolegate.federation.AddressGuard;
import io.rolegate.federation.ExtraClaims;
import io.rolegate.federation.KeyFetchFailure;
import io.rolegate.federation.KeyFetchObserver;
import io.rolegate.federation.KeySettings;
import io.rolegate.federation.ProviderLookup;
import io.rolegate.federation.RemoteKeys;
import io.rolegate.federation.ThumbprintTrust;
import io.rolegate.federation.ValidatedWebIdentity;
import io.rolegate.federation.WebIdentityValidator;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Quarkus face of web identity federation: reads rolegate.oidc.* configuration, owns the per-issuer key sources
 * and publishes per-issuer metrics. STS AssumeRoleWithWebIdentity calls {@link #validate}.
 *
 * <p>Configuration (defaults in brackets): allow-http-loopback [false], allowed-private-hosts (hosts or CIDRs) [none],
 * leeway [30s], default-claims [none], {@code claims."<provider-url-without-scheme>"=a,b} (in .properties files the
 * colon of a port must be escaped: {@code rolegate.oidc.claims."127.0.0.1\:8999/realms/demo"=groups}),
 * connect-timeout [1s], read-timeout [2s], total-timeout [4s], max-response-bytes [65536], cache-ttl [5m],
 * cache-min-ttl [1m], cache-max-ttl [1h], refresh-ahead [30s], refresh-wait [5s], refetch-interval [30s], max-staleness [24h], idle-eviction [1h].
 *
 * <p>Metrics, tagged {@code issuer}: rolegate.oidc.jwks.fetches, rolegate.oidc.jwks.failures (also tagged
 * {@code kind}: unreachable/refused), rolegate.oidc.jwks.cache.age (gauge, seconds since the last successful fetch).
 */
@ApplicationScoped
public class WebIdentityFederation {
    static final String CLAIMS_PREFIX = "rolegate.oidc.claims.";
    static final String CLAIMS_ENV_PREFIX = "ROLEGATE_OIDC_CLAIMS_";

    private final VertxDocumentFetcher fetcher;
    private final RemoteKeys remoteKeys;
    private final WebIdentityValidator validator;
    private final MeterRegistry registry;
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();

    @Inject
    public WebIdentityFederation(Clock clock, MeterRegistry registry, Config config, Vertx vertx,
                                 @ConfigProperty(name = "rolegate.oidc.allow-http-loopback", defaultValue = "false") boolean allowHttpLoopback,
                                 @ConfigProperty(name = "rolegate.oidc.allowed-private-hosts") Optional<List<String>> allowedPrivateHosts,
                                 @ConfigProperty(name = "rolegate.oidc.leeway", defaultValue = "30s") Duration leeway,
                                 @ConfigProperty(name = "rolegate.oidc.default-claims") Optional<List<String>> defaultClaims,
                                 @ConfigProperty(name = "rolegate.oidc.connect-timeout", defaultValue = "1s") Duration connectTimeout,
                                 @ConfigProperty(name = "rolegate.oidc.read-timeout", defaultValue = "2s") Duration readTimeout,
                                 @ConfigProperty(name = "rolegate.oidc.total-timeout", defaultValue = "4s") Duration totalTimeout,
                                 @ConfigProperty(name = "rolegate.oidc.max-response-bytes", defaultValue = "65536") int maxResponseBytes,
                                 @ConfigProperty(name = "rolegate.oidc.cache-ttl", defaultValue = "5m") Duration cacheTtl,
                                 @ConfigProperty(name = "rolegate.oidc.cache-min-ttl", defaultValue = "1m") Duration cacheMinTtl,
                                 @ConfigProperty(name = "rolegate.oidc.cache-max-ttl", defaultValue = "1h") Duration cacheMaxTtl,
                                 @ConfigProperty(name = "rolegate.oidc.refresh-ahead", defaultValue = "30s") Duration refreshAhead,
                                 @ConfigProperty(name = "rolegate.oidc.refresh-wait", defaultValue = "5s") Duration refreshWait,
                                 @ConfigProperty(name = "rolegate.oidc.refetch-interval", defaultValue = "30s") Duration refetchInterval,
                                 @ConfigProperty(name = "rolegate.oidc.max-staleness", defaultValue = "24h") Duration maxStaleness,
                                 @ConfigProperty(name = "rolegate.oidc.idle-eviction", defaultValue = "1h") Duration idleEviction) {
        this.registry = registry;
        AddressGuard guard = new AddressGuard(allowHttpLoopback, allowedPrivateHosts.orElse(List.of()),
                InetAddress::getAllByName);
        KeySettings settings = new KeySettings(connectTimeout, readTimeout, totalTimeout, maxResponseBytes, cacheTtl,
                cacheMinTtl, cacheMaxTtl, refreshAhead, refreshWait, refetchInterval, maxStaleness, idleEviction);
        this.fetcher = new VertxDocumentFetcher(vertx, guard, settings, ThumbprintTrust.jdkDefault());
        this.remoteKeys = new RemoteKeys(fetcher, settings, metrics(), clock);
        ExtraClaims extra = new ExtraClaims(defaultClaims.orElse(List.of()), perProviderClaims(config));
        this.validator = new WebIdentityValidator(clock, remoteKeys, leeway, extra);
    }

    /**
     * Validates a WebIdentityToken for a role in {@code roleAccountId} (docs/aws-behaviour.md §6.2 steps 1-6).
     *
     * @throws AwsException InvalidIdentityToken, ExpiredTokenException or IDPCommunicationError
     */
    public ValidatedWebIdentity validate(String token, String roleAccountId, ProviderLookup lookup) {
        return validator.validate(token, roleAccountId, lookup);
    }

    /** Drops the cached keys of one issuer URL (with scheme); call when its provider is deleted or changed. */
    public void evict(String issuerUrl) {
        remoteKeys.evict(issuerUrl);
    }

    public void evictAll() {
        remoteKeys.evictAll();
    }

    @PreDestroy
    void close() {
        remoteKeys.close();
        fetcher.close();
    }

    /**
     * rolegate.oidc.claims."host/path"=a,b -> {host/path: [a, b]} (quotes optional when the key has no dot). A
     * provider URL cannot be spelt in an environment variable's name, so the environment form carries it in the value:
     * ROLEGATE_OIDC_CLAIMS_&lt;ANY_NAME&gt;=host/path=a,b.
     */
    static Map<String, List<String>> perProviderClaims(Config config) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : config.getPropertyNames()) {
            String raw = name.startsWith(CLAIMS_PREFIX) || name.startsWith(CLAIMS_ENV_PREFIX)
                    ? config.getOptionalValue(name, String.class).orElse("") : null;
            if (raw == null) {
                continue;
            }
            String provider;
            if (name.startsWith(CLAIMS_PREFIX)) {
                provider = name.substring(CLAIMS_PREFIX.length());
                if (provider.length() >= 2 && provider.startsWith("\"") && provider.endsWith("\"")) {
                    provider = provider.substring(1, provider.length() - 1);
                }
            } else {
                int eq = raw.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalStateException(name + " must read <provider>=<claim>,<claim>..., e.g. "
                            + "token.actions.githubusercontent.com=repository_owner");
                }
                provider = raw.substring(0, eq).trim();
                raw = raw.substring(eq + 1);
            }
            List<String> claims = Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            out.put(provider, claims);
        }
        return out;
    }

    private KeyFetchObserver metrics() {
        return new KeyFetchObserver() {
            @Override
            public void fetched(String issuer) {
                Counter.builder("rolegate.oidc.jwks.fetches").description("JWKS retrievals per issuer")
                        .tag("issuer", issuer).register(registry).increment();
                if (gauged.add(issuer)) {
                    Gauge.builder("rolegate.oidc.jwks.cache.age", issuer,
                                    i -> remoteKeys.cacheAge(i).map(d -> d.toMillis() / 1000.0).orElse(Double.NaN))
                            .description("Seconds since the issuer's keys were last fetched").baseUnit("seconds")
                            .tag("issuer", issuer).register(registry);
                }
            }

            @Override
            public void failed(String issuer, KeyFetchFailure.Kind kind) {
                Counter.builder("rolegate.oidc.jwks.failures").description("Failed JWKS retrievals per issuer")
                        .tag("issuer", issuer).tag("kind", kind.name().toLowerCase(Locale.ROOT))
                        .register(registry).increment();
            }
        };
    }
}
