package io.rolegate.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Calls refused for their rate, gathered into bursts: the refusals of one caller that differ only in their time and
 * request id, within {@link #WINDOW_NANOS} of the first, become one event (the first's) that lists the others' times
 * and request ids ({@code additionalEventData.repeatedRefusals}). A tenant sending a thousand calls a second over its
 * limit so costs the trail about one event a second instead of a thousand, and every refused call is still on record
 * (README "Audit trail"). Request threads never wait here: {@link #add} only files the call, and {@link #sweep} (one
 * background thread, every {@link #SWEEP_MILLIS} ms) hands closed bursts to the journal.
 */
final class RefusalBursts {
    static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Calls per burst at most (~40 characters each in the record, far below its limit). */
    static final int MAX_CALLS = 1000;
    static final long SWEEP_MILLIS = 100;

    /** A refused call after the first of its burst: its own time and request id, the rest as the first's. */
    record Repeat(Instant eventTime, String requestId) {
    }

    /** What the calls of a burst have in common: everything their events show but time and ids. */
    private record Key(String eventSource, String eventName, String errorCode, String errorMessage, String region,
                       String sourceIp, String userAgent, String callerArn, String callerKeyId,
                       Map<String, Object> identity, String accessKeyId, String recipient, List<String> recipients,
                       String resourceAccount, Map<String, Object> requestParameters, String resourceType,
                       String resourceName, Boolean readOnly) {
        static Key of(ApiCall c) {
            return new Key(c.eventSource, c.eventName, c.errorCode, c.errorMessage, c.region, c.sourceIp, c.userAgent,
                    c.caller == null ? null : c.caller.arn(), c.caller == null ? null : c.caller.accessKeyId(),
                    c.identity, c.accessKeyId, c.recipientAccountId, c.recipientAccountIds, c.resourceAccountId,
                    c.requestParameters, c.resourceType, c.resourceName, c.readOnly);
        }
    }

    private static final class Burst {
        final ApiCall first;
        final long startedNanos;
        final List<Repeat> repeats = new ArrayList<>();

        Burst(ApiCall first, long startedNanos) {
            this.first = first;
            this.startedNanos = startedNanos;
        }

        boolean closedAt(long now) {
            return now - startedNanos >= WINDOW_NANOS || repeats.size() + 1 >= MAX_CALLS;
        }
    }

    private final Map<Key, Burst> open = new ConcurrentHashMap<>();
    private final Queue<Burst> closed = new ConcurrentLinkedQueue<>();
    private final LongSupplier nanos;
    /** Receives each closed burst as its first call with the repeats attached; may wait (sweeping thread only). */
    private final Consumer<ApiCall> emit;

    RefusalBursts(LongSupplier nanos, Consumer<ApiCall> emit) {
        this.nanos = nanos;
        this.emit = emit;
    }

    /** Files a refused call: in the open burst of its kind, or as the first of a new one. Never waits. */
    void add(ApiCall call) {
        long now = nanos.getAsLong();
        open.compute(Key.of(call), (k, burst) -> {
            if (burst != null && !burst.closedAt(now)) {
                burst.repeats.add(new Repeat(call.eventTime, call.requestId));
                return burst;
            }
            if (burst != null) {
                closed.add(burst);
            }
            return new Burst(call, now);
        });
    }

    /** Closes the bursts whose window is over and hands every closed burst to the journal, oldest first. */
    void sweep() {
        long now = nanos.getAsLong();
        closeAndEmit(burst -> burst.closedAt(now));
    }

    /** Closes and hands over every burst (shutdown). */
    void flush() {
        closeAndEmit(burst -> true);
    }

    private void closeAndEmit(java.util.function.Predicate<Burst> closing) {
        for (Key k : open.keySet()) {
            open.computeIfPresent(k, (key, burst) -> {
                if (!closing.test(burst)) {
                    return burst;
                }
                closed.add(burst);
                return null;
            });
        }
        emitClosed();
    }

    private void emitClosed() {
        for (Burst b = closed.poll(); b != null; b = closed.poll()) {
            b.first.repeats = List.copyOf(b.repeats);
            emit.accept(b.first);
        }
    }
}
