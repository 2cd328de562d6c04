package io.rolegate.audit;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.rolegate.it.PostgresProfile;
import io.rolegate.store.AuditStore;
import io.rolegate.testing.DelegatingAuditStore;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two journals on one PostgreSQL database, as two replicas: each appends to a chain without locking its head when it
 * was the last to append to it ({@link KnownHeads}, store.JdbcAuditStore#appendIfHeadsAre), and when the other one
 * appended meanwhile that statement writes nothing and the batch goes the locking way. Whatever the interleaving,
 * each chain ends up whole: seq 1..n without a gap or a fork, every link verifying.
 */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class PostgresJournalReplicasTest {
    @Inject
    AuditStore store;

    @TempDir
    Path dir;

    /** The real store, counting the appends that skipped the lock and whether each found its heads in place. */
    static final class CountingStore extends DelegatingAuditStore {
        final AtomicInteger unlocked = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();

        CountingStore(AuditStore store) {
            super(store);
        }

        @Override
        public boolean appendIfHeadsAre(Map<String, Head> expected, List<StoredEvent> events, Map<String, Head> moved) {
            boolean done = super.appendIfHeadsAre(expected, events, moved);
            (done ? unlocked : refused).incrementAndGet();
            return done;
        }
    }

    private static List<AuditEvent> crossAccountCall(String caller, String owner, String name) {
        String id = "id-" + name;
        return List.of(event(caller, id, name), event(owner, id, name));
    }

    private static AuditEvent event(String account, String id, String name) {
        return new AuditEvent(account, Instant.parse("2026-12-02T05:00:00Z"), id, "AssumeRole", "sts.amazonaws.com",
                false, "vendor", "AKIAEXAMPLE", null, null,
                "{\"eventID\":\"" + id + "\",\"recipientAccountId\":\"" + account + "\",\"n\":\"" + name + "\"}");
    }

    /** The chain read back from the database: seq 1..expected, each link verifying, the head row at its end. */
    private void assertWhole(String account, int expected) {
        List<AuditStore.StoredEvent> chain = store.chain(account, 1, expected + 10);
        assertEquals(expected, chain.size(), "events in " + account + "'s chain");
        String hash = ChainHash.GENESIS;
        for (int i = 0; i < chain.size(); i++) {
            AuditStore.StoredEvent e = chain.get(i);
            assertEquals(i + 1, e.seq(), "seq of link " + i);
            assertEquals(hash, e.prevHash(), "link " + e.seq() + " names the one before it");
            assertEquals(ChainHash.link(hash, e.seq(), e.record()), e.hash(), "link " + e.seq() + " verifies");
            hash = e.hash();
        }
        AuditStore.Head head = store.atomically(() -> store.lockHead(account, ChainHash.GENESIS));
        assertEquals(new AuditStore.Head(expected, hash), head, account + "'s head row");
    }

    @Test
    void aReplicaThatGuessesAStaleHeadWritesNothingAndAppendsTheLockingWay() {
        CountingStore counted = new CountingStore(store);
        AuditJournal one = new AuditJournal(counted, new AuditSpool(dir.resolve("one.jsonl")));
        AuditJournal two = new AuditJournal(counted, new AuditSpool(dir.resolve("two.jsonl")));
        try {
            one.append(crossAccountCall("900000000001", "900000000002", "1")); // creates both chains: locking
            one.append(crossAccountCall("900000000001", "900000000002", "2")); // one's own heads: no lock
            assertEquals(1, counted.unlocked.get(), "appends without a lock after the journal's own append");
            two.append(crossAccountCall("900000000002", "900000000001", "3")); // two knows no head yet: locking
            one.append(crossAccountCall("900000000001", "900000000002", "4")); // one's guess is stale now
            assertEquals(1, counted.refused.get(), "appends that found a head moved by the other journal");
            one.append(crossAccountCall("900000000001", "900000000002", "5")); // contended: locking, for a while
            assertEquals(1, counted.unlocked.get(), "appends without a lock");
            assertEquals(1, counted.refused.get(), "a contended chain is not guessed again at once");
        } finally {
            one.stop();
            two.stop();
        }
        assertWhole("900000000001", 5);
        assertWhole("900000000002", 5);
    }

    @Test
    void twoReplicasAppendingToTheSameChainsConcurrentlyLeaveThemWhole() throws Exception {
        CountingStore counted = new CountingStore(store);
        List<AuditJournal> journals = List.of(new AuditJournal(counted, new AuditSpool(dir.resolve("a.jsonl"))),
                new AuditJournal(counted, new AuditSpool(dir.resolve("b.jsonl"))));
        ExecutorService callers = Executors.newFixedThreadPool(8);
        int perCaller = 40;
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int caller = t;
                done.add(callers.submit(() -> {
                    for (int i = 0; i < perCaller; i++) {
                        // callers of each journal in both directions: heads locked in both orders
                        String name = caller + "-" + i;
                        journals.get(caller % 2).append(caller % 4 < 2
                                ? crossAccountCall("900000000011", "900000000012", name)
                                : crossAccountCall("900000000012", "900000000011", name));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            callers.shutdownNow();
            journals.forEach(AuditJournal::stop);
        }
        assertWhole("900000000011", 8 * perCaller);
        assertWhole("900000000012", 8 * perCaller);
        assertTrue(counted.unlocked.get() + counted.refused.get() > 0, "some appends tried without a lock");
    }
}
