package io.rolegate.api;

import io.rolegate.credentials.RotationPolicy;
import io.rolegate.credentials.SigningAlgorithm;
import io.rolegate.credentials.SigningKey;
import io.rolegate.credentials.SigningKeyFactory;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Readiness is DOWN when the database does not answer or no current key signs (the database side: StoreProbeTest). */
class ReadinessCheckTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final RotationPolicy POLICY = RotationPolicy.defaults(); // 24 h + 1 h propagation

    private static SigningKey activeSince(Instant at) {
        return new SigningKeyFactory(new SecureRandom()).newKey(SigningAlgorithm.ES256, at).activate(at);
    }

    @Test
    void upWithAnAnsweringDatabaseAndACurrentKey() {
        assertNull(ReadinessCheck.keyProblem(activeSince(T0), POLICY, T0.plus(Duration.ofHours(24))));
        HealthCheckResponse r = ReadinessCheck.report(null, null);
        assertEquals(HealthCheckResponse.Status.UP, r.getStatus());
    }

    @Test
    void downWhenTheDatabaseDoesNotAnswer() {
        HealthCheckResponse r = ReadinessCheck.report("Connection refused", null);
        assertEquals(HealthCheckResponse.Status.DOWN, r.getStatus());
        assertEquals("Connection refused", r.getData().orElseThrow().get("database"));
    }

    @Test
    void downWithoutAKeyOrWithOneRotationLeftBehind() {
        assertEquals("no active signing key", ReadinessCheck.keyProblem(null, POLICY, T0));
        String stale = ReadinessCheck.keyProblem(activeSince(T0), POLICY, T0.plus(Duration.ofHours(25)).plusSeconds(1));
        assertTrue(stale.contains("overdue for rotation"), stale);
        assertEquals(HealthCheckResponse.Status.DOWN, ReadinessCheck.report(null, stale).getStatus());
    }
}
