package io.rolegate.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.stats.CacheStats;

import java.util.Collections;
import java.util.WeakHashMap;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;

/**
 * A bounded read cache over the store that stays coherent with it entity by entity. Each value is loaded with the
 * tags of what it was derived from ({@link Change} keys: unique ids, name keys, kind wildcards), and
 * {@link #invalidate} drops exactly the values tagged with a changed key. Loads are coalesced per key (one load per
 * key at a time: Caffeine's {@code get(key, loader)}), so a cold cache does not send a herd to the database.
 *
 * <p>A value whose load overlapped a change of one of its tags is returned to its caller but not kept: every
 * invalidation stamps its tags (in a fixed array of stripes, so the stamps take no memory per tag) before it looks
 * up the values to drop, and a load checks the stamps of its tags after it has indexed its value.
 */
public final class StoreCache<K, V> {

    /** A loaded value and the tags it was derived from. */
    public record Loaded<V>(V value, Collection<String> tags) {
        public static <V> Loaded<V> of(V value, Collection<String> tags) {
            return new Loaded<>(value, List.copyOf(tags));
        }

        public static <V> Loaded<V> of(V value, String... tags) {
            return new Loaded<>(value, List.of(tags));
        }
    }

    /** A cached value with its tags; identity matters (the tag index holds entries, never keys). */
    private static final class Entry<K, V> {
        final K key;
        final V value;
        final List<String> tags;

        Entry(K key, V value, Collection<String> tags) {
            this.key = key;
            this.value = value;
            this.tags = List.copyOf(tags);
        }
    }

    private static final int STRIPES = 4096;

    private final Cache<K, Entry<K, V>> cache;
    private final Map<String, Set<Entry<K, V>>> byTag = new ConcurrentHashMap<>();
    private final AtomicLong clock = new AtomicLong();
    private final AtomicLongArray stamps = new AtomicLongArray(STRIPES);
    private volatile long flushedAt;

    /** Every cache made, for the hit-ratio metrics (api.GatewayMetrics). */
    private static final Set<StoreCache<?, ?>> ALL = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private StoreCache(Caffeine<Object, Object> bound) {
        this.cache = bound.recordStats()
                .removalListener((K k, Entry<K, V> e, RemovalCause cause) -> {
                    if (e != null) {
                        unindex(e);
                    }
                })
                .executor(Runnable::run) // unindex at once: the index never outgrows the cache
                .build();
        ALL.add(this);
    }

    /** Hits, misses and evictions summed over every store cache of this process. */
    public static CacheStats totals() {
        synchronized (ALL) {
            return ALL.stream().map(c -> c.cache.stats()).reduce(CacheStats.empty(), CacheStats::plus);
        }
    }

    public static <K, V> StoreCache<K, V> withMaximumSize(long maximumSize) {
        return new StoreCache<>(Caffeine.newBuilder().maximumSize(maximumSize));
    }

    /** Bounded by an estimate of the bytes each value holds, for values whose size varies widely (SAML metadata). */
    public static <K, V> StoreCache<K, V> withMaximumBytes(long maximumBytes, java.util.function.ToIntFunction<V> bytes) {
        return new StoreCache<>(Caffeine.newBuilder().maximumWeight(maximumBytes)
                .weigher((Object k, Object e) -> {
                    @SuppressWarnings("unchecked") V value = ((Entry<K, V>) e).value;
                    return bytes.applyAsInt(value);
                }));
    }

    public V get(K key, Function<? super K, Loaded<V>> loader) {
        Entry<K, V> hit = cache.getIfPresent(key);
        if (hit != null) {
            return hit.value;
        }
        MemoryOnly.check(); // a miss loads from the store
        long start = clock.get();
        Entry<K, V> e = cache.get(key, k -> {
            Loaded<V> l = loader.apply(k);
            return new Entry<>(k, l.value(), l.tags());
        });
        index(e);
        if (changedSince(e.tags, start)) {
            cache.asMap().remove(key, e);
        }
        if (cache.asMap().get(key) != e) {
            unindex(e); // dropped before it was indexed: keep the index no larger than the cache
        }
        return e.value;
    }

    /** Drops every value tagged with a key (or the kind wildcard) of these changes. */
    public void invalidate(Collection<Change> changes) {
        for (Change c : changes) {
            for (String tag : c.tags()) {
                invalidateTag(tag);
            }
        }
    }

    private void invalidateTag(String tag) {
        stamps.accumulateAndGet(stripe(tag), clock.incrementAndGet(), Math::max);
        Set<Entry<K, V>> tagged = byTag.get(tag);
        if (tagged != null) {
            for (Entry<K, V> e : tagged) {
                cache.asMap().remove(e.key, e);
            }
        }
    }

    /** Drops everything (a replica that may have missed changes: see ChangeFeed). */
    public void invalidateAll() {
        flushedAt = clock.incrementAndGet();
        cache.invalidateAll();
    }

    /** Number of cached values (tests, metrics). */
    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private boolean changedSince(List<String> tags, long start) {
        if (flushedAt > start) {
            return true;
        }
        for (String tag : tags) {
            if (stamps.get(stripe(tag)) > start) {
                return true;
            }
        }
        return false;
    }

    private void index(Entry<K, V> e) {
        for (String tag : e.tags) {
            byTag.compute(tag, (t, s) -> {
                Set<Entry<K, V>> set = s == null ? ConcurrentHashMap.newKeySet() : s;
                set.add(e);
                return set;
            });
        }
    }

    private void unindex(Entry<K, V> e) {
        for (String tag : e.tags) {
            byTag.computeIfPresent(tag, (t, s) -> {
                s.remove(e);
                return s.isEmpty() ? null : s;
            });
        }
    }

    private static int stripe(String tag) {
        return Math.floorMod(tag.hashCode() * 0x9E3779B9, STRIPES);
    }
}
