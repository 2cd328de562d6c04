package io.rolegate.federation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.OutageTolerantJWKSetSource;
import com.nimbusds.jose.jwk.source.RateLimitedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;

import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One nimbus JWKSource per issuer URL, built from nimbus' building blocks around {@link DiscoveringJWKSetSource}
 * (in the order nimbus' JWKSourceBuilder stacks them): cache (with single-flight refresh: concurrent callers wait for
 * one fetch) + scheduled refresh-ahead + rate limit + outage tolerance. The cache keeps each JWKS as long as the
 * provider's Cache-Control says, within [cache-min-ttl, cache-max-ttl] ({@link CacheControlledJWKSetSource}); all
 * layers read time from the injected clock ({@link ClockedJWKSource}). An unknown kid makes nimbus refetch; a rotated key at the IdP is therefore picked up without
 * operator action. Rate limit (nimbus semantics): the fetch that opens a window of {@code rateLimitInterval} may be
 * followed by ONE more fetch inside it; further unknown kids in that window fail without network traffic. Executors are shared by all issuers. Sources unused for {@code idleEviction} are closed and dropped;
 * {@link #evict(String)} / {@link #evictAll()} drop them at once (call when a provider changes or is deleted).
 */
public final class RemoteKeys implements KeySources, AutoCloseable {

    private final DocumentFetcher fetcher;
    private final KeySettings settings;
    private final KeyFetchObserver observer;
    private final Clock clock;
    private final Map<String, Instant> lastFetched = new ConcurrentHashMap<>();
    private final Cache<SourceKey, JWKSource<SecurityContext>> sources;
    private final ExecutorService refreshers;
    private final ScheduledExecutorService scheduler;

    /** One key chain per provider URL and thumbprint list (a changed ThumbprintList gets a fresh chain). */
    private record SourceKey(String url, List<String> thumbprints) {
    }

    /** @param fetcher fetches documents; {@link DocumentFetcher#forThumbprints} gives each provider its TLS trust */
    public RemoteKeys(DocumentFetcher fetcher, KeySettings settings, KeyFetchObserver observer, Clock clock) {
        this.fetcher = fetcher;
        this.settings = settings;
        this.clock = clock;
        this.observer = new KeyFetchObserver() {
            @Override
            public void fetched(String issuer) {
                lastFetched.put(issuer, clock.instant());
                observer.fetched(issuer);
            }

            @Override
            public void failed(String issuer, KeyFetchFailure.Kind kind) {
                observer.failed(issuer, kind);
            }
        };
        this.refreshers = Executors.newCachedThreadPool(daemon("rolegate-jwks-refresh"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("rolegate-jwks-schedule"));
        this.sources = Caffeine.newBuilder()
                .expireAfterAccess(settings.idleEviction())
                .removalListener((SourceKey key, JWKSource<SecurityContext> source, RemovalCause cause) -> {
                    if (key != null) {
                        lastFetched.remove(key.url());
                    }
                    closeQuietly(source);
                })
                .build();
    }

    @Override
    public JWKSource<SecurityContext> forProvider(TrustedIssuer provider) {
        List<String> thumbprints = provider.thumbprints().stream().map(t -> t.toLowerCase(Locale.ROOT))
                .sorted().toList();
        return sources.get(new SourceKey(provider.url(), thumbprints), this::build);
    }

    private JWKSource<SecurityContext> build(SourceKey key) {
        DiscoveringJWKSetSource discovering = new DiscoveringJWKSetSource(key.url(),
                fetcher.forThumbprints(key.thumbprints()), CacheLifetimes.of(settings), observer);
        JWKSetSource<SecurityContext> source = new OutageTolerantJWKSetSource<>(discovering, outageTtlMillis(), null);
        source = new RateLimitedJWKSetSource<>(source, settings.rateLimitInterval().toMillis(), null);
        source = new CacheControlledJWKSetSource(source, discovering::lifetime, settings, refreshers, scheduler);
        return new ClockedJWKSource(source, clock);
    }

    /**
     * nimbus' outage cache hands a stale set to the main cache, which then keeps it for cache-min-ttl (the lifetime
     * after a failed fetch); subtracting that makes maxStaleness the real bound on how old keys in use can get.
     */
    private long outageTtlMillis() {
        return Math.max(1, settings.maxStaleness().minus(settings.cacheMinTtl()).toMillis());
    }

    /** Age of the keys last fetched for an issuer (the cache-age gauge); empty before the first successful fetch. */
    public Optional<Duration> cacheAge(String issuerUrl) {
        Instant at = lastFetched.get(issuerUrl);
        return at == null ? Optional.empty() : Optional.of(Duration.between(at, clock.instant()));
    }

    public void evict(String issuerUrl) {
        sources.invalidateAll(sources.asMap().keySet().stream().filter(k -> k.url().equals(issuerUrl)).toList());
    }

    public void evictAll() {
        sources.invalidateAll();
    }

    @Override
    public void close() {
        sources.invalidateAll();
        sources.cleanUp();
        scheduler.shutdownNow();
        refreshers.shutdownNow();
        try {
            refreshers.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(JWKSource<SecurityContext> source) {
        if (source instanceof Closeable c) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing a cache cannot fail in a way we could act on
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
