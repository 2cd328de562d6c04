package io.rolegate.audit;

import io.quarkus.test.junit.QuarkusTest;
import io.rolegate.store.AuditStore;
import io.rolegate.testing.DelegatingAuditStore;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link AuditJournal#appendAsync}, what the gateway's answers wait for without holding a thread: it returns while
 * the events are still being written, its future completes only once their transaction has committed, and it fails
 * (the call is then answered InternalFailure, never acknowledged) when they cannot be written. The real store (the
 * embedded default), with every durable transaction held at a gate the test opens.
 */
@QuarkusTest
class AuditJournalAsyncTest {
    @Inject
    AuditStore store;

    @TempDir
    Path dir;

    /** The real store; each durable transaction waits for the gate, then fails if told to. */
    static final class GatedStore extends DelegatingAuditStore {
        final CountDownLatch gate = new CountDownLatch(1);
        volatile RuntimeException failure;

        GatedStore(AuditStore store) {
            super(store);
        }

        @Override
        public <T> T atomically(Supplier<T> work) {
            try {
                assertTrue(gate.await(30, TimeUnit.SECONDS), "the test opened the gate");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (failure != null) {
                throw failure;
            }
            return super.atomically(work);
        }
    }

    private static List<AuditEvent> call(String account, String id) {
        return List.of(new AuditEvent(account, Instant.parse("2026-12-02T08:00:00Z"), id, "AssumeRole",
                "sts.amazonaws.com", false, "vendor", "AKIAEXAMPLE", null, null,
                "{\"eventID\":\"" + id + "\",\"recipientAccountId\":\"" + account + "\"}"));
    }

    @Test
    void theFutureCompletesOnlyOnceTheEventsAreCommitted() throws Exception {
        GatedStore gated = new GatedStore(store);
        AuditJournal journal = new AuditJournal(gated, new AuditSpool(dir.resolve("spool.jsonl")));
        try {
            CompletableFuture<Void> first = journal.appendAsync(call("900000000031", "async-1"));
            CompletableFuture<Void> second = journal.appendAsync(call("900000000031", "async-2"));
            Thread.sleep(300); // the writer has taken the first batch and waits at the gate
            assertFalse(first.isDone(), "completed before its transaction committed");
            assertFalse(second.isDone(), "completed before its transaction committed");
            assertEquals(0, store.chain("900000000031", 1, 10).size(), "events in the chain before the commit");
            gated.gate.countDown();
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
            List<AuditStore.StoredEvent> chain = store.chain("900000000031", 1, 10);
            assertEquals(List.of("async-1", "async-2"), chain.stream().map(AuditStore.StoredEvent::eventId).toList(),
                    "the chain once both futures completed, in the order of the calls");
        } finally {
            journal.stop();
        }
    }

    @Test
    void eventsThatCannotBeWrittenFailTheirFutureAndLeaveNothing() throws Exception {
        GatedStore gated = new GatedStore(store);
        gated.failure = new IllegalStateException("the disk is full");
        AuditJournal journal = new AuditJournal(gated, new AuditSpool(dir.resolve("spool.jsonl")));
        try {
            CompletableFuture<Void> recorded = journal.appendAsync(call("900000000032", "async-3"));
            gated.gate.countDown();
            ExecutionException e = assertThrows(ExecutionException.class, () -> recorded.get(10, TimeUnit.SECONDS));
            assertEquals("the disk is full", e.getCause().getMessage());
            assertEquals(0, store.chain("900000000032", 1, 10).size(), "events of a failed write in the chain");
            // the blocking form, which the other edges use, reports the same failure
            IllegalStateException sync = assertThrows(IllegalStateException.class,
                    () -> journal.append(call("900000000032", "async-4")));
            assertEquals("audit event not written", sync.getMessage());
        } finally {
            journal.stop();
        }
    }
}
