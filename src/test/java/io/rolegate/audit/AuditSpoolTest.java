package io.rolegate.audit;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.store.AuditStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit spool as the trail's write-ahead log: calls are acknowledged once their events are forced to it, never
 * waiting for the database; events are chained in order, with the same records, in the background (after an outage,
 * after a crash, once each); an event the database refuses is set aside, and a spool that cannot be written fails
 * the call (the trail fails closed).
 */
class AuditSpoolTest {
    @TempDir
    Path dir;

    /** An in-memory chain whose database can be switched off. */
    static final class FlakyStore implements AuditStore {
        final AtomicBoolean down = new AtomicBoolean();
        final List<StoredEvent> events = new ArrayList<>();
        /** How long reaching the unreachable database takes (the pool's acquisition timeout). */
        volatile long failAfterMillis;
        private Head head = new Head(0, ChainHash.GENESIS);

        @Override
        public synchronized <T> T atomically(Supplier<T> work) {
            if (down.get()) {
                try {
                    Thread.sleep(failAfterMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new AwsException(ErrorCode.ServiceUnavailable, ErrorCode.ServiceUnavailable.defaultMessage(),
                        new java.sql.SQLException("Connection refused", "08001"));
            }
            int before = events.size();
            Head headBefore = head;
            try {
                return work.get();
            } catch (RuntimeException e) { // a transaction: nothing of it stays
                events.subList(before, events.size()).clear();
                head = headBefore;
                throw e;
            }
        }

        @Override
        public Head lockHead(String accountId, String genesisHash) {
            return head;
        }

        @Override
        public void insert(StoredEvent e) {
            if (e.eventName().startsWith("Poison")) {
                throw new IllegalStateException("constraint violated");
            }
            events.add(e);
        }

        @Override
        public void moveHead(String accountId, Head h) {
            head = h;
        }

        @Override
        public synchronized List<StoredEvent> lookup(String a, Instant s, Instant e, Attribute at, String v, Cursor c,
                                                     int l) {
            return at != Attribute.EVENT_ID ? List.of()
                    : events.stream().filter(x -> x.eventId().equals(v)).limit(l).toList();
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
        public long lastSeqBefore(String accountId, Instant end) {
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

    private static AuditEvent event(String name) {
        return new AuditEvent("111111111111", Instant.parse("2026-12-01T14:00:00Z"), "id-" + name, name,
                "sts.amazonaws.com", false, "alice", "AKIAEXAMPLE", null, null, "{\"eventName\":\"" + name + "\"}");
    }

    private AuditJournal journal(FlakyStore store) {
        return new AuditJournal(store, new AuditSpool(dir.resolve("audit-spool.jsonl")), dir.resolve("rejected.jsonl"));
    }

    /** The lines of every spool segment in the directory. */
    private List<String> spooled() throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("audit-spool")).sorted().toList()) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        return lines;
    }

    private static void until(Supplier<Boolean> done) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!done.get() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void eventsAreOnDiskBeforeTheCallReturnsAndChainedInOrderInTheBackground() throws Exception {
        FlakyStore store = new FlakyStore();
        AuditJournal journal = journal(store);
        try {
            journal.append(List.of(event("Before")));
            assertTrue(journal.awaitChained(5_000));
            assertEquals(List.of("Before"), store.names());
            store.down.set(true);
            journal.append(List.of(event("During1")));
            journal.append(List.of(event("During2")));
            assertEquals(2, spooled().size(), "both events are on disk before their calls return");
            assertFalse(journal.awaitChained(300), "the database is away: nothing more is chained");
            store.down.set(false);
            journal.append(List.of(event("After")));
            until(() -> store.names().size() >= 4);
            assertTrue(journal.awaitChained(5_000));
            assertEquals(List.of("Before", "During1", "During2", "After"), store.names());
            until(() -> {
                try {
                    return spooled().isEmpty();
                } catch (IOException e) {
                    return false;
                }
            });
            assertEquals(List.of(), spooled(), "chained segments are deleted");
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
    void afterACrashTheSpoolIsChainedOnceEvenIfPartOfItWasChainedBefore() throws Exception {
        FlakyStore store = new FlakyStore();
        // the crash came between the chain's commit of ChainedBeforeTheCrash and the deletion of its segment
        store.atomically(() -> {
            store.insert(new AuditStore.StoredEvent("111111111111", 1, event("ChainedBeforeTheCrash").eventTime(),
                    "id-ChainedBeforeTheCrash", "ChainedBeforeTheCrash", "sts.amazonaws.com", false, null, null, null,
                    null, "{}", ChainHash.GENESIS, "h1"));
            return null;
        });
        AuditSpool left = new AuditSpool(dir.resolve("audit-spool.jsonl"));
        left.append(List.of(event("ChainedBeforeTheCrash"), event("LeftByACrash")));
        left.close();
        // and the process died while writing one more line, whose call was never answered
        try (Stream<Path> files = Files.list(dir)) {
            Path segment = files.filter(f -> f.getFileName().toString().startsWith("audit-spool")).findFirst().orElseThrow();
            Files.writeString(segment, "{\"accountId\":\"1111", java.nio.file.StandardOpenOption.APPEND);
        }
        AuditJournal journal = journal(store);
        try {
            until(() -> store.names().size() >= 2);
            assertTrue(journal.awaitChained(5_000));
            assertEquals(List.of("ChainedBeforeTheCrash", "LeftByACrash"), store.names());
        } finally {
            journal.stop();
        }
    }

    @Test
    void aCallNeverWaitsForTheDatabase() throws Exception {
        FlakyStore store = new FlakyStore();
        store.failAfterMillis = 700;
        AuditJournal journal = journal(store);
        try {
            store.down.set(true);
            long slowest = 0;
            for (int i = 0; i < 30; i++) { // 3 s: the chainer's attempts (700 ms each) are under way meanwhile
                long t0 = System.nanoTime();
                journal.append(List.of(event("Later" + i)));
                slowest = Math.max(slowest, (System.nanoTime() - t0) / 1_000_000);
                Thread.sleep(100);
            }
            assertTrue(slowest < 300, "a call during the outage waited " + slowest + " ms");
            store.failAfterMillis = 0;
            store.down.set(false);
            until(() -> store.names().size() >= 30);
            assertEquals(30, store.names().size());
            assertEquals("Later0", store.names().get(0));
            assertEquals("Later29", store.names().get(29));
        } finally {
            journal.stop();
        }
    }

    @Test
    void anEventTheDatabaseRefusesIsSetAsideAndTheOthersAreChained() throws Exception {
        FlakyStore store = new FlakyStore();
        AuditJournal journal = journal(store);
        try {
            store.down.set(true); // so that the three are chained in one transaction, which then fails
            journal.append(List.of(event("First")));
            journal.append(List.of(event("Poison")));
            journal.append(List.of(event("Last")));
            store.down.set(false);
            until(() -> store.names().size() >= 2);
            assertTrue(journal.awaitChained(5_000));
            assertEquals(List.of("First", "Last"), store.names());
            assertTrue(Files.readString(dir.resolve("rejected.jsonl")).contains("\"eventName\":\"Poison\""));
        } finally {
            journal.stop();
        }
    }

    @Test
    void whenTheSpoolCannotBeWrittenTheCallFails() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("data"), "a file where the data directory should be");
        AuditJournal journal = new AuditJournal(new FlakyStore(), new AuditSpool(notADirectory.resolve("audit-spool.jsonl")),
                dir.resolve("rejected.jsonl"));
        try {
            assertThrows(IllegalStateException.class, () -> journal.append(List.of(event("Refused"))));
        } finally {
            journal.stop();
        }
    }

    @Test
    void anOperatorCommandsEventsAreChainedBeforeItsCallReturnsWithoutASpool() throws Exception {
        FlakyStore store = new FlakyStore();
        AuditJournal journal = AuditJournal.direct(store);
        try {
            journal.append(List.of(event("RecoverAdminAccessKey")));
            assertEquals(List.of("RecoverAdminAccessKey"), store.names(), "in the database when append returns");
            assertTrue(journal.awaitChained(100));
            assertEquals(List.of(), spooled());
            store.down.set(true);
            assertThrows(IllegalStateException.class, () -> journal.append(List.of(event("DuringAnOutage"))),
                    "without a spool, a command fails while the database is away");
        } finally {
            journal.stop();
        }
    }
}
