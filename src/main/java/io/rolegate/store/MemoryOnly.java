package io.rolegate.store;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Work that may be done on a thread that must not wait for the database (an HTTP I/O thread): run through
 * {@link #attempt}, it gets its answer from the caches, or stops at the first cache miss or statement and answers
 * empty, and the caller hands the request to a worker thread that does it all again.
 */
public final class MemoryOnly {
    private static final ThreadLocal<Boolean> ACTIVE = new ThreadLocal<>();

    /** Thrown where the work would have waited for the database; caught by {@link #attempt} only. */
    static final class NeedsStore extends RuntimeException {
        private static final NeedsStore INSTANCE = new NeedsStore();

        private NeedsStore() {
            super("needs the store", null, false, false);
        }
    }

    private MemoryOnly() {
    }

    /** The work's result, or empty when it needed the store (its partial effects on memory are the caller's concern). */
    public static <T> Optional<T> attempt(Supplier<T> work) {
        if (ACTIVE.get() != null) {
            throw new IllegalStateException("MemoryOnly.attempt does not nest");
        }
        ACTIVE.set(Boolean.TRUE);
        try {
            return Optional.of(work.get());
        } catch (NeedsStore e) {
            return Optional.empty();
        } finally {
            ACTIVE.remove();
        }
    }

    /** Where a cache misses or a connection is taken: stops a memory-only attempt. */
    static void check() {
        if (ACTIVE.get() != null) {
            throw NeedsStore.INSTANCE;
        }
    }
}
