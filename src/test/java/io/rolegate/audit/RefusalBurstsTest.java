package io.rolegate.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How refusals for the rate are gathered into bursts (time injected): one event per caller and kind per second. */
class RefusalBurstsTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<ApiCall> emitted = new ArrayList<>();
    private final RefusalBursts bursts = new RefusalBursts(now::get, emitted::add);
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.100Z");

    private static ApiCall refused(String requestId, Instant at, String sourceIp, String session) {
        return ApiCall.of("sts.amazonaws.com", "AssumeRole", requestId, at).from(sourceIp, "aws-cli/2")
                .accessKeyId("AKIAEXAMPLE").request(Map.of("roleSessionName", session))
                .error("Throttling", "Rate exceeded");
    }

    private void advanceMillis(long ms) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    @Test
    void refusalsThatDifferOnlyInTimeAndIdAreOneEventAfterTheWindow() {
        bursts.add(refused("r1", T0, "10.0.0.1", "s"));
        advanceMillis(300);
        bursts.add(refused("r2", T0.plusMillis(300), "10.0.0.1", "s"));
        advanceMillis(600);
        bursts.add(refused("r3", T0.plusMillis(900), "10.0.0.1", "s"));
        bursts.sweep();
        assertEquals(List.of(), emitted, "the window of the burst is not over");
        advanceMillis(100);
        bursts.sweep();
        assertEquals(1, emitted.size());
        assertEquals("r1", emitted.get(0).requestId);
        assertEquals(List.of(new RefusalBursts.Repeat(T0.plusMillis(300), "r2"),
                new RefusalBursts.Repeat(T0.plusMillis(900), "r3")), emitted.get(0).repeats);
        bursts.sweep();
        assertEquals(1, emitted.size(), "a burst is handed over once");
    }

    /** A matrix of what makes two refusals different kinds: source address and request parameters. */
    @Test
    void refusalsThatDifferInWhatTheirEventsShowAreBurstsOfTheirOwn() {
        bursts.add(refused("a", T0, "10.0.0.1", "s"));
        bursts.add(refused("b", T0, "10.0.0.2", "s"));
        bursts.add(refused("c", T0, "10.0.0.1", "other"));
        bursts.add(refused("d", T0, "10.0.0.1", "s"));
        advanceMillis(1000);
        bursts.sweep();
        assertEquals(3, emitted.size());
        ApiCall a = emitted.stream().filter(c -> c.requestId.equals("a")).findFirst().orElseThrow();
        assertEquals(List.of(new RefusalBursts.Repeat(T0, "d")), a.repeats);
        assertTrue(emitted.stream().filter(c -> !c.requestId.equals("a")).allMatch(c -> c.repeats.isEmpty()));
    }

    @Test
    void aRefusalAfterTheWindowStartsTheNextBurst() {
        bursts.add(refused("r1", T0, "10.0.0.1", "s"));
        advanceMillis(1000);
        bursts.add(refused("r2", T0.plusSeconds(1), "10.0.0.1", "s"));
        bursts.sweep();
        assertEquals(1, emitted.size(), "the first burst is closed, the second is open");
        assertEquals("r1", emitted.get(0).requestId);
        assertTrue(emitted.get(0).repeats.isEmpty());
        bursts.flush();
        assertEquals(2, emitted.size(), "shutdown hands over the open burst");
        assertEquals("r2", emitted.get(1).requestId);
    }

    @Test
    void aBurstHoldsAtMostMaxCallsSoItsEventStaysSmall() {
        for (int i = 0; i < RefusalBursts.MAX_CALLS + 1; i++) {
            bursts.add(refused("r" + i, T0, "10.0.0.1", "s"));
        }
        bursts.sweep();
        assertEquals(1, emitted.size());
        assertEquals(RefusalBursts.MAX_CALLS - 1, emitted.get(0).repeats.size());
        bursts.flush();
        assertEquals("r" + RefusalBursts.MAX_CALLS, emitted.get(1).requestId);
    }

    /** The event of a burst is the first call's, and lists the others by second: every refused call is on record. */
    @Test
    void theEventOfABurstListsTheOtherCallsTimesAndRequestIds() throws Exception {
        AuditTrail trail = new AuditTrail();
        trail.random = new SecureRandom();
        ApiCall first = refused("r1", T0, "10.0.0.1", "s");
        first.repeats = List.of(new RefusalBursts.Repeat(T0.plusMillis(400), "r2"),
                new RefusalBursts.Repeat(T0.plusMillis(850), "r3"), new RefusalBursts.Repeat(T0.plusMillis(1050), "r4"));
        List<AuditEvent> events = trail.events(first);
        assertEquals(1, events.size());
        JsonNode e = new ObjectMapper().readTree(events.get(0).record());
        assertEquals("r1", e.path("requestID").asText());
        assertEquals("2026-12-01T10:00:00Z", e.path("eventTime").asText());
        assertEquals("Throttling", e.path("errorCode").asText());
        JsonNode repeated = e.path("additionalEventData").path("repeatedRefusals");
        assertEquals(2, repeated.size());
        assertEquals("2026-12-01T10:00:00Z", repeated.get(0).path("eventTime").asText());
        assertEquals("[\"r2\",\"r3\"]", repeated.get(0).path("requestIDs").toString());
        assertEquals("2026-12-01T10:00:01Z", repeated.get(1).path("eventTime").asText());
        assertEquals("[\"r4\"]", repeated.get(1).path("requestIDs").toString());
        assertFalse(new ObjectMapper().readTree(trail.events(refused("x", T0, "10.0.0.1", "s")).get(0).record())
                .has("additionalEventData"), "a lone refusal is a plain event");
    }
}
