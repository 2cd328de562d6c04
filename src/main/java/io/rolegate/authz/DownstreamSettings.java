package io.rolegate.authz;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * How long downstream services may cache answers. A revocation (revoked session, deleted user or role, new deny)
 * reaches every replica within the change log poll interval ({@code rolegate.cache.change-poll-interval}; notifications
 * usually bring it sooner: store.ChangeFeed); a service may add its
 * cache TTL on top; together they must stay within {@link #REVOCATION_BOUND}. Checked at start: a TTL that would
 * break the bound stops the gateway rather than silently weakening it.
 */
@ApplicationScoped
@Startup
public class DownstreamSettings {
    /** A revoked session is refused everywhere, downstream caches included, within this. */
    public static final Duration REVOCATION_BOUND = Duration.ofSeconds(5);

    private final long cacheTtlSeconds;

    @Inject
    public DownstreamSettings(@ConfigProperty(name = "rolegate.authorize.cache-ttl", defaultValue = "3s") Duration ttl,
                              @ConfigProperty(name = "rolegate.cache.change-poll-interval", defaultValue = "1s") Duration poll) {
        Duration max = REVOCATION_BOUND.minus(poll);
        if (ttl.isNegative() || ttl.compareTo(max) > 0) {
            throw new IllegalStateException("rolegate.authorize.cache-ttl is " + ttl + "; it must be between 0 and "
                    + max + " (the revocation bound " + REVOCATION_BOUND + " minus rolegate.cache.change-poll-interval "
                    + poll + ")");
        }
        this.cacheTtlSeconds = ttl.toSeconds();
    }

    public long cacheTtlSeconds() {
        return cacheTtlSeconds;
    }
}
