package io.rolegate.iam;

import io.rolegate.policy.RequestContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The per-request context: the hand-written time format and the builder that hands its map to the context. */
class RequestContextsTest {

    @Test
    void isoIsIsoInstantOfTheWholeSecond() {
        for (String t : List.of("2026-12-01T08:20:00.999Z", "1970-01-01T00:00:00Z", "2024-02-29T23:59:59.5Z",
                "1000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "0999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z")) {
            Instant i = Instant.parse(t);
            assertEquals(DateTimeFormatter.ISO_INSTANT.format(i.truncatedTo(ChronoUnit.SECONDS)), RequestContexts.iso(i), t);
        }
    }

    @Test
    void aBuiltContextDoesNotChangeWhenTheBuilderGoesOn() {
        RequestContext.Builder b = RequestContext.builder().put("aws:SourceIp", "10.0.0.1").put("aws:PrincipalTag/Team", "a");
        RequestContext first = b.build();
        RequestContext second = b.put("aws:SourceIp", "10.0.0.2").remove("aws:principaltag/team").build();
        assertEquals(List.of("10.0.0.1"), first.values("AWS:SOURCEIP"));
        assertEquals(List.of("a"), first.values("aws:principaltag/team"));
        assertEquals(List.of("10.0.0.2"), second.values("aws:sourceip"));
        assertNull(second.values("aws:PrincipalTag/Team"));
    }
}
