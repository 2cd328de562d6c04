package io.rolegate.audit;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.store.AuditStore;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Appends events to the chains with group commit: request threads hand their events to one writer thread and wait;
 * the writer takes everything queued, appends it in one transaction (locking the head row of each account's chain,
 * so writers on other replicas interleave whole transactions, never links), commits durably, and only then releases
 * the waiting threads. One commit (and one fsync on H2) covers a whole batch, so the per-call cost is a hand-off
 * and a wait, not a transaction. On PostgreSQL a batch whose chains this journal appended to last is written with one
 * statement that commits alone, without locking the heads first ({@link KnownHeads}): one round trip instead of four,
 * and if another replica moved a head meanwhile the statement writes nothing and the batch goes the locking way.
 * While the database cannot be reached (ServiceUnavailable from the store), batches
 * go to the {@link AuditSpool} instead, and so does every batch while something is spooled; a second thread chains
 * the spool, oldest first, once the database answers again (it tries every second; calls never wait for it).
 *
 * <p>With an outbox (the embedded H2 store, {@code rolegate.audit.outbox}), every batch goes to the spool, forced to
 * disk, and the second thread chains it into the database every {@link #OUTBOX_MILLIS} ms, all of it in one
 * transaction: on H2 a commit re-serializes every page it touched, which cost more CPU than the calls themselves
 * when each batch of calls had its own (docs/benchmarks.md "Session 9"). Reads of the trail call
 * {@link #chainPending()} first, so they see every call answered before them.
 */
final class AuditJournal {
    private static final Logger LOG = Logger.getLogger(AuditJournal.class);
    private static final int MAX_BATCH = 512;
    private static final long WAIT_SECONDS = 30;
    private static final long RETRY_MILLIS = 1000;
    /** How often the outbox is chained into the database. */
    static final long OUTBOX_MILLIS = 200;
    /**
     * At most this many events wait in the outbox: beyond it the writer chains them itself before it releases the
     * next calls, so callers faster than the chaining wait for it instead of growing the spool without bound.
     */
    static final long OUTBOX_BACKLOG = 10_000;

    private record Pending(List<AuditEvent> events, CompletableFuture<Void> done, long queuedAt) {
    }

    private final AuditStore store;
    private final AuditSpool spool;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(10_000);
    /**
     * Events nobody waits for (calls refused for their rate): written in transactions of their own, only when no call
     * is waiting (or after each batch of calls once {@link #BACKGROUND_ALONE} are queued), committed without forcing
     * the disk (the next waited commit forces them along), and gathered into transactions of
     * {@link #BACKGROUND_BATCH} calls ({@link #MAX_BATCH} while a backlog of {@link #BACKGROUND_ALONE} waits): a noisy
     * tenant's refusals add neither events to nor a disk flush before another tenant's answers, and its thousands of
     * refusals a second cost a few transactions, not one each (on H2 every commit re-serializes the pages it touched,
     * docs/benchmarks.md "Session 7"). A smaller batch waits at most {@link #BACKGROUND_LINGER_NANOS}. Bounded: when
     * it is full the refusing thread waits for room.
     */
    private final BlockingQueue<Pending> background = new LinkedBlockingQueue<>(10_000);
    private static final int BACKGROUND_ALONE = 1_000;
    static final int BACKGROUND_BATCH = 16;
    static final long BACKGROUND_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** Background events queued minus those taken: the writer is woken when it leaves 0 and when a batch is full. */
    private final AtomicInteger backgroundCount = new AtomicInteger();
    /** Wakes the writer when only background events are queued. */
    private static final Pending WAKE = new Pending(List.of(), new CompletableFuture<>(), 0);
    private final LongSupplier nanos;
    /** The heads this journal left its chains at (PostgreSQL appends without locking them while they stay there). */
    private final KnownHeads knownHeads;
    private final Thread writer;
    /** Chains the spool in the background, so no call waits for an attempt to reach the database during an outage. */
    private final Thread drainer;
    private volatile boolean running = true;
    /** False once the application shuts down: the drainer leaves what is spooled for the next start. */
    private volatile boolean draining = true;
    /** The drainer's pause between two chainings; {@link #stopDraining} ends it early. */
    private final Object pause = new Object();
    /** Every batch goes to the spool first (the outbox), chained into the database in the background. */
    private final boolean outbox;
    /** One chaining of the spool at a time: the drainer's, or a read's ({@link #chainPending()}). */
    private final Object chaining = new Object();

    AuditJournal(AuditStore store, AuditSpool spool) {
        this(store, spool, System::nanoTime, false);
    }

    AuditJournal(AuditStore store, AuditSpool spool, LongSupplier nanos) {
        this(store, spool, nanos, false);
    }

    AuditJournal(AuditStore store, AuditSpool spool, LongSupplier nanos, boolean outbox) {
        this.store = store;
        this.nanos = nanos;
        this.knownHeads = new KnownHeads(nanos);
        this.spool = spool;
        this.outbox = outbox;
        this.writer = new Thread(this::run, "audit-journal");
        writer.setDaemon(true);
        writer.start();
        this.drainer = new Thread(this::drain, "audit-journal-spool");
        drainer.setDaemon(true);
        drainer.start();
    }

    /** Returns when the events are durably chained; all of them or none (one transaction). */
    void append(List<AuditEvent> events) {
        await(appendAsync(events));
    }

    /** Waits for a future of {@link #appendAsync}: returns once it completed normally, throws if it failed. */
    static void await(CompletableFuture<Void> written) {
        try {
            written.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the audit trail", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof TimeoutException timeout
                    ? new IllegalStateException("audit event not written in time", timeout)
                    : new IllegalStateException("audit event not written", e.getCause());
        }
    }

    /**
     * Queues the events and returns at once: the future completes, on the writer thread, once they are durably chained
     * (all of them or none), and fails if they are not, or not within {@link #WAIT_SECONDS}. Whoever answers the call
     * waits for it without holding a thread (the gateway's AssumeRole: api.GatewayResource). Only a full queue makes
     * the caller wait here, for room.
     */
    CompletableFuture<Void> appendAsync(List<AuditEvent> events) {
        Pending p = new Pending(events, new CompletableFuture<>(), 0);
        try {
            if (!queue.offer(p, WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("audit journal queue full");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the audit trail", e);
        }
        return p.done().orTimeout(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Queues the events to be chained without waiting for them (a refusal for the caller's rate). */
    void appendInBackground(List<AuditEvent> events) {
        try {
            Pending p = new Pending(events, new CompletableFuture<>(), nanos.getAsLong());
            if (!background.offer(p, WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("audit journal background queue full");
            }
            int queued = backgroundCount.incrementAndGet();
            if (queued == 1 || queued == BACKGROUND_BATCH) {
                queue.offer(WAKE); // the writer may be asleep waiting for a call, or a batch is full
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the audit trail", e);
        }
    }

    /**
     * Stops chaining the spool in the background (the application is shutting down, and the database may close before
     * {@link #stop}): what is spooled stays on disk and is chained at the next start.
     */
    void stopDraining() {
        synchronized (pause) {
            draining = false;
            pause.notifyAll();
        }
        try {
            // not interrupted: an interrupt during H2's file I/O closes the database. A chaining under way finishes
            drainer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the threads; the events nobody waited for (refusals') still queued are written first, not dropped. */
    void stop() {
        running = false;
        writer.interrupt();
        drainer.interrupt();
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        List<Pending> rest = new ArrayList<>();
        background.drainTo(rest);
        if (!rest.isEmpty()) {
            write(rest, true); // to the database, or to the spool if it is gone already (chained at the next start)
        }
        spool.close(); // what is still spooled is chained at the next start
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (running) {
            try {
                Pending first = nextCall();
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                    batch.removeIf(p -> p == WAKE);
                }
                if (!batch.isEmpty()) {
                    write(batch, true); // calls wait for these: forced to disk before they are released
                    batch.clear();
                    if (background.size() < BACKGROUND_ALONE) {
                        continue;
                    }
                }
                if (backgroundWait() > 0) {
                    continue;
                }
                // a backlog (refusals faster than one small transaction between calls) is drained as fast as before
                background.drainTo(batch, background.size() >= BACKGROUND_ALONE ? MAX_BATCH : BACKGROUND_BATCH);
                backgroundCount.addAndGet(-batch.size());
                if (!batch.isEmpty()) {
                    write(batch, false);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("Audit journal writer failed", e);
            } finally {
                batch.forEach(p -> p.done().completeExceptionally(new IllegalStateException("not written")));
                batch.clear();
            }
        }
    }

    /** The next waiting call, or null when background events are due before one arrives. */
    private Pending nextCall() throws InterruptedException {
        if (background.isEmpty()) {
            return queue.take();
        }
        long wait = backgroundWait();
        return wait <= 0 ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
    }

    /** Nanoseconds until the background events are due: a full batch or the oldest's linger over is due now. */
    private long backgroundWait() {
        Pending oldest = background.peek();
        if (oldest == null) {
            return Long.MAX_VALUE;
        }
        if (background.size() >= BACKGROUND_BATCH) {
            return 0;
        }
        return BACKGROUND_LINGER_NANOS - (nanos.getAsLong() - oldest.queuedAt());
    }

    /** One transaction for the batch; if it fails, each call alone, so one bad event fails only its own call. */
    private void write(List<Pending> batch, boolean forced) {
        if (outbox && spool.backlog() >= OUTBOX_BACKLOG) {
            try {
                chainPending(); // push back: these calls wait until the chaining has caught up
            } catch (RuntimeException e) {
                if (!unreachable(e)) {
                    LOG.error("Audit journal: spooled events not chained (will retry)", e);
                }
            }
        }
        if (outbox || !spool.isEmpty()) {
            spool(batch); // the outbox, or behind what is spooled: the chain keeps the order of the calls
            return;
        }
        try {
            appendAll(batch, forced);
            batch.forEach(p -> p.done().complete(null));
        } catch (RuntimeException e) {
            if (unreachable(e)) {
                LOG.warn("Audit journal: the database is unreachable; events are spooled to the data directory until"
                        + " it answers again");
                spool(batch);
                return;
            }
            if (batch.size() == 1) {
                LOG.error("Audit event not written", e);
                batch.get(0).done().completeExceptionally(e);
                return;
            }
            for (Pending p : batch) {
                try {
                    appendAll(List.of(p), forced);
                    p.done().complete(null);
                } catch (RuntimeException single) {
                    LOG.error("Audit event not written", single);
                    p.done().completeExceptionally(single);
                }
            }
        }
    }

    private void spool(List<Pending> batch) {
        List<AuditEvent> events = new ArrayList<>();
        batch.forEach(p -> events.addAll(p.events()));
        spool.append(events); // if this fails too, the calls fail (InternalFailure): the trail fails closed
        batch.forEach(p -> p.done().complete(null));
    }

    /**
     * Every second while something is spooled (every {@link #OUTBOX_MILLIS} ms with an outbox): chain the oldest
     * spooled events, then drop them from the spool.
     */
    private void drain() {
        while (running && draining) {
            try {
                synchronized (pause) {
                    if (draining) {
                        pause.wait(outbox ? OUTBOX_MILLIS : RETRY_MILLIS);
                    }
                }
                if (!draining || spool.isEmpty()) {
                    continue;
                }
                synchronized (chaining) {
                    chainHead();
                }
                if (!outbox && spool.isEmpty()) {
                    LOG.info("Audit journal: the database answers again; the events spooled meanwhile are chained");
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!unreachable(e)) {
                    LOG.error("Audit journal: spooled events not chained (will retry)", e);
                }
            }
        }
    }

    /** Chains the oldest spooled segment; whether it held every event spooled until then. */
    private boolean chainHead() {
        AuditSpool.Head head = spool.head();
        if (head.segment() == null) {
            return true;
        }
        if (!head.events().isEmpty()) {
            chain(head.events());
        }
        spool.remove(head);
        return head.latest();
    }

    /**
     * Chains everything spooled before this call (the outbox's events: a read of the trail then sees every call
     * answered before it). Throws what the database throws when it cannot.
     */
    void chainPending() {
        if (spool.isEmpty()) {
            return;
        }
        synchronized (chaining) {
            while (!spool.isEmpty() && !chainHead()) {
                // older segments first, up to the one cut from what was appended until now
            }
        }
    }

    /** The store's answer when PostgreSQL cannot be reached (store.StoreException): ServiceUnavailable. */
    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AwsException a && a.code() == ErrorCode.ServiceUnavailable) {
                return true;
            }
        }
        return false;
    }

    private void appendAll(List<Pending> batch, boolean forced) {
        List<AuditEvent> events = new ArrayList<>();
        batch.forEach(p -> events.addAll(p.events()));
        chain(events, forced);
    }

    private void chain(List<AuditEvent> events) {
        chain(events, true);
    }

    /** forced false: committed without forcing the disk (events nobody waits for). */
    private void chain(List<AuditEvent> events, boolean forced) {
        // accounts in a fixed order: two replicas' batches lock their head rows in the same order, never deadlock
        Map<String, List<AuditEvent>> byAccount = new TreeMap<>(Comparator.naturalOrder());
        for (AuditEvent e : events) {
            byAccount.computeIfAbsent(e.accountId(), k -> new ArrayList<>()).add(e);
        }
        try {
            // where this writer left every head (PostgreSQL): one statement appends if they are still there
            Map<String, AuditStore.Head> expected = forced && store.appendsWithoutLocking()
                    ? knownHeads.of(byAccount.keySet()) : null;
            if (expected != null) {
                Links links = link(byAccount, expected);
                if (store.appendIfHeadsAre(expected, links.rows(), links.heads())) {
                    knownHeads.moved(links.heads());
                    return;
                }
                knownHeads.contended(byAccount.keySet()); // another replica appended meanwhile: lock them
            }
            // one statement locks every head, one batch inserts every event, one batch moves every head: a
            // cross-account call's two chains cost four round trips to PostgreSQL with the commit, not seven
            Supplier<Links> work = () -> {
                Links links = link(byAccount, store.lockHeads(new ArrayList<>(byAccount.keySet()), ChainHash.GENESIS));
                store.insertAll(links.rows());
                store.moveHeads(links.heads());
                return links;
            };
            knownHeads.moved((forced ? store.atomically(work) : store.atomicallyUnforced(work)).heads());
        } catch (RuntimeException e) {
            knownHeads.forget(byAccount.keySet());
            throw e;
        }
    }

    /** The rows that append the events to their chains from these heads, and the heads they leave. */
    private record Links(List<AuditStore.StoredEvent> rows, Map<String, AuditStore.Head> heads) {
    }

    private static Links link(Map<String, List<AuditEvent>> byAccount, Map<String, AuditStore.Head> from) {
        List<AuditStore.StoredEvent> rows = new ArrayList<>();
        Map<String, AuditStore.Head> moved = new TreeMap<>();
        byAccount.forEach((account, chained) -> {
            AuditStore.Head head = from.get(account);
            long seq = head.seq();
            String hash = head.hash();
            for (AuditEvent e : chained) {
                seq++;
                String next = ChainHash.link(hash, seq, e.record());
                rows.add(new AuditStore.StoredEvent(account, seq, e.eventTime(), e.eventId(), e.eventName(),
                        e.eventSource(), e.readOnly(), e.username(), e.accessKeyId(), e.resourceType(),
                        e.resourceName(), e.record(), hash, next));
                hash = next;
            }
            moved.put(account, new AuditStore.Head(seq, hash));
        });
        return new Links(rows, moved);
    }
}
