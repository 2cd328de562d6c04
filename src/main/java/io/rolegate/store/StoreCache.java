package io.rolegate.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A read cache over the store that stays coherent with it: {@link #invalidateAll()} is called on every store change,
 * and a value whose load overlapped a change is used once but not kept (Caffeine's invalidateAll spares in-flight
 * loads, so without the generation check a stale value could outlive the change).
 */
public final class StoreCache<K, V> {
    private final Cache<K, V> cache;
    private final AtomicLong generation = new AtomicLong();
    /** Every cache made, for the hit-ratio metrics (api.GatewayMetrics). */
    private static final Set<StoreCache<?, ?>> ALL = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private StoreCache(long maximumSize) {
        this.cache = Caffeine.newBuilder().maximumSize(maximumSize).recordStats().build();
        ALL.add(this);
    }

    /** Hits, misses and evictions summed over every store cache of this process. */
    public static CacheStats totals() {
        synchronized (ALL) {
            return ALL.stream().map(c -> c.cache.stats()).reduce(CacheStats.empty(), CacheStats::plus);
        }
    }

    public static <K, V> StoreCache<K, V> withMaximumSize(long maximumSize) {
        return new StoreCache<>(maximumSize);
    }

    public V get(K key, Function<? super K, ? extends V> loader) {
        long before = generation.get();
        V value = cache.get(key, loader);
        if (generation.get() != before) {
            cache.invalidate(key);
        }
        return value;
    }

    public void invalidateAll() {
        generation.incrementAndGet();
        cache.invalidateAll();
    }
}
