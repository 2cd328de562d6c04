package io.rolegate.audit;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.store.AuditStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A database outage (the store answers ServiceUnavailable): calls are still acknowledged, their events forced to the
 * spool file, and chained in order, with the same records, once the database answers again. Any other store failure
 * still fails the call (the trail fails closed).
 */
class AuditSpoolTest {
    @TempDir
    Path dir;

    /** An in-memory chain whose database can be switched off. */
    static final class FlakyStore implements AuditStore {
        final AtomicBoolean down = new AtomicBoolean();
        final AtomicBoolean broken = new AtomicBoolean();
        final List<StoredEvent> events = new ArrayList<>();
        /** How long reaching the unreachable database takes (the pool's acquisition timeout). */
        volatile long failAfterMillis;
        private Head head = new Head(0, ChainHash.GENESIS);
        /** The event names of each transaction, "unforced:" before those committed without forcing the disk. */
        final List<String> transactions = new ArrayList<>();

        @Override
        public synchronized <T> T atomicallyUnforced(Supplier<T> work) {
            T result = atomically(work);
            transactions.set(transactions.size() - 1, "unforced:" + transactions.get(transactions.size() - 1));
            return result;
        }

        @Override
        public synchronized <T> T atomically(Supplier<T> work) {
            int before = events.size();
            T result = atomicallyInner(work);
            transactions.add(names().subList(before, events.size()).toString());
            return result;
        }

        private <T> T atomicallyInner(Supplier<T> work) {
            if (down.get()) {
                try {
                    Thread.sleep(failAfterMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new AwsException(ErrorCode.ServiceUnavailable, ErrorCode.ServiceUnavailable.defaultMessage(),
                        new java.sql.SQLException("Connection refused", "08001"));
            }
            if (broken.get()) {
                throw new IllegalStateException("constraint violated");
            }
            return work.get();
        }

        @Override
        public Head lockHead(String accountId, String genesisHash) {
            return head;
        }

        @Override
        public void insertAll(List<StoredEvent> appended) {
            events.addAll(appended);
        }

        @Override
        public void moveHead(String accountId, Head h) {
            head = h;
        }

        @Override
        public List<StoredEvent> lookup(String a, Instant s, Instant e, Attribute at, String v, Cursor c, int l) {
            return List.of();
        }

        @Override
        public List<StoredEvent> chain(String accountId, long fromSeq, int limit) {
            return List.of();
        }

        @Override
        public List<String> accounts() {
            return List.of();
        }

        @Override
        public long lastSeqBetween(String accountId, Instant start, Instant end) {
            return 0;
        }

        @Override
        public Optional<StoredDigest> lastDigest(String accountId) {
            return Optional.empty();
        }

        @Override
        public boolean insertDigest(StoredDigest d) {
            return true;
        }

        @Override
        public List<StoredDigest> digests(String accountId, Instant fromHour) {
            return List.of();
        }

        @Override
        public int prune(Instant before) {
            return 0;
        }

        synchronized List<String> names() {
            return events.stream().map(StoredEvent::eventName).toList();
        }
    }

    /** A spool in this test's directory, under the name the gateway gives it in its data directory. */
    private AuditSpool newSpool() {
        return new AuditSpool(dir.resolve("audit-spool.jsonl"));
    }

    /** Lines in the spool: the file appended to and the segments cut from it, not chained yet. */
    private long spooledLines() throws java.io.IOException {
        long n = 0;
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("audit-spool.jsonl")).toList()) {
                n += Files.readAllLines(f).stream().filter(l -> !l.isBlank()).count();
            }
        }
        return n;
    }

    private static AuditEvent event(String name) {
        return new AuditEvent("111111111111", Instant.parse("2026-12-01T14:00:00Z"), "id-" + name, name,
                "sts.amazonaws.com", false, "alice", "AKIAEXAMPLE", null, null, "{\"eventName\":\"" + name + "\"}");
    }

    @Test
    void eventsOfCallsDuringAnOutageAreSpooledThenChainedInOrderWhenTheDatabaseIsBack() throws Exception {
        FlakyStore store = new FlakyStore();
        Path file = dir.resolve("audit-spool.jsonl");
        AuditJournal journal = new AuditJournal(store, new AuditSpool(file));
        try {
            journal.append(List.of(event("Before")));
            store.down.set(true);
            journal.append(List.of(event("During1")));
            journal.append(List.of(event("During2")));
            assertEquals(List.of("Before"), store.names());
            assertEquals(2, spooledLines(), "both events are on disk before their calls return");
            store.down.set(false);
            journal.append(List.of(event("After"))); // within a second of the failure: spooled behind the others
            long deadline = System.nanoTime() + 10_000_000_000L;
            while ((store.names().size() < 4 || spooledLines() > 0) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(List.of("Before", "During1", "During2", "After"), store.names());
            assertEquals(0, spooledLines());
            AuditStore.StoredEvent spooled = store.events.get(1);
            assertEquals(event("During1").record(), spooled.record());
            assertEquals(event("During1").eventTime(), spooled.eventTime());
            assertEquals(2, spooled.seq(), "chained in order");
            assertEquals(store.events.get(0).hash(), spooled.prevHash());
        } finally {
            journal.stop();
        }
    }

    @Test
    void theSpoolIsChainedWithoutWaitingForACallAndAfterARestart() throws Exception {
        Path file = dir.resolve("audit-spool.jsonl");
        new AuditSpool(file).append(List.of(event("LeftByACrash")));
        FlakyStore store = new FlakyStore();
        AuditJournal journal = new AuditJournal(store, new AuditSpool(file));
        try {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (store.names().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(List.of("LeftByACrash"), store.names());
        } finally {
            journal.stop();
        }
    }

    @Test
    void duringAnOutageOnlyTheCallThatFindsItWaitsForTheDatabase() throws Exception {
        FlakyStore store = new FlakyStore();
        store.failAfterMillis = 700;
        AuditJournal journal = new AuditJournal(store, newSpool());
        try {
            store.down.set(true);
            journal.append(List.of(event("Finds")));
            long slowest = 0;
            for (int i = 0; i < 30; i++) { // 3 s: the background retries (700 ms each) are under way meanwhile
                long t0 = System.nanoTime();
                journal.append(List.of(event("Later" + i)));
                slowest = Math.max(slowest, (System.nanoTime() - t0) / 1_000_000);
                Thread.sleep(100);
            }
            assertTrue(slowest < 300, "a call during the outage waited " + slowest + " ms");
            store.failAfterMillis = 0;
            store.down.set(false);
            awaitEvents(store, 31);
            assertEquals(31, store.names().size());
            assertEquals("Finds", store.names().get(0));
            assertEquals("Later29", store.names().get(30));
        } finally {
            journal.stop();
        }
    }

    @Test
    void anyOtherStoreFailureStillFailsTheCall() {
        FlakyStore store = new FlakyStore();
        Path file = dir.resolve("audit-spool.jsonl");
        AuditJournal journal = new AuditJournal(store, new AuditSpool(file));
        try {
            store.broken.set(true);
            assertThrows(IllegalStateException.class, () -> journal.append(List.of(event("Refused"))));
            assertTrue(new AuditSpool(file).isEmpty(), "nothing spooled");
            assertTrue(store.names().isEmpty());
        } finally {
            journal.stop();
        }
    }

    /**
     * Events of calls refused for their rate (nobody waits for them) are chained in transactions of their own,
     * committed without forcing the disk, never inside a waiting call's transaction.
     */
    @Test
    void rateRefusalsAreChainedApartFromWaitingCallsAndWithoutForcingTheDisk() throws Exception {
        FlakyStore store = new FlakyStore();
        AuditJournal journal = new AuditJournal(store, newSpool());
        try {
            Thread noisy = new Thread(() -> {
                for (int i = 0; i < 300; i++) {
                    journal.appendInBackground(List.of(event("Refused" + i)));
                }
            });
            noisy.start();
            for (int i = 0; i < 30; i++) {
                journal.append(List.of(event("Call" + i)));
            }
            noisy.join();
            awaitEvents(store, 330);
            assertEquals(330, store.names().size(), "every refusal is on record too");
            List<String> txs;
            synchronized (store) {
                txs = List.copyOf(store.transactions);
            }
            for (String tx : txs) {
                boolean calls = tx.contains("Call");
                boolean refusals = tx.contains("Refused");
                assertTrue(!(calls && refusals), "a waiting call's transaction carried refusals: " + tx);
                assertEquals(refusals, tx.startsWith("unforced:"), "forced iff it holds waiting calls: " + tx);
            }
        } finally {
            journal.stop();
        }
    }

    /**
     * A noisy tenant's refusals cost a few transactions, not one each: they are gathered into batches of
     * {@link AuditJournal#BACKGROUND_BATCH} (on H2 every commit writes a chunk of pages, docs/benchmarks.md).
     */
    @Test
    void rateRefusalsAreGatheredIntoBatches() throws Exception {
        FlakyStore store = new FlakyStore();
        AuditJournal journal = new AuditJournal(store, newSpool());
        try {
            int refusals = 20 * AuditJournal.BACKGROUND_BATCH;
            for (int i = 0; i < refusals; i++) {
                journal.appendInBackground(List.of(event("Refused" + i)));
            }
            awaitEvents(store, refusals);
            assertEquals(refusals, store.names().size(), "every refusal is on record");
            List<String> txs;
            synchronized (store) {
                txs = List.copyOf(store.transactions);
            }
            assertTrue(txs.size() <= 22, txs.size() + " transactions for " + refusals + " refusals");
            assertTrue(txs.stream().allMatch(t -> t.startsWith("unforced:")), txs.toString());
        } finally {
            journal.stop();
        }
    }

    /** Stopping the journal (a graceful shutdown) writes the refusals' events still lingering instead of dropping them. */
    @Test
    void refusalsStillQueuedAtStopAreWritten() {
        FlakyStore store = new FlakyStore();
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000_000_000L);
        AuditJournal journal = new AuditJournal(store, newSpool(), now::get);
        journal.appendInBackground(List.of(event("Refused")));
        journal.stop(); // long before the linger (time stands still) is over
        assertEquals(List.of("Refused"), store.names());
    }

    /** A lone refusal waits for more to share its transaction, at most the linger (time injected), then is written. */
    @Test
    void aLoneRateRefusalIsWrittenOnceItsLingerIsOver() throws Exception {
        FlakyStore store = new FlakyStore();
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000_000_000L);
        AuditJournal journal = new AuditJournal(store, newSpool(), now::get);
        try {
            journal.appendInBackground(List.of(event("Refused")));
            Thread.sleep(AuditJournal.BACKGROUND_LINGER_NANOS / 1_000_000 + 300);
            assertEquals(List.of(), store.names(), "written before its linger was over");
            now.addAndGet(AuditJournal.BACKGROUND_LINGER_NANOS);
            awaitEvents(store, 1);
            assertEquals(List.of("Refused"), store.names());
        } finally {
            journal.stop();
        }
    }

    /**
     * With an outbox (the embedded store's default) a call returns once its event is forced to the spool; the
     * events are chained in the order of the calls, many per transaction, and a read that calls chainPending sees
     * every call answered before it.
     */
    @Test
    void withAnOutboxCallsAreOnDiskWhenTheyReturnAndChainedInOrderManyPerTransaction() throws Exception {
        FlakyStore store = new FlakyStore();
        AuditSpool spool = newSpool();
        AuditJournal journal = new AuditJournal(store, spool, System::nanoTime, true);
        try {
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                journal.append(List.of(event("Call" + i)));
                sent.add("Call" + i);
                // both locks: no segment being cut or chained meanwhile; one chained but not yet deleted counts twice
                synchronized (spool) {
                    synchronized (store) {
                        assertTrue(store.events.size() + spooledLines() >= i + 1, "call " + i + " durable when it returned");
                    }
                }
            }
            journal.chainPending();
            assertEquals(sent, store.names(), "every answered call chained, in order, once read");
            assertEquals(0, spooledLines());
            assertTrue(store.transactions.size() < 20, "40 calls in " + store.transactions.size() + " transactions");
            for (int i = 0; i < store.events.size(); i++) {
                assertEquals(i + 1, store.events.get(i).seq());
            }
        } finally {
            journal.stop();
        }
    }

    /** Callers faster than the chaining wait for it: the outbox never holds much more than its bound. */
    @Test
    void aFullOutboxIsChainedBeforeTheNextCallsAreReleased() throws Exception {
        FlakyStore store = new FlakyStore();
        AuditSpool spool = newSpool();
        AuditJournal journal = new AuditJournal(store, spool, System::nanoTime, true);
        try {
            List<AuditEvent> many = new ArrayList<>();
            for (int i = 0; i < AuditJournal.OUTBOX_BACKLOG; i++) {
                many.add(event("Bulk" + i));
            }
            journal.append(many);
            journal.append(List.of(event("Next")));
            assertTrue(store.names().size() >= AuditJournal.OUTBOX_BACKLOG, "the full outbox was chained first");
            assertTrue(spool.backlog() <= 1, "backlog " + spool.backlog());
        } finally {
            journal.stop();
        }
    }

    /** A crash can leave a segment cut from the spool and a newer spool file: the next start chains both, in order. */
    @Test
    void anOutboxLeftByACrashIsChainedOldestFirstAtTheNextStart() throws Exception {
        Path file = dir.resolve("audit-spool.jsonl");
        AuditSpool first = new AuditSpool(file);
        first.append(List.of(event("Old1"), event("Old2")));
        AuditSpool.Head cut = first.head(); // the drainer cut a segment, then the process died before chaining it
        assertEquals(2, cut.events().size());
        first.append(List.of(event("New")));
        first.close();
        FlakyStore store = new FlakyStore();
        AuditJournal journal = new AuditJournal(store, new AuditSpool(file), System::nanoTime, true);
        try {
            journal.chainPending();
            assertEquals(List.of("Old1", "Old2", "New"), store.names());
            assertEquals(0, spooledLines());
        } finally {
            journal.stop();
        }
    }

    /** Waits (10 s at most) until the store holds at least that many events. */
    private static void awaitEvents(FlakyStore store, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (store.names().size() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
