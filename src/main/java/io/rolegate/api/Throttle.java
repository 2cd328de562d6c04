package io.rolegate.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.rolegate.iam.Caller;
import io.rolegate.model.Arn;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Request-rate limits per account and per principal, one token bucket each per {@link ThrottleFamily}
 * (README "Quotas and limits"). A request takes a token from its principal's bucket and from its account's; either
 * empty answers AWS's Throttling error (HTTP 400) with Retry-After, which the AWS SDKs retry with backoff.
 * Buckets live in this replica's memory (bounded; an idle bucket is full again anyway and is dropped).
 * <p>Configuration per family ({@code rolegate.throttle.<family>.account.rate}, {@code .account.burst},
 * {@code .principal.rate}, {@code .principal.burst}; requests per second, a rate of 0 lifts that limit) and
 * {@code rolegate.throttle.enabled}.
 * <p>A {@code @Singleton}, not {@code @ApplicationScoped}: it is called on the I/O thread for every signed request,
 * and the client proxy's context lookup before each call was 2 % of the I/O threads' samples with a tenant at 5x its
 * limit (docs/benchmarks.md "Session 11").
 */
@Singleton
public class Throttle {
    private enum Scope { ACCOUNT, PRINCIPAL }

    private record Key(ThrottleFamily family, Scope scope, String id) {
    }

    private record Limit(double rate, double burst) {
        boolean unlimited() {
            return rate <= 0;
        }
    }

    private final boolean enabled;
    private final Map<ThrottleFamily, Limit> accountLimits = new EnumMap<>(ThrottleFamily.class);
    private final Map<ThrottleFamily, Limit> principalLimits = new EnumMap<>(ThrottleFamily.class);
    private final Cache<Key, TokenBucket> buckets = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10)).build();
    private final LongSupplier nanos;
    /** rolegate.throttled.requests per family and scope, registered once: a noisy tenant is refused thousands of times a second. */
    private final Map<ThrottleFamily, Map<Scope, Counter>> refusals = new EnumMap<>(ThrottleFamily.class);

    @Inject
    public Throttle(Config config, MeterRegistry registry) {
        this(config, registry, System::nanoTime);
    }

    Throttle(Config config, MeterRegistry registry, LongSupplier nanos) {
        this.enabled = config.getOptionalValue("rolegate.throttle.enabled", Boolean.class).orElse(true);
        this.nanos = nanos;
        for (ThrottleFamily f : ThrottleFamily.values()) {
            accountLimits.put(f, limit(config, f, "account", f.accountRate, f.accountBurst));
            principalLimits.put(f, limit(config, f, "principal", f.principalRate, f.principalBurst));
            Map<Scope, Counter> counters = new EnumMap<>(Scope.class);
            for (Scope scope : Scope.values()) {
                counters.put(scope, Counter.builder("rolegate.throttled.requests").description("Requests answered Throttling")
                        .tag("family", f.key()).tag("scope", scope.name().toLowerCase(java.util.Locale.ROOT))
                        .register(registry));
            }
            refusals.put(f, counters);
        }
    }

    private static Limit limit(Config config, ThrottleFamily f, String scope, double rate, double burst) {
        String prefix = "rolegate.throttle." + f.key() + "." + scope + ".";
        double r = config.getOptionalValue(prefix + "rate", Double.class).orElse(rate);
        double b = config.getOptionalValue(prefix + "burst", Double.class).orElse(Math.max(1, burst * r / rate));
        if (r > 0 && b < 1) {
            throw new IllegalStateException(prefix + "burst is " + b + "; it must be at least 1");
        }
        return new Limit(r, b);
    }

    /** False when rolegate.throttle.enabled is off: every request is admitted. */
    boolean enabled() {
        return enabled;
    }

    /** A Query request after authentication: signed ones count for their caller, unsigned ones for the role asked for. */
    void admit(ActionTable.Action action, Caller caller, Params params) {
        ThrottleFamily family = ThrottleFamily.of(action);
        if (action.signed()) {
            admit(family, caller);
        } else {
            admitUnsigned(family, params.get("RoleArn"));
        }
    }

    /** A request of an authenticated caller. */
    public void admit(ThrottleFamily family, Caller caller) {
        if (caller != null) {
            admit(family, caller.accountId(), caller.principalArn());
        }
    }

    /** An unsigned request (AssumeRoleWithWebIdentity...): counted against the role it asks for and its account. */
    void admitUnsigned(ThrottleFamily family, String roleArn) {
        Optional<Arn> arn = Arn.parse(roleArn);
        if (arn.isPresent() && Arn.isAccountId(arn.get().account())) {
            admit(family, arn.get().account(), roleArn);
        }
    }

    /** Takes a token from the principal's and the account's bucket, or throws Throttling. */
    public void admit(ThrottleFamily family, String accountId, String principal) {
        if (!enabled) {
            return;
        }
        long now = nanos.getAsLong();
        TokenBucket principalBucket = bucket(family, Scope.PRINCIPAL, principal, principalLimits.get(family), now);
        long wait = principalBucket == null ? 0 : principalBucket.take(now);
        if (wait > 0) {
            throw throttled(family, Scope.PRINCIPAL, wait);
        }
        TokenBucket accountBucket = bucket(family, Scope.ACCOUNT, accountId, accountLimits.get(family), now);
        wait = accountBucket == null ? 0 : accountBucket.take(now);
        if (wait > 0) {
            if (principalBucket != null) {
                principalBucket.giveBack();
            }
            throw throttled(family, Scope.ACCOUNT, wait);
        }
    }

    private TokenBucket bucket(ThrottleFamily family, Scope scope, String id, Limit limit, long now) {
        if (id == null || limit.unlimited()) {
            return null;
        }
        return buckets.get(new Key(family, scope, id), k -> new TokenBucket(limit.rate(), limit.burst(), now));
    }

    private ThrottledException throttled(ThrottleFamily family, Scope scope, long waitNanos) {
        refusals.get(family).get(scope).increment();
        return new ThrottledException(Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999L)));
    }
}
