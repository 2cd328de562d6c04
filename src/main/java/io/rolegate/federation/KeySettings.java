package io.rolegate.federation;

import java.time.Duration;

/**
 * How remote keys are fetched and cached.
 *
 * @param connectTimeout      TCP connect timeout per address
 * @param readTimeout         longest silence while waiting for (more of) a response
 * @param totalTimeout        deadline for one whole fetch (discovery and JWKS are separate fetches)
 * @param sizeLimitBytes      cap on a discovery document or JWKS body
 * @param cacheTtl            how long a fetched JWKS is used when the provider's response has no Cache-Control max-age
 * @param cacheMinTtl         lower bound on the provider's max-age; also the lifetime for no-store / no-cache
 * @param cacheMaxTtl         upper bound on the provider's max-age
 * @param refreshAhead        refresh this long before the lifetime runs out (scheduled, in the background)
 * @param refreshWait         how long concurrent callers wait for the one in-flight fetch (single-flight)
 * @param rateLimitInterval   nimbus rate limit window: at most one refetch after the fetch that opened the window
 * @param maxStaleness        while the IdP is down, keys fetched up to this long ago keep working
 * @param idleEviction        an issuer's key chain unused this long is dropped (deleted providers fade out)
 */
public record KeySettings(Duration connectTimeout, Duration readTimeout, Duration totalTimeout, int sizeLimitBytes,
                          Duration cacheTtl, Duration cacheMinTtl, Duration cacheMaxTtl, Duration refreshAhead,
                          Duration refreshWait, Duration rateLimitInterval, Duration maxStaleness,
                          Duration idleEviction) {

    public KeySettings {
        if (cacheMinTtl.compareTo(cacheTtl) > 0 || cacheTtl.compareTo(cacheMaxTtl) > 0) {
            throw new IllegalArgumentException("JWKS cache lifetimes must satisfy cache-min-ttl (" + cacheMinTtl
                    + ") <= cache-ttl (" + cacheTtl + ") <= cache-max-ttl (" + cacheMaxTtl + ")");
        }
        if (cacheMinTtl.compareTo(refreshAhead.plus(refreshWait)) < 0) {
            // nimbus' refresh-ahead cache needs this; a shorter lifetime would refresh on every use
            throw new IllegalArgumentException("cache-min-ttl (" + cacheMinTtl + ") must be at least refresh-ahead ("
                    + refreshAhead + ") + refresh-wait (" + refreshWait + ")");
        }
    }

    public static KeySettings defaults() {
        return new KeySettings(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), 64 * 1024,
                Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofHours(24), Duration.ofHours(1));
    }
}
