package io.rolegate.audit;

import io.rolegate.store.AuditStore.Head;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The heads this replica's journal left its chains at, so that the next append can skip locking them (one round trip
 * to PostgreSQL instead of four: store.AuditStore#appendIfHeadsAre) and only find out at the write whether another
 * replica moved one meanwhile. A chain another writer moved is appended the locking way for {@link #CONTENDED_NANOS}:
 * when replicas take turns on the same account's chain, guessing would fail every time and cost a wasted round trip.
 */
final class KnownHeads {
    static final long CONTENDED_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Map<String, Head> heads = new ConcurrentHashMap<>();
    private final Map<String, Long> contendedSince = new ConcurrentHashMap<>();
    private final LongSupplier nanos;

    KnownHeads(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** The heads of these chains as this writer left them, or null when one is unknown or recently contended. */
    Map<String, Head> of(Collection<String> accounts) {
        Map<String, Head> known = new HashMap<>();
        long now = nanos.getAsLong();
        for (String account : accounts) {
            Head head = heads.get(account);
            Long since = contendedSince.get(account);
            if (since != null && now - since < CONTENDED_NANOS) {
                return null;
            }
            if (head == null) {
                return null;
            }
            known.put(account, head);
        }
        return known;
    }

    /** After a commit: the chains' heads are now these (a later head is kept if another thread committed one). */
    void moved(Map<String, Head> moved) {
        moved.forEach((account, head) -> heads.merge(account, head, (a, b) -> a.seq() >= b.seq() ? a : b));
    }

    /** Another writer moved one of these heads: forget them, and lock them for a while. */
    void contended(Collection<String> accounts) {
        long now = nanos.getAsLong();
        for (String account : accounts) {
            heads.remove(account);
            contendedSince.put(account, now);
        }
    }

    /** A write whose outcome is unknown (it failed): these heads are read again, under the lock, next time. */
    void forget(Collection<String> accounts) {
        accounts.forEach(heads::remove);
    }
}
