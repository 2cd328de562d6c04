package io.rolegate.authz;

import io.rolegate.iam.Caller;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** cacheTtlSeconds never exceeds the revocation bound: checked at start, and capped by the session's lifetime. */
class DownstreamSettingsTest {
    @Test
    void theTtlPlusThePollIntervalMustStayWithinTheRevocationBound() {
        assertEquals(3, new DownstreamSettings(Duration.ofSeconds(3), Duration.ofSeconds(2)).cacheTtlSeconds());
        assertEquals(0, new DownstreamSettings(Duration.ZERO, Duration.ofSeconds(2)).cacheTtlSeconds());
        assertEquals(4, new DownstreamSettings(Duration.ofSeconds(4), Duration.ofSeconds(1)).cacheTtlSeconds());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new DownstreamSettings(Duration.ofSeconds(4), Duration.ofSeconds(2)));
        assertTrue(e.getMessage().contains("rolegate.authorize.cache-ttl"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> new DownstreamSettings(Duration.ofSeconds(1), Duration.ofSeconds(6)));
        assertThrows(IllegalStateException.class, () -> new DownstreamSettings(Duration.ofSeconds(-1), Duration.ofSeconds(2)));
    }

    @Test
    void theTtlNeverOutlivesTheSession() {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        assertEquals(3, DownstreamAuthorization.cacheTtlSeconds(3, null, now), "long-term keys: the configured TTL");
        assertEquals(3, DownstreamAuthorization.cacheTtlSeconds(3, session(now.plusSeconds(3600)), now));
        assertEquals(2, DownstreamAuthorization.cacheTtlSeconds(3, session(now.plusSeconds(2)), now));
        assertEquals(0, DownstreamAuthorization.cacheTtlSeconds(3, session(now.minusSeconds(1)), now));
    }

    static Caller.SessionInfo session(Instant expiresAt) {
        return new Caller.SessionInfo(Caller.SessionKind.ASSUMED_ROLE, "AROAEXAMPLE", "arn:aws:iam::111111111111:role/R",
                "s", expiresAt.minusSeconds(900), expiresAt, null, Map.of(), Set.of(), 0, null, null, List.of());
    }
}
