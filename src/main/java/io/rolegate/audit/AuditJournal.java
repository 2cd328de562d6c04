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

/**
 * Appends events to the chains with group commit: request threads hand their events to one writer thread and wait;
 * the writer takes everything queued, appends it in one transaction (locking the head row of each account's chain,
 * so writers on other replicas interleave whole transactions, never links), commits durably, and only then releases
 * the waiting threads. One commit (and one fsync on H2) covers a whole batch, so the per-call cost is a hand-off
 * and a wait, not a transaction. While the database cannot be reached (ServiceUnavailable from the store), batches
 * go to the {@link AuditSpool} instead, and the spool is chained first once the database answers again (retried
 * every second, also when no call comes).
 */
final class AuditJournal {
    private static final Logger LOG = Logger.getLogger(AuditJournal.class);
    private static final int MAX_BATCH = 512;
    private static final long WAIT_SECONDS = 30;
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private record Pending(List<AuditEvent> events, CompletableFuture<Void> done) {
    }

    private final AuditStore store;
    private final AuditSpool spool;
    /** After the database was found unreachable, batches go straight to the spool until this (nanoTime). */
    private long retryAt;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(10_000);
    private final Thread writer;
    private volatile boolean running = true;

    AuditJournal(AuditStore store, AuditSpool spool) {
        this.store = store;
        this.spool = spool;
        this.retryAt = System.nanoTime();
        this.writer = new Thread(this::run, "audit-journal");
        writer.setDaemon(true);
        writer.start();
    }

    /** Returns when the events are durably chained; all of them or none (one transaction). */
    void append(List<AuditEvent> events) {
        Pending p = new Pending(events, new CompletableFuture<>());
        try {
            if (!queue.offer(p, WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("audit journal queue full");
            }
            p.done().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the audit trail", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("audit event not written", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("audit event not written in time", e);
        }
    }

    void stop() {
        running = false;
        writer.interrupt();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (running) {
            try {
                Pending first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    drainSpool(); // the database may be back: chain what was spooled without waiting for a call
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
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

    /** One transaction for the batch; if it fails, each call alone, so one bad event fails only its own call. */
    private void write(List<Pending> batch) {
        if (!drainSpool()) {
            spool(batch); // still unreachable: keep the order, spool behind what is spooled
            return;
        }
        try {
            appendAll(batch);
            batch.forEach(p -> p.done().complete(null));
        } catch (RuntimeException e) {
            if (unreachable(e)) {
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
                    appendAll(List.of(p));
                    p.done().complete(null);
                } catch (RuntimeException single) {
                    LOG.error("Audit event not written", single);
                    p.done().completeExceptionally(single);
                }
            }
        }
    }

    /** Chains the spooled events if any; false when the database is (still) unreachable. */
    private boolean drainSpool() {
        if (spool.isEmpty()) {
            return true;
        }
        if (System.nanoTime() - retryAt < 0) {
            return false;
        }
        try {
            spool.drainInto(this::chain);
            LOG.info("Audit journal: the database answers again; the events spooled during the outage are chained");
            return true;
        } catch (RuntimeException e) {
            if (!unreachable(e)) {
                throw e;
            }
            retryAt = System.nanoTime() + RETRY_NANOS;
            return false;
        }
    }

    private void spool(List<Pending> batch) {
        if (spool.isEmpty()) {
            LOG.warn("Audit journal: the database is unreachable; events are spooled to the data directory until it"
                    + " answers again");
        }
        retryAt = System.nanoTime() + RETRY_NANOS;
        List<AuditEvent> events = new ArrayList<>();
        batch.forEach(p -> events.addAll(p.events()));
        spool.append(events); // if this fails too, the calls fail (InternalFailure): the trail fails closed
        batch.forEach(p -> p.done().complete(null));
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

    private void appendAll(List<Pending> batch) {
        List<AuditEvent> events = new ArrayList<>();
        batch.forEach(p -> events.addAll(p.events()));
        chain(events);
    }

    private void chain(List<AuditEvent> events) {
        // accounts in a fixed order: two replicas' batches lock their head rows in the same order, never deadlock
        Map<String, List<AuditEvent>> byAccount = new TreeMap<>(Comparator.naturalOrder());
        for (AuditEvent e : events) {
            byAccount.computeIfAbsent(e.accountId(), k -> new ArrayList<>()).add(e);
        }
        store.atomically(() -> {
            byAccount.forEach((account, chained) -> {
                AuditStore.Head head = store.lockHead(account, ChainHash.GENESIS);
                long seq = head.seq();
                String hash = head.hash();
                for (AuditEvent e : chained) {
                    seq++;
                    String next = ChainHash.link(hash, seq, e.record());
                    store.insert(new AuditStore.StoredEvent(account, seq, e.eventTime(), e.eventId(), e.eventName(),
                            e.eventSource(), e.readOnly(), e.username(), e.accessKeyId(), e.resourceType(),
                            e.resourceName(), e.record(), hash, next));
                    hash = next;
                }
                store.moveHead(account, new AuditStore.Head(seq, hash));
            });
            return null;
        });
    }
}
