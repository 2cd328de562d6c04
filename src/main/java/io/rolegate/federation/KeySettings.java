package io.rolegate.federation;

import java.time.Duration;

/**
 * How remote keys are fetched and cached.
 *
 * @param connectTimeout      TCP connect timeout per address
 * @param readTimeout         socket read timeout
 * @param totalTimeout        deadline for one whole fetch (discovery and JWKS are separate fetches)
 * @param sizeLimitBytes      cap on a discovery document or JWKS body
 * @param cacheTtl            how long a fetched JWKS is used before it is refreshed
 * @param refreshAhead        refresh this long before cacheTtl runs out (scheduled, in the background)
 * @param refreshWait         how long concurrent callers wait for the one in-flight fetch (single-flight)
 * @param rateLimitInterval   nimbus rate limit window: at most one refetch after the fetch that opened the window
 * @param maxStaleness        while the IdP is down, keys fetched up to this long ago keep working
 * @param idleEviction        an issuer's key chain unused this long is dropped (deleted providers fade out)
 */
public record KeySettings(Duration connectTimeout, Duration readTimeout, Duration totalTimeout, int sizeLimitBytes,
                          Duration cacheTtl, Duration refreshAhead, Duration refreshWait, Duration rateLimitInterval,
                          Duration maxStaleness, Duration idleEviction) {

    public static KeySettings defaults() {
        return new KeySettings(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), 64 * 1024,
                Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofHours(24), Duration.ofHours(1));
    }
}
