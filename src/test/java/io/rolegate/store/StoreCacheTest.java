package io.rolegate.store;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Entity-precise invalidation, loads overlapping a change, one load per key, bounded size. */
class StoreCacheTest {
    private final AtomicInteger loads = new AtomicInteger();
    private final StoreCache<String, String> cache = StoreCache.withMaximumSize(100);

    private String get(String key, String... tags) {
        return cache.get(key, k -> {
            loads.incrementAndGet();
            return StoreCache.Loaded.of(k + "#" + loads.get(), tags);
        });
    }

    @Test
    void aChangeDropsOnlyTheValuesTaggedWithItsKeyOrKind() {
        get("user-a", "AIDAA", "ANPAP");
        get("user-b", "AIDAB");
        get("all-revocations", Change.anyOf(Change.Kind.REVOCATION));
        assertEquals(3, loads.get());
        cache.invalidate(List.of(Change.of(Change.Kind.POLICY, "ANPAP")));
        get("user-a", "AIDAA", "ANPAP");
        get("user-b", "AIDAB");
        get("all-revocations");
        assertEquals(4, loads.get(), "only user-a, derived from the policy, is loaded again");
        cache.invalidate(List.of(Change.of(Change.Kind.REVOCATION, "ASIAXYZ")));
        get("all-revocations", Change.anyOf(Change.Kind.REVOCATION));
        assertEquals(5, loads.get(), "the kind wildcard covers every revocation");
        cache.invalidate(List.of(Change.of(Change.Kind.USER, "AIDAOTHER", "222222222222")));
        get("user-a");
        get("user-b");
        assertEquals(5, loads.get(), "another account's write drops nothing here");
    }

    /** On a thread that must not wait for the database (MemoryOnly), a hit answers and a miss stops unloaded. */
    @Test
    void aMemoryOnlyAttemptIsAnsweredByHitsAndStoppedByAMiss() {
        get("warm", "AIDAW");
        assertEquals(java.util.Optional.of("warm#1"), MemoryOnly.attempt(() -> get("warm")));
        assertEquals(java.util.Optional.empty(), MemoryOnly.attempt(() -> get("cold")));
        assertEquals(1, loads.get(), "the miss loaded nothing");
        assertEquals("cold#2", get("cold"));
    }

    @Test
    void aValueWhoseLoadOverlappedAChangeOfItsTagsIsReturnedButNotKept() {
        String first = cache.get("k", k -> {
            cache.invalidate(List.of(Change.of(Change.Kind.ROLE, "AROAR"))); // committed while we read the old row
            return StoreCache.Loaded.of("old", "AROAR");
        });
        assertEquals("old", first);
        assertEquals("new", cache.get("k", k -> StoreCache.Loaded.of("new", "AROAR")));
        String kept = cache.get("j", k -> {
            cache.invalidate(List.of(Change.of(Change.Kind.ROLE, "AROAOTHER"))); // not ours: keep the value
            return StoreCache.Loaded.of("j1", "AROAJ");
        });
        assertEquals("j1", kept);
        assertEquals("j1", cache.get("j", k -> StoreCache.Loaded.of("j2", "AROAJ")));
    }

    @Test
    void aColdKeyIsLoadedOnceHoweverManyAskAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> cache.get("cold", k -> {
                    loads.incrementAndGet();
                    await(release);
                    return StoreCache.Loaded.of("v", "AIDAC");
                })));
            }
            Thread.sleep(200);
            release.countDown();
            for (Future<String> f : answers) {
                assertEquals("v", f.get(5, TimeUnit.SECONDS));
            }
            assertEquals(1, loads.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSizeIsBoundedAndEvictedValuesLeaveTheIndex() {
        for (int i = 0; i < 1000; i++) {
            get("k" + i, "AIDA" + i);
        }
        assertTrue(cache.size() <= 100, "size " + cache.size());
        cache.invalidate(List.of(Change.of(Change.Kind.USER, "AIDA999")));
        int before = loads.get();
        get("k999", "AIDA999");
        assertEquals(before + 1, loads.get());
    }

    @Test
    void aCacheBoundedInBytesKeepsNoMoreThanItsBudget() {
        StoreCache<String, String> bytes = StoreCache.withMaximumBytes(10_000, String::length);
        for (int i = 0; i < 100; i++) {
            String big = "x".repeat(1_000 + i);
            bytes.get("k" + i, k -> StoreCache.Loaded.of(big, "AIDA" + k));
        }
        assertTrue(bytes.size() <= 10, "entries of about 1 KB in a 10 KB budget: " + bytes.size());
        assertTrue(bytes.size() >= 5, "the budget is used: " + bytes.size());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
