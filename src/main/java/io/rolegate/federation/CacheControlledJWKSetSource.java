package io.rolegate.federation;

import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.RefreshAheadCachingJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * nimbus' refresh-ahead cache (single flight, scheduled refresh) whose time-to-live is not fixed but read after each
 * load from the source that just fetched: the provider's Cache-Control, bounded (see {@link CacheLifetimes}). nimbus
 * computes every cache entry's expiry through {@link #getTimeToLive()} right after the load, on the loading thread
 * and under its refresh lock, so the lifetime read here is the one of the response just cached.
 */
final class CacheControlledJWKSetSource extends RefreshAheadCachingJWKSetSource<SecurityContext> {
    private final Supplier<Duration> lifetimeOfLastLoad;

    CacheControlledJWKSetSource(JWKSetSource<SecurityContext> source, Supplier<Duration> lifetimeOfLastLoad,
                                KeySettings settings, ExecutorService refreshers, ScheduledExecutorService scheduler) {
        super(source, settings.cacheMinTtl().toMillis(), settings.refreshWait().toMillis(),
                settings.refreshAhead().toMillis(), refreshers, false, null, scheduler, false);
        this.lifetimeOfLastLoad = lifetimeOfLastLoad;
    }

    @Override
    public long getTimeToLive() {
        return lifetimeOfLastLoad.get().toMillis();
    }
}
