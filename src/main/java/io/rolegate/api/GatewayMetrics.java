package io.rolegate.api;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rolegate.error.ErrorCode;
import io.rolegate.iam.SessionKeys;
import io.rolegate.store.StoreCache;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's own meters (README "Metrics"), on /q/metrics:
 * <ul>
 * <li>{@code rolegate.requests} (timer) per {@code action} and {@code outcome} (success, client_error, server_error)
 *     with the error {@code code} (none on success);</li>
 * <li>{@code rolegate.request.latency} (histogram) for the AssumeRole* and authorize actions;</li>
 * <li>{@code rolegate.store.cache.requests} per {@code result} (hit, miss) over every store cache, and
 *     {@code rolegate.store.cache.hit.ratio};</li>
 * <li>{@code rolegate.signing.key.age}: seconds since the active session-token signing key began to sign.</li>
 * </ul>
 * Throttled requests: {@link Throttle}; JWKS fetches per issuer: federation.runtime.WebIdentityFederation.
 */
@ApplicationScoped
public class GatewayMetrics {
    private static final Set<String> HISTOGRAMS = Set.of("AssumeRole", "AssumeRoleWithWebIdentity",
            "AssumeRoleWithSAML", "Authorize", "AuthorizeBatch");

    @Inject
    MeterRegistry registry;
    @Inject
    SessionKeys keys;
    @Inject
    Clock clock;

    @PostConstruct
    void registerGauges() {
        FunctionCounter.builder("rolegate.store.cache.requests", this, m -> StoreCache.totals().hitCount())
                .description("Store cache lookups").tag("result", "hit").register(registry);
        FunctionCounter.builder("rolegate.store.cache.requests", this, m -> StoreCache.totals().missCount())
                .description("Store cache lookups").tag("result", "miss").register(registry);
        Gauge.builder("rolegate.store.cache.hit.ratio", this, m -> StoreCache.totals().hitRate())
                .description("Share of store cache lookups answered from memory").register(registry);
        Gauge.builder("rolegate.signing.key.age", this, m -> signingKeyAge().toMillis() / 1000.0)
                .description("Seconds since the active session-token signing key began to sign").baseUnit("seconds")
                .register(registry);
    }

    Duration signingKeyAge() {
        var active = keys.ring().activeKey();
        return Duration.between(active.activatedAt() == null ? active.createdAt() : active.activatedAt(), clock.instant());
    }

    /** The meters of one action and outcome, built once: registering per request sorts tags and looks up ids. */
    private record Meters(Timer requests, Timer latency) {
    }

    private record MeterKey(String action, ErrorCode code) {
    }

    private final Map<MeterKey, Meters> meters = new ConcurrentHashMap<>();

    /** One answered request: {@code code} null for a success. */
    void record(String action, ErrorCode code, long nanos) {
        String name = action == null || action.isEmpty() ? "none" : action;
        Meters m = meters.computeIfAbsent(new MeterKey(name, code), this::register);
        m.requests().record(nanos, TimeUnit.NANOSECONDS);
        if (m.latency() != null) {
            m.latency().record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    // the action names come from the action table (or "unknown"/"none"), never the caller's text: the map is bounded
    private Meters register(MeterKey k) {
        Timer requests = Timer.builder("rolegate.requests").description("Answered requests per action and outcome")
                .tag("action", k.action()).tag("outcome", outcome(k.code()))
                .tag("code", k.code() == null ? "none" : k.code().code()).register(registry);
        Timer latency = !HISTOGRAMS.contains(k.action()) ? null
                : Timer.builder("rolegate.request.latency").description("Latency of the hot actions")
                .tag("action", k.action()).publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(5)).register(registry);
        return new Meters(requests, latency);
    }

    private static String outcome(ErrorCode code) {
        if (code == null) {
            return "success";
        }
        return code.httpStatus() >= 500 ? "server_error" : "client_error";
    }
}
