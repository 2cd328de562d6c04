package io.rolegate.audit;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.store.AuditStore;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.temporal.ChronoUnit;
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
 * Makes events durable before their calls are answered, then chains them into the database off the calls' path.
 * <ol>
 * <li>The writer (group commit): request threads hand their events over and wait; one thread takes everything queued,
 *     appends it to the {@link AuditSpool} (this replica's write-ahead log in the data directory), forces it to disk
 *     once for the whole batch, and only then releases the waiting threads. No call waits for the database: a warm
 *     AssumeRole makes no database round trip (the brief), and calls go on unchanged while PostgreSQL is away.</li>
 * <li>The chainer: every {@link #CHAIN_MILLIS} ms (or when a reader asks, {@link #awaitChained}) it chains everything
 *     spooled so far in one transaction (locking the head row of each account's chain, so chainers on other replicas
 *     interleave whole transactions, never links), then deletes those spool segments. Big batches make the database's
 *     share of an event small. While the database cannot be reached it retries every second; the spool keeps the
 *     events meanwhile, and a replica that restarts chains what it left.</li>
 * </ol>
 * A crash between a chain's commit and the deletion of its segments leaves events that are already chained: after a
 * restart they are recognised by their event id and not chained twice.
 */
final class AuditJournal {
    private static final Logger LOG = Logger.getLogger(AuditJournal.class);
    private static final int MAX_BATCH = 512;
    private static final long WAIT_SECONDS = 30;
    static final long CHAIN_MILLIS = 100;
    private static final long RETRY_MILLIS = 1000;

    private record Pending(List<AuditEvent> events, CompletableFuture<Void> done) {
    }

    private final AuditStore store;
    private final AuditSpool spool;
    private final Path rejected;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(10_000);
    /**
     * Events nobody waits for (calls refused for their rate): written when no call waits, or at most
     * {@link #BACKGROUND_PER_BATCH} of them beside the waiting calls' events, so they never crowd out another
     * tenant's answers. Bounded: when it is full the refusing thread waits for room (the noisy caller slows down).
     */
    private final BlockingQueue<Pending> background = new LinkedBlockingQueue<>(10_000);
    private static final int BACKGROUND_PER_BATCH = 32;
    /** Wakes the writer when only background events are queued. */
    private static final Pending WAKE = new Pending(List.of(), new CompletableFuture<>());
    private final Thread writer;
    private final Thread chainer;
    private volatile boolean running = true;
    /** Batches spooled and batches chained so far (guarded by {@code this}): what {@link #awaitChained} compares. */
    private long spooled;
    private long chained;
    private boolean chainRequested;

    AuditJournal(AuditStore store, AuditSpool spool, Path rejected) {
        this.store = store;
        this.spool = spool;
        this.rejected = rejected;
        this.spooled = spool != null && !spool.isEmpty() ? 1 : 0; // what an earlier process left: readers wait for it
        this.writer = new Thread(this::write, "audit-journal");
        writer.setDaemon(true);
        writer.start();
        this.chainer = spool == null ? null : new Thread(this::chainSpooled, "audit-journal-chain");
        if (chainer != null) {
            chainer.setDaemon(true);
            chainer.start();
        }
    }

    /**
     * Without a spool: each batch is chained in the database before its calls return (an operator command, which runs
     * beside the gateway on the same data directory, whose spool belongs to the gateway's process).
     */
    static AuditJournal direct(AuditStore store) {
        return new AuditJournal(store, null, null);
    }

    /** Returns when the events are durable (forced to the spool); all of them or none. */
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

    /** Queues the events to be spooled without waiting for them (a refusal for the caller's rate). */
    void appendInBackground(List<AuditEvent> events) {
        try {
            if (!background.offer(new Pending(events, new CompletableFuture<>()), WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("audit journal background queue full");
            }
            queue.offer(WAKE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the audit trail", e);
        }
    }

    /**
     * Waits (at most {@code timeoutMillis}) until everything this replica spooled before the call is chained, so a
     * reader of the trail (LookupEvents, the export) sees its own calls. False when the database did not take them in
     * time (an outage): the reader then sees the trail as chained so far.
     */
    boolean awaitChained(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (this) {
            long target = spooled;
            chainRequested = true;
            notifyAll();
            while (chained < target) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Stops both threads after a last attempt to chain what is spooled (what is not stays in the spool). */
    void stop() {
        running = false;
        writer.interrupt();
        try {
            writer.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (chainer == null) {
            return;
        }
        synchronized (this) {
            notifyAll();
        }
        try {
            chainer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        spool.close();
    }

    private void write() {
        List<Pending> batch = new ArrayList<>();
        while (running) {
            try {
                Pending first = background.isEmpty() ? queue.take() : queue.poll();
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                    batch.removeIf(p -> p == WAKE);
                }
                background.drainTo(batch, BACKGROUND_PER_BATCH);
                if (!batch.isEmpty()) {
                    List<AuditEvent> events = new ArrayList<>();
                    batch.forEach(p -> events.addAll(p.events()));
                    if (spool == null) {
                        chain(events);
                    } else {
                        spool.append(events); // if this fails, the calls fail (InternalFailure): the trail fails closed
                    }
                    synchronized (this) {
                        spooled++;
                        chained = spool == null ? spooled : chained;
                    }
                    batch.forEach(p -> p.done().complete(null));
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("Audit journal: events not written", e);
            } finally {
                batch.forEach(p -> p.done().completeExceptionally(new IllegalStateException("not written")));
                batch.clear();
            }
        }
    }

    private void chainSpooled() {
        boolean last = false;
        while (!last) {
            long target;
            synchronized (this) {
                try {
                    if (running && !chainRequested) {
                        wait(CHAIN_MILLIS);
                    }
                } catch (InterruptedException e) {
                    return;
                }
                chainRequested = false;
                target = spooled;
                last = !running;
            }
            try {
                if (!spool.isEmpty()) {
                    AuditSpool.Head head = spool.head();
                    chainHead(head);
                    spool.remove(head);
                }
                synchronized (this) {
                    chained = Math.max(chained, target);
                    notifyAll();
                }
            } catch (RuntimeException e) {
                if (!unreachable(e)) {
                    LOG.error("Audit journal: spooled events not chained (will retry)", e);
                } else {
                    LOG.warn("Audit journal: the database is unreachable; events stay in the spool until it answers");
                }
                if (!last) {
                    pause();
                }
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One transaction for the head; if the store refuses it for another reason than being unreachable, each event
     * alone, and an event the store refuses by itself is set aside in the rejected file (logged), so one bad event
     * cannot stop the trail.
     */
    private void chainHead(AuditSpool.Head head) {
        List<AuditEvent> events = head.recovered() ? notYetChained(head.events()) : head.events();
        try {
            chain(events);
        } catch (RuntimeException e) {
            if (unreachable(e) || events.size() == 1) {
                if (events.size() == 1 && !unreachable(e)) {
                    setAside(events.get(0), e);
                    return;
                }
                throw e;
            }
            for (AuditEvent one : events) {
                try {
                    chain(List.of(one));
                } catch (RuntimeException single) {
                    if (unreachable(single)) {
                        throw single;
                    }
                    setAside(one, single);
                }
            }
        }
    }

    /** Events left by an earlier process: those whose id is already in their account's chain were chained before a crash. */
    private List<AuditEvent> notYetChained(List<AuditEvent> events) {
        List<AuditEvent> out = new ArrayList<>();
        for (AuditEvent e : events) {
            boolean known = !store.lookup(e.accountId(), e.eventTime().minus(1, ChronoUnit.SECONDS),
                    e.eventTime().plus(1, ChronoUnit.SECONDS), AuditStore.Attribute.EVENT_ID, e.eventId(), null, 1).isEmpty();
            if (!known) {
                out.add(e);
            }
        }
        return out;
    }

    private void setAside(AuditEvent e, RuntimeException why) {
        LOG.errorf(why, "Audit event %s (%s) refused by the database; kept in %s", e.eventId(), e.eventName(), rejected);
        try {
            Files.writeString(rejected, AuditSpool.line(e) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException io) {
            throw new IllegalStateException("audit event " + e.eventId() + " neither chained nor set aside", io);
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

    private void chain(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
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
